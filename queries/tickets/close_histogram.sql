-- Distribution of time to close (closed tickets) beside the age of the ones still open at $as_of,
-- for the cohort reported in the window, on the same hour buckets: $hour_edges (a LIST of whole
-- hours, first 0) starts each bucket, the last is open-ended. Cancelled and duplicate tickets are left out.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $hour_edges
-- columns: bucket (1..len($hour_edges)), lo_hours, hi_hours (null: open-ended), closed_n, open_n
with c as (
    select is_closed, coalesce(hours_to_close, age_days * 24) as hours,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, '', 'month')
    where is_closed or status = 'open'
),
by_hour as (
    -- whole hours first (a few thousand rows), then buckets: the same result, far fewer lambda calls
    select floor(hours) as h, count(*) filter (where is_closed) as closed_n, count(*) filter (where not is_closed) as open_n,
    from c
    group by 1
),
counted as (
    select len(list_filter($hour_edges::double[], lambda e: e <= h)) as bucket,
           sum(closed_n) as closed_n, sum(open_n) as open_n,
    from by_hour
    group by 1
),
buckets as (
    select generate_subscripts($hour_edges::double[], 1) as bucket, unnest($hour_edges::double[]) as lo_hours
)
select
    b.bucket,
    b.lo_hours,
    ($hour_edges::double[])[b.bucket + 1] as hi_hours,
    coalesce(n.closed_n, 0)::bigint as closed_n,
    coalesce(n.open_n, 0)::bigint as open_n,
from buckets b
left join counted n using (bucket)
order by b.bucket
