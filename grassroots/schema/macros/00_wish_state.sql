-- 微心愿 (resident wishes): when a wish counts as claimed and as fulfilled, defined once for every page
-- (the assessment, the tickets page's wishes views, the volunteers page). The importer refuses dates out of
-- order (a claim or fulfilment before raised_on, a fulfilment before the claim) but loads a status its dates
-- contradict (已完成 without a fulfilment date, 待认领 with a date) with a warning, and older tables may hold
-- any mix of dates and status; a wish counts when any of them says so:
--   fulfilled  it has a fulfilment date, or its status is 已完成
--   claimed    it has a claim date, or it is fulfilled (a fulfilled wish was claimed), or its status is 已认领
-- Both are true or false, never null (a blank or unknown status says nothing).
create or replace macro wish_is_fulfilled(fulfilled_on, status) as
    fulfilled_on is not null or coalesce(status = '已完成', false);

create or replace macro wish_is_claimed(claimed_on, fulfilled_on, status) as
    claimed_on is not null or wish_is_fulfilled(fulfilled_on, status) or coalesce(status = '已认领', false);
