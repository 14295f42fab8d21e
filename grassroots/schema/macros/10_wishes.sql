-- 微心愿 (resident wishes): the wishes views' cohort, defined once for their figures and their records.

-- Wishes raised in [date_from, date_to) whose community is in scope (01_scope.sql), each with:
--   grp           what the breakdown by dim groups on: category, street (9-digit code), community
--                 (12-digit code), claimer_type; anything else: '' (one group). A missing value groups as ''.
--   is_claimed    it has a claim date, or its status says claimed or done
--   is_fulfilled  it has a fulfilment date, or its status says done
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
        w.claimed_on is not null or w.status in ('已认领', '已完成') as is_claimed,
        w.fulfilled_on is not null or w.status = '已完成' as is_fulfilled,
    from wishes w
    where w.raised_on >= date_from and w.raised_on < date_to
      and community_in_scope(w.community_code, r, cid, ctype, batch);
