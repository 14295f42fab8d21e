-- Drill-down: the wishes behind a number of the wishes view, oldest first, at most $max_rows.
-- claimed_by may name a person: the page masks it for the viewer's role.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim,
--         $wish_group (null: every group), $wish_kind (all, claimed, unclaimed, fulfilled), $max_rows
-- columns: wish_id, community_code, community, raised_on, category, content, claimed_on, claimed_by,
--          claimer_type, fulfilled_on, status
with w as (
    select
        *,
        case $wish_dim
            when 'category' then coalesce(category, '')
            when 'street' then left(community_code, 9)
            when 'community' then community_code
            when 'claimer_type' then coalesce(claimer_type, '')
            else ''
        end as grp,
        claimed_on is not null or status in ('已认领', '已完成') as is_claimed,
        fulfilled_on is not null or status = '已完成' as is_fulfilled,
    from wishes
    where raised_on >= $date_from and raised_on < $date_to
      and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
)
select w.wish_id, w.community_code, r.name as community, w.raised_on, w.category, w.content,
       w.claimed_on, w.claimed_by, w.claimer_type, w.fulfilled_on, w.status,
from w
left join regions r on r.code = w.community_code
where ($wish_group is null or w.grp = $wish_group)
  and case $wish_kind
          when 'all' then true
          when 'claimed' then w.is_claimed
          when 'unclaimed' then not w.is_claimed
          when 'fulfilled' then w.is_fulfilled
          else false
      end
order by w.raised_on, w.wish_id
limit $max_rows
