-- The overview's KPIs for one window and scope. Tickets from the monthly ticket rollup (014): counts exact,
-- the median hours to close from its histograms for a street or wider (within 1% or 0.5 h, whichever is
-- larger), from the records for a narrower scope.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: activities, person_visits, services, online_services, online_share, received, closed,
--          median_hours_to_close, on_time_n, on_time_d, on_time_rate, satisfied_n, rated_n,
--          satisfaction_rate, pilots_operating
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
act as (
    select count(*) as activities, coalesce(sum(participants), 0) as person_visits,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
),
svc as (
    -- the monthly services rollup (011): whole months, and the daily rollup's edge days of a custom window
    select coalesce(sum(n), 0) as services,
           coalesce(sum(n) filter (where channel in ('网上办', '掌上办')), 0) as online_services,
    from services_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
),
tickets_in as (
    -- the monthly ticket rollup (014): whole months, and the records of a custom window's edge days
    select * from tickets_monthly_in($date_from, $date_to, $as_of) r
    where community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
),
flow as (
    select coalesce(sum(n), 0) as received, coalesce(sum(closed_flow), 0) as closed,
           coalesce(sum(on_time_n), 0) as on_time_n, coalesce(sum(on_time_n + late_n), 0) as judged_closed,
           coalesce(sum(satisfied_n), 0) as satisfied_n, coalesce(sum(rated_n), 0) as rated_n,
    from tickets_in
),
overdue as (
    -- open and past the deadline at $as_of (the one count that depends on "now"), from the open records
    select count(*) as overdue_n,
    from tickets t
    where t.reported_at >= $date_from and t.reported_at < $date_to
      and t.status = 'open' and t.due_at < $as_of
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
close_median as (
    -- the median hours to close: from the histograms of hours to close by street (017) for a street or wider,
    -- else the records
    select hist_quantile(bucket, cum, n, tot, 0.5) as median_hours_to_close,
    from (
        select bucket, sum(n) as n, sum(sum(n)) over (order by bucket rows unbounded preceding) as cum,
               sum(sum(n)) over () as tot,
        from ticket_close_hist_in($date_from, $date_to, $as_of) h
        where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
          and starts_with(h.street_code, left($region, 9))
        group by bucket
    )
    where hist_scope($region, $centre_id, $centre_type, $pilot_batch)
    union all
    select median(hours_to_close) filter (where is_closed),
    from ticket_facts($as_of) f
    where not hist_scope($region, $centre_id, $centre_type, $pilot_batch)
      and f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
cohort as (
    select
        (select max(median_hours_to_close) from close_median) as median_hours_to_close,
        flow.on_time_n,
        flow.judged_closed + overdue.overdue_n as on_time_d,
        flow.satisfied_n,
        flow.rated_n,
    from flow, overdue
),
pilots as (
    select count(*) as pilots_operating,
    from c
    where c.programme_id is not null and c.status = '运行' and c.opened_on < $date_to
)
select
    act.activities,
    act.person_visits,
    svc.services,
    svc.online_services,
    svc.online_services / nullif(svc.services, 0) as online_share,
    flow.received,
    flow.closed,
    cohort.median_hours_to_close,
    cohort.on_time_n,
    cohort.on_time_d,
    cohort.on_time_n / nullif(cohort.on_time_d, 0) as on_time_rate,
    cohort.satisfied_n,
    cohort.rated_n,
    cohort.satisfied_n / nullif(cohort.rated_n, 0) as satisfaction_rate,
    pilots.pilots_operating,
from act, svc, flow, cohort, pilots
