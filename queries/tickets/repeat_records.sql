-- The tickets of a repeat group (or any list of ticket ids), oldest first, in scope.
-- Personal columns come unmasked: the page masks them for the viewer's role.
-- params: $ticket_ids, $region, $centre_id, $centre_type, $pilot_batch
-- columns: ticket_id, reported_at, closed_at, status, street, community, grid_code, category,
--          subcategory, department, description, reporter_address, satisfaction
select t.ticket_id, t.reported_at, t.closed_at, t.status, s.name as street, r.name as community, t.grid_code,
       t.category, t.subcategory, t.department, t.description, t.reporter_address, t.satisfaction
from tickets t
left join regions r on r.code = t.community_code
left join regions s on s.code = r.parent_code
where list_contains($ticket_ids::varchar[], t.ticket_id)
  and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
order by t.reported_at, t.ticket_id
