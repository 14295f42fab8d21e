-- Drill-down: the wishes behind a number of the wishes view, oldest first, at most $max_rows.
-- claimed_by may name a person: the page masks it for the viewer's role.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim,
--         $wish_group (null: every group), $wish_kind (all, claimed, unclaimed, fulfilled), $max_rows
-- columns: wish_id, community_code, community, raised_on, category, content, claimed_on, claimed_by,
--          claimer_type, fulfilled_on, status
select w.wish_id, w.community_code, r.name as community, w.raised_on, w.category, w.content,
       w.claimed_on, w.claimed_by, w.claimer_type, w.fulfilled_on, w.status,
from wish_cohort($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim) w
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
