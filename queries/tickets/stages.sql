-- Time spent in each stage of the workflow (GB/T 30428: reported 上报 -> accepted 受理 -> dispatched
-- 派遣 -> handled 处置 -> verified 核查 -> closed 结案), for the cohort reported in the window, where
-- the source records both ends of the stage (the whole span reported -> closed is in rates).
-- n: tickets with both ends recorded and in order; out_of_order: both recorded, end before start
-- (left out of the quantiles); missing: closed tickets without one of the two ends.
-- A stage with n = 0 and missing > 0 is one the source does not record.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category
-- columns: step (1..5), stage (accept, dispatch, handle, verify, close), n, out_of_order,
--          missing, p10, p25, median, p75, p90 (hours)
with c as (
    select
        is_closed,
        date_diff('second', reported_at, accepted_at) / 3600.0 as h1,
        date_diff('second', accepted_at, dispatched_at) / 3600.0 as h2,
        date_diff('second', dispatched_at, handled_at) / 3600.0 as h3,
        date_diff('second', handled_at, verified_at) / 3600.0 as h4,
        date_diff('second', verified_at, closed_at) / 3600.0 as h5,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, '', 'month')
    where not is_void
),
agg as (
    select
        count(*) filter (where h1 >= 0) as n1, count(*) filter (where h1 < 0) as b1, count(*) filter (where is_closed and h1 is null) as m1,
        quantile_cont(h1, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h1 >= 0) as q1,
        count(*) filter (where h2 >= 0) as n2, count(*) filter (where h2 < 0) as b2, count(*) filter (where is_closed and h2 is null) as m2,
        quantile_cont(h2, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h2 >= 0) as q2,
        count(*) filter (where h3 >= 0) as n3, count(*) filter (where h3 < 0) as b3, count(*) filter (where is_closed and h3 is null) as m3,
        quantile_cont(h3, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h3 >= 0) as q3,
        count(*) filter (where h4 >= 0) as n4, count(*) filter (where h4 < 0) as b4, count(*) filter (where is_closed and h4 is null) as m4,
        quantile_cont(h4, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h4 >= 0) as q4,
        count(*) filter (where h5 >= 0) as n5, count(*) filter (where h5 < 0) as b5, count(*) filter (where is_closed and h5 is null) as m5,
        quantile_cont(h5, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h5 >= 0) as q5,
    from c
),
long as (
    select unnest([
        {'step': 1, 'stage': 'accept', 'n': n1, 'out_of_order': b1, 'missing': m1, 'q': q1},
        {'step': 2, 'stage': 'dispatch', 'n': n2, 'out_of_order': b2, 'missing': m2, 'q': q2},
        {'step': 3, 'stage': 'handle', 'n': n3, 'out_of_order': b3, 'missing': m3, 'q': q3},
        {'step': 4, 'stage': 'verify', 'n': n4, 'out_of_order': b4, 'missing': m4, 'q': q4},
        {'step': 5, 'stage': 'close', 'n': n5, 'out_of_order': b5, 'missing': m5, 'q': q5}
    ], recursive := true)
    from agg
)
select step, stage, n, out_of_order, missing,
       q[1] as p10, q[2] as p25, q[3] as median, q[4] as p75, q[5] as p90,
from long
order by step
