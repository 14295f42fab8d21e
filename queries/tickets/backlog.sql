-- The open backlog at $as_of: tickets still open that were reported before the window's end (in
-- any earlier period too), by age in whole days since reported. $age_edges (a LIST of whole days,
-- first 0) starts each bucket (the macro bucket_counts), the last is open-ended: [0, 3, 8, 16, 31]
-- gives 0-2, 3-7, 8-15, 16-30, 31+. overdue_n: past their deadline at $as_of; no_due_n: without a deadline.
-- params: $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category, $age_edges
-- columns: bucket (1..len($age_edges)), lo_days, hi_days (exclusive; null: open-ended), open_n,
--          overdue_n, no_due_n
with open_now as (
    select floor(age_days) as age, open_overdue, due_at is null as no_due,
    from ticket_facts($as_of) f
    where f.status = 'open'
      and f.reported_at < $date_to
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
      and ($category is null or f.category = $category)
),
by_day as (  -- noqa: ST03
    select age as v, count(*) as open_n, count(*) filter (where open_overdue) as overdue_n, count(*) filter (where no_due) as no_due_n,
    from open_now
    group by 1
)
select bucket, lo as lo_days, hi as hi_days, open_n, overdue_n, no_due_n,
from bucket_counts('by_day', $age_edges::integer[])
order by bucket
