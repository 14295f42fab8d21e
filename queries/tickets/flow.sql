-- Tickets received, closed and voided per day, week or month of the window, with the open backlog
-- at the end of each bucket. Counted from the monthly ticket rollup (014) exactly as the overview counts
-- received and closed, so the pages agree: received = reported that day (cancelled and duplicates
-- excluded), closed = closed that day, void_n = cancelled or duplicate by reported day, and
-- open_at_end = every ticket received up to the bucket's end minus every ticket closed by then.
-- Sums are taken per community first and the scope applied to those sums; day and week buckets read
-- the window's records.
-- A window running past $as_of (the data's newest record) takes its last month whole from the rollup, and its
-- buckets stop at that record: a day after it is not a day without tickets but one not imported yet.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category, $grain
-- columns: bucket (DATE: first day of the bucket, clipped to the window), bucket_end (DATE, exclusive,
--          clipped), received, closed, void_n, escalated_n, open_at_end
with step as (
    select case $grain when 'day' then interval 1 day when 'week' then interval 7 day else interval 1 month end as width
),
before as (
    -- the backlog when the window opens: everything received before it minus everything closed
    select coalesce(sum(b.open_n), 0) as open_before
    from (
        select community_code, sum(n) - sum(closed_flow) as open_n,
        from tickets_monthly_in('0001-01-01'::date, $date_from, $date_from)
        where ($category is null or category = $category)
        group by community_code
    ) b
    where community_in_scope(nullif(b.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
),
per_day as (
    -- by month: the monthly ticket rollup (014) with the records of the window's edge days; by day or
    -- week: the window's records
    select d.bucket, sum(d.received) as received, sum(d.closed) as closed, sum(d.void_n) as void_n,
           sum(d.escalated_n) as escalated_n,
    from (
        select month as bucket, community_code, sum(n) as received, sum(closed_flow) as closed,
               sum(void_n) as void_n, sum(escalated_n) as escalated_n,
        from tickets_monthly_in($date_from, $date_to, $as_of)
        where $grain = 'month' and ($category is null or category = $category)
        group by all
        union all
        select date_trunc($grain, t.reported_at)::date, coalesce(t.community_code, ''),
               count(*) filter (where t.status not in ('cancelled', 'duplicate')), 0,
               count(*) filter (where t.status in ('cancelled', 'duplicate')),
               count(*) filter (where t.escalated and t.status not in ('cancelled', 'duplicate')),
        from tickets t
        where $grain <> 'month' and t.reported_at >= $date_from and t.reported_at < $date_to
          and ($category is null or t.category = $category)
        group by all
        union all
        select date_trunc($grain, t.closed_at)::date, coalesce(t.community_code, ''), 0, count(*), 0, 0,
        from tickets t
        where $grain <> 'month' and t.status = 'closed' and t.closed_at >= $date_from and t.closed_at < $date_to
          and ($category is null or t.category = $category)
        group by all
    ) d
    where community_in_scope(nullif(d.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
    group by d.bucket
),
buckets as (
    select unnest(generate_series(date_trunc($grain, $date_from::date)::timestamp,
                                  (data_to($date_to, $as_of) - interval 1 day)::timestamp,
                                  (select width from step)))::date as bucket
    where data_to($date_to, $as_of) > $date_from::date
)
select
    greatest(b.bucket, $date_from::date) as bucket,
    least((b.bucket + (select width from step))::date, data_to($date_to, $as_of)) as bucket_end,
    coalesce(p.received, 0)::bigint as received,
    coalesce(p.closed, 0)::bigint as closed,
    coalesce(p.void_n, 0)::bigint as void_n,
    coalesce(p.escalated_n, 0)::bigint as escalated_n,
    ((select open_before from before)
        + sum(coalesce(p.received, 0) - coalesce(p.closed, 0)) over (order by b.bucket))::bigint as open_at_end,
from buckets b
left join per_day p using (bucket)
order by b.bucket
