-- The denominators of repeat rates: received tickets (not cancelled, not duplicate) reported in
-- [$date_from, $date_to) in scope, by community and department.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $category
-- columns: community_code, community, street, department, received
select coalesce(t.community_code, '') as community_code, r.name as community, s.name as street,
       coalesce(t.department, '') as department, count(*)::bigint as received
from tickets t
left join regions r on r.code = t.community_code
left join regions s on s.code = r.parent_code
where t.reported_at >= $date_from::date::timestamp and t.reported_at < $date_to::date::timestamp
  and t.status not in ('cancelled', 'duplicate')
  and ($category is null or t.category = $category)
  and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
group by all
order by community_code, department
