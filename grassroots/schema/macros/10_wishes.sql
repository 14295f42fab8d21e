-- 微心愿 (resident wishes): the wishes views' cohort, defined once for their figures and their records.

-- Wishes raised in [date_from, date_to) whose community is in scope (01_scope.sql), each with:
--   grp           what the breakdown by dim groups on: category, street (9-digit code), community
--                 (12-digit code), claimer_type; anything else: '' (one group). A missing value groups as ''.
--   is_claimed    wish_is_claimed (00_wish_state.sql): a claim or fulfilment date, or status 已认领 / 已完成
--   is_fulfilled  wish_is_fulfilled (00_wish_state.sql): a fulfilment date, or status 已完成
create or replace macro wish_cohort(date_from, date_to, r, cid, ctype, batch, dim) as table
    select
        w.*,
        case dim
            when 'category' then coalesce(w.category, '')
            when 'street' then left(w.community_code, 9)
            when 'community' then w.community_code
            when 'claimer_type' then coalesce(w.claimer_type, '')
            else ''
        end as grp,
        wish_is_claimed(w.claimed_on, w.fulfilled_on, w.status) as is_claimed,
        wish_is_fulfilled(w.fulfilled_on, w.status) as is_fulfilled,
    from wishes w
    where w.raised_on >= date_from and w.raised_on < date_to
      and community_in_scope(w.community_code, r, cid, ctype, batch);
