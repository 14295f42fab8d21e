-- Time spent in each stage of the workflow (GB/T 30428: reported 上报 -> accepted 受理 -> dispatched
-- 派遣 -> handled 处置 -> verified 核查 -> closed 结案), for the cohort reported in the window, where
-- the source records both ends of the stage (the whole span reported -> closed is in rates).
-- n: tickets with both ends recorded and in order; out_of_order: both recorded, end before start
-- (left out of the quantiles); missing: closed tickets without one of the two ends.
-- A stage with n = 0 and missing > 0 is one the source does not record.
-- Counts from the monthly ticket rollup (014), exact; quantiles from its histograms for a street or wider
-- (within 1% or 0.5 h, whichever is larger), from the records for a narrower scope.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category
-- columns: step (1..5), stage (accept, dispatch, handle, verify, close), n, out_of_order,
--          missing, p10, p25, median, p75, p90 (hours)
with sums as (
    select
        sum(r.stage1_n) as n1, sum(r.stage1_out_of_order) as b1, sum(r.stage1_missing) as m1,
        sum(r.stage2_n) as n2, sum(r.stage2_out_of_order) as b2, sum(r.stage2_missing) as m2,
        sum(r.stage3_n) as n3, sum(r.stage3_out_of_order) as b3, sum(r.stage3_missing) as m3,
        sum(r.stage4_n) as n4, sum(r.stage4_out_of_order) as b4, sum(r.stage4_missing) as m4,
        sum(r.stage5_n) as n5, sum(r.stage5_out_of_order) as b5, sum(r.stage5_missing) as m5,
    from tickets_monthly_in($date_from, $date_to, $as_of) r
    where community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
      and ($category is null or r.category = $category)
),
counts as (
    select unnest([
        {'step': 1, 'n': n1, 'out_of_order': b1, 'missing': m1},
        {'step': 2, 'n': n2, 'out_of_order': b2, 'missing': m2},
        {'step': 3, 'n': n3, 'out_of_order': b3, 'missing': m3},
        {'step': 4, 'n': n4, 'out_of_order': b4, 'missing': m4},
        {'step': 5, 'n': n5, 'out_of_order': b5, 'missing': m5}
    ], recursive := true)
    from sums
),
hist as (
    select h.measure as step, h.bucket, sum(h.n) as n,
           sum(sum(h.n)) over (partition by h.measure order by h.bucket rows unbounded preceding) as cum,
           sum(sum(h.n)) over (partition by h.measure) as tot,
    from ticket_hist_in($date_from, $date_to, $as_of) h
    where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
      and h.measure between 1 and 5
      and starts_with(h.street_code, left($region, 9))
      and ($category is null or h.category = $category)
    group by h.measure, h.bucket
),
from_hist as (
    select step,
           [hist_quantile(bucket, cum, n, tot, 0.1), hist_quantile(bucket, cum, n, tot, 0.25),
            hist_quantile(bucket, cum, n, tot, 0.5), hist_quantile(bucket, cum, n, tot, 0.75),
            hist_quantile(bucket, cum, n, tot, 0.9)] as q,
    from hist
    where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
    group by step
),
c as (
    select
        date_diff('second', reported_at, accepted_at) / 3600.0 as h1,
        date_diff('second', accepted_at, dispatched_at) / 3600.0 as h2,
        date_diff('second', dispatched_at, handled_at) / 3600.0 as h3,
        date_diff('second', handled_at, verified_at) / 3600.0 as h4,
        date_diff('second', verified_at, closed_at) / 3600.0 as h5,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, '', 'month')
    where not hist_scope($region, $centre_id, $centre_type, $pilot_batch)
      and not is_void
),
from_records as (
    select unnest([
        {'step': 1, 'q': quantile_cont(h1, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h1 >= 0)},
        {'step': 2, 'q': quantile_cont(h2, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h2 >= 0)},
        {'step': 3, 'q': quantile_cont(h3, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h3 >= 0)},
        {'step': 4, 'q': quantile_cont(h4, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h4 >= 0)},
        {'step': 5, 'q': quantile_cont(h5, [0.1, 0.25, 0.5, 0.75, 0.9]) filter (where h5 >= 0)}
    ], recursive := true)
    from c
    having not hist_scope($region, $centre_id, $centre_type, $pilot_batch)
),
q as (
    select step, q from from_hist
    union all
    select step, q from from_records
)
select s.step, s.stage, coalesce(c.n, 0)::bigint as n, coalesce(c.out_of_order, 0)::bigint as out_of_order,
       coalesce(c.missing, 0)::bigint as missing,
       q.q[1] as p10, q.q[2] as p25, q.q[3] as median, q.q[4] as p75, q.q[5] as p90,
from (values (1, 'accept'), (2, 'dispatch'), (3, 'handle'), (4, 'verify'), (5, 'close')) s(step, stage)  -- noqa: LT01
left join counts c on c.step = s.step
left join q on q.step = s.step
order by s.step
