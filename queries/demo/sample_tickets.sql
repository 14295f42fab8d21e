-- Tickets of a region reported in [$date_from, $date_to), optionally of one source, for sample exports.
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE), $source (or NULL for every source)
-- columns: ticket_id, source, category, subcategory, grid_code, community_code, reported_at, accepted_at,
--          dispatched_at, handled_at, verified_at, closed_at, due_at, due_source, department, escalated,
--          rework_count, satisfaction, description, reporter_name, reporter_phone, status, source_status, lon, lat
select ticket_id, source, category, subcategory, grid_code, community_code, reported_at, accepted_at,
       dispatched_at, handled_at, verified_at, closed_at, due_at, due_source, department, escalated,
       rework_count, satisfaction, description, reporter_name, reporter_phone, status, source_status, lon, lat,
from tickets
where starts_with(coalesce(community_code, ''), $region)
  and reported_at >= $date_from and reported_at < $date_to
  and ($source is null or source = $source)
order by reported_at, ticket_id
