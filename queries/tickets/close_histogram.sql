-- Distribution of time to close (closed tickets) beside the age of the ones still open at $as_of,
-- for the cohort reported in the window, on the same hour buckets: $hour_edges (a LIST of whole
-- hours, first 0) starts each bucket (the macro bucket_counts), the last is open-ended. Cancelled and
-- duplicate tickets are left out.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $hour_edges
-- columns: bucket (1..len($hour_edges)), lo_hours, hi_hours (null: open-ended), closed_n, open_n
with c as (
    select is_closed, coalesce(hours_to_close, age_days * 24) as hours,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, '', 'month')
    where is_closed or status = 'open'
),
by_hour as (  -- noqa: ST03
    -- whole hours first (a few thousand rows), then buckets: the same result, far fewer lambda calls
    select floor(hours) as v, count(*) filter (where is_closed) as closed_n, count(*) filter (where not is_closed) as open_n,
    from c
    group by 1
)
select bucket, lo as lo_hours, hi as hi_hours, closed_n, open_n,
from bucket_counts('by_hour', $hour_edges::double[])
order by bucket
