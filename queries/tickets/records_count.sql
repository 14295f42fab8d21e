-- How many ticket records the drill-down (records) matches in all, however many it returns.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $group, $kind, $closed_from, $closed_to, $age_min, $age_max, $hours_min,
--         $hours_max, $escalated_only, $own_due_only (on time, late and overdue judged by tickets' own
--         deadlines only, as tickets/rates with it)
-- columns: matched
select count(*) as matched,
from ticket_drill($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                  $category, $dim, $grain, $group, $kind, $closed_from, $closed_to, $age_min,
                  $age_max, $hours_min, $hours_max, $escalated_only)
where not $own_due_only or $kind not in ('on_time', 'late', 'overdue') or due_source = 'ticket'
