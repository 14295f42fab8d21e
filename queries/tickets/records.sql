-- Drill-down: the ticket records behind a number of the tickets page (the macro ticket_drill
-- says which), oldest first, at most $max_rows (records_count gives how many match in all).
-- Personal columns come unmasked: the page masks them for the viewer's role before showing or
-- exporting anything.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $group, $kind, $closed_from, $closed_to, $age_min, $age_max, $hours_min,
--         $hours_max, $escalated_only, $own_due_only (on time, late and overdue judged by tickets' own
--         deadlines only, as tickets/rates with it: an SLA deadline counts as none), $max_rows
-- columns: ticket_id, source, category, subcategory, grid_code, community_code, street, community,
--          reported_at, accepted_at, dispatched_at, handled_at, verified_at, closed_at, due_at,
--          due_source, department, escalated, rework_count, reopen_count, satisfaction, description,
--          reporter_name, reporter_phone, reporter_id_number, reporter_address, status, source_status,
--          hours_to_close, age_days, deadline_state (on_time, late, overdue, pending, no_due, void)
with c as (
    select *
    from ticket_drill($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                      $category, $dim, $grain, $group, $kind, $closed_from, $closed_to, $age_min,
                      $age_max, $hours_min, $hours_max, $escalated_only)
    where not $own_due_only or $kind not in ('on_time', 'late', 'overdue') or due_source = 'ticket'
    order by reported_at, ticket_id
    limit $max_rows
)
select
    c.ticket_id, c.source, c.category, c.subcategory, c.grid_code, c.community_code,
    s.name as street, r.name as community,
    c.reported_at, c.accepted_at, c.dispatched_at, c.handled_at, c.verified_at, c.closed_at,
    c.due_at, c.due_source, c.department, c.escalated, c.rework_count, c.reopen_count,
    c.satisfaction, c.description,
    c.reporter_name, c.reporter_phone, c.reporter_id_number, c.reporter_address,
    c.status, c.source_status,
    c.hours_to_close, c.age_days,
    case when c.is_void then 'void'
         when own_deadline(c.closed_on_time, $own_due_only, c.due_source) then 'on_time'
         when own_deadline(c.closed_late, $own_due_only, c.due_source) then 'late'
         when own_deadline(c.open_overdue, $own_due_only, c.due_source) then 'overdue'
         when c.due_at is null or ($own_due_only and c.due_source is distinct from 'ticket') then 'no_due'
         else 'pending' end as deadline_state,
from c
left join regions r on r.code = c.community_code
left join regions s on s.code = left(c.community_code, 9)
order by c.reported_at, c.ticket_id
