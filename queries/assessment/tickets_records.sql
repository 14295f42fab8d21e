-- The tickets behind one unit's ticket figures: one row per ticket, with a flag per count of
-- assessment/tickets (true: the ticket counts in it). Personal columns are masked by the page.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch,
--         $unit_level, $unit_id
-- columns: ticket_id, community_code, category, subcategory, source, department, reported_at,
--          accepted_at, closed_at, due_at, status, hours_to_close, age_days, rework_count,
--          satisfaction, reporter_name, reporter_phone, closed, due, on_time_n, on_time_d, accepted,
--          reworked, satisfied, rated, escalated
select * exclude (unit_id),
from assessment_tickets($as_of, $date_from, $date_to, unit_scope($unit_level, $unit_id, $region), $centre_id,
                        $centre_type, $pilot_batch, $unit_level)
where unit_id = $unit_id
order by reported_at, ticket_id
