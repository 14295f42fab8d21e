-- The open backlog at $as_of: tickets still open that were reported before the window's end (in
-- any earlier period too), by age in whole days since reported. $age_edges (a LIST of whole days,
-- first 0) starts each bucket, the last is open-ended: [0, 3, 8, 16, 31] gives 0-2, 3-7, 8-15,
-- 16-30, 31+. overdue_n: past their deadline at $as_of; no_due_n: without a deadline.
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
by_day as (
    select age, count(*) as open_n, count(*) filter (where open_overdue) as overdue_n, count(*) filter (where no_due) as no_due_n,
    from open_now
    group by 1
),
counted as (
    select len(list_filter($age_edges::integer[], lambda e: e <= age)) as bucket,
           sum(open_n) as open_n, sum(overdue_n) as overdue_n, sum(no_due_n) as no_due_n,
    from by_day
    group by 1
),
buckets as (
    select generate_subscripts($age_edges::integer[], 1) as bucket, unnest($age_edges::integer[]) as lo_days
)
select
    b.bucket,
    b.lo_days,
    ($age_edges::integer[])[b.bucket + 1] as hi_days,
    coalesce(n.open_n, 0)::bigint as open_n,
    coalesce(n.overdue_n, 0)::bigint as overdue_n,
    coalesce(n.no_due_n, 0)::bigint as no_due_n,
from buckets b
left join counted n using (bucket)
order by b.bucket
