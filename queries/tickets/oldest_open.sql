-- The oldest tickets still open at $as_of (reported before the window's end, in scope), oldest
-- first, with how long past their deadline they are. No personal data.
-- params: $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category, $max_rows
-- columns: ticket_id, reported_at, category, subcategory, community_code, community, department,
--          source, escalated, due_at, due_source, age_days, overdue_days (null: not yet due or no deadline)
select
    f.ticket_id,
    f.reported_at,
    f.category,
    f.subcategory,
    f.community_code,
    r.name as community,
    f.department,
    f.source,
    f.escalated,
    f.due_at,
    f.due_source,
    f.age_days,
    case when f.open_overdue then date_diff('second', f.due_at, $as_of) / 86400.0 end as overdue_days,
from ticket_facts($as_of) f
left join regions r on r.code = f.community_code
where f.status = 'open'
  and f.reported_at < $date_to
  and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
  and ($category is null or f.category = $category)
order by f.reported_at, f.ticket_id
limit $max_rows
