-- The overview's KPIs by month, for the trend lines, up to the data's newest record ($as_of): a month after it
-- is left out, not shown as zeros. Each month's row equals overview/kpis for that
-- month (a contract test holds them together). Tickets from the monthly ticket rollup (014), services from
-- the monthly services rollup (011), as there.
-- params: $date_from, $date_to (DATE, exclusive; whole months are reported), $as_of, $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), activities, person_visits, services, online_share, received, closed,
--          median_hours_to_close, on_time_rate, satisfaction_rate
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
months as (
    select * from window_months($date_from, $date_to, $as_of)
),
act as (
    select date_trunc('month', a.date)::date as month, count(*) as activities,
           sum(participants) as person_visits,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by 1
),
svc as (
    -- the monthly services rollup (011): whole months, and the daily rollup's edge days of a custom window
    select r.month, sum(n) as services,
           sum(n) filter (where channel in ('网上办', '掌上办')) as online_services,
    from services_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
    group by 1
),
tickets_in as (
    -- the monthly ticket rollup (014): whole months, and the records of the window's edge days
    select * from tickets_monthly_in($date_from, $date_to, $as_of) r
    where community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
),
overdue as (
    -- open and past the deadline at $as_of (the one count that depends on "now"), from the open records
    select date_trunc('month', t.reported_at)::date as month, count(*) as overdue_n,
    from tickets t
    where t.reported_at >= $date_from and t.reported_at < $date_to
      and t.status = 'open' and t.due_at < $as_of
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
),
flow as (
    select r.month, sum(r.n) as received, sum(r.closed_flow) as closed,
           sum(r.on_time_n) / nullif(sum(r.on_time_n + r.late_n) + any_value(coalesce(o.overdue_n, 0)), 0)
               as on_time_rate,
           sum(r.satisfied_n) / nullif(sum(r.rated_n), 0) as satisfaction_rate,
    from tickets_in r
    left join overdue o using (month)
    group by r.month
),
close_median as (
    -- the median hours to close: from the histograms of hours to close by street (017) for a street or wider,
    -- else the records
    select month, hist_quantile(bucket, cum, n, tot, 0.5) as median_hours_to_close,
    from (
        select month, bucket, sum(n) as n,
               sum(sum(n)) over (partition by month order by bucket rows unbounded preceding) as cum,
               sum(sum(n)) over (partition by month) as tot,
        from ticket_close_hist_in($date_from, $date_to, $as_of) h
        where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
          and starts_with(h.street_code, left($region, 9))
        group by month, bucket
    )
    where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
    group by month
    union all
    select date_trunc('month', f.reported_at)::date, median(hours_to_close) filter (where is_closed),
    from ticket_facts($as_of) f
    where not hist_scope($region, $centre_id, $centre_type, $pilot_batch)
      and f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
),
cohort as (
    select month, flow.on_time_rate, flow.satisfaction_rate, m.median_hours_to_close,
    from flow
    full outer join close_median m using (month)
)
select
    months.month,
    coalesce(act.activities, 0) as activities,
    coalesce(act.person_visits, 0) as person_visits,
    coalesce(svc.services, 0) as services,
    svc.online_services / nullif(svc.services, 0) as online_share,
    coalesce(flow.received, 0) as received,
    coalesce(flow.closed, 0) as closed,
    cohort.median_hours_to_close,
    cohort.on_time_rate,
    cohort.satisfaction_rate,
from months
left join act using (month)
left join svc using (month)
left join flow using (month)
left join cohort using (month)
order by months.month
