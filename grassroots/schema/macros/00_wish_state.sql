-- 微心愿 (resident wishes): when a wish counts as claimed and as fulfilled, defined once for every page
-- (the assessment, the tickets page's wishes views, the volunteers page). The importer checks each field
-- alone (status one of 待认领 / 已认领 / 已完成 or blank; dates not before raised_on), never one against
-- another, so any mix of dates and status can be in the table; a wish counts when any of them says so:
--   fulfilled  it has a fulfilment date, or its status is 已完成
--   claimed    it has a claim date, or it is fulfilled (a fulfilled wish was claimed), or its status is 已认领
-- Both are true or false, never null (a blank or unknown status says nothing).
create or replace macro wish_is_fulfilled(fulfilled_on, status) as
    fulfilled_on is not null or coalesce(status = '已完成', false);

create or replace macro wish_is_claimed(claimed_on, fulfilled_on, status) as
    claimed_on is not null or wish_is_fulfilled(fulfilled_on, status) or coalesce(status = '已认领', false);
