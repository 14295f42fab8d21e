-- The 督办 list at a moment: tickets open at $at that are past their deadline by more than
-- $margin_days, or escalated (吹哨) and not yet closed. A ticket open then and closed later still counts
-- for a past moment (the list of a past month is the list as it stood at that month's end). Tickets
-- of repeat-complaint groups ($repeat_ids, VARCHAR[]) open at $at are listed too.
-- params: $at (TIMESTAMP), $margin_days (DOUBLE), $repeat_ids (VARCHAR[]), $region, $centre_id, $centre_type, $pilot_batch
-- columns: ticket_id, overdue (boolean), escalated (boolean), is_repeat (boolean), days_overdue (double or null), category,
--          subcategory, department, community_code, community_name, street_code, street_name,
--          reported_at, due_at
with open_then as (
    select t.*,
           case when t.due_at is not null and t.due_at < $at
                then date_diff('second', t.due_at, $at) / 86400.0 end as days_over,
    from tickets t
    where t.status not in ('cancelled', 'duplicate')
      and t.reported_at < $at
      and (t.closed_at is null or t.closed_at >= $at)
      and (t.status = 'open' or t.closed_at is not null)
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
)
select
    o.ticket_id,
    coalesce(o.days_over > $margin_days, false) as overdue,
    o.escalated,
    list_contains(coalesce($repeat_ids, []::varchar[]), o.ticket_id) as is_repeat,
    o.days_over as days_overdue,
    o.category,
    o.subcategory,
    o.department,
    o.community_code,
    c.name as community_name,
    s.code as street_code,
    s.name as street_name,
    o.reported_at,
    o.due_at,
from open_then o
left join regions c on c.code = o.community_code
left join regions s on s.code = left(o.community_code, 9)
where coalesce(o.days_over > $margin_days, false) or o.escalated
   or list_contains(coalesce($repeat_ids, []::varchar[]), o.ticket_id)
order by o.days_over desc nulls last, o.ticket_id
