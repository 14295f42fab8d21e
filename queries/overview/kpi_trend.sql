-- The overview's KPIs by month, for the trend lines. Each month's row equals overview/kpis for that
-- month (a contract test holds them together).
-- params: $date_from, $date_to (DATE, exclusive; whole months are reported), $as_of, $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), activities, person_visits, services, online_share, received, closed,
--          median_hours_to_close, on_time_rate, satisfaction_rate
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
months as (
    select unnest(generate_series(date_trunc('month', $date_from::date), $date_to::date - interval 1 day, interval 1 month))::date as month
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
    select date_trunc('month', r.day)::date as month, sum(n) as services,
           sum(n) filter (where channel in ('网上办', '掌上办')) as online_services,
    from rollup_services_daily r
    join c using (centre_id)
    where r.day >= $date_from and r.day < $date_to
    group by 1
),
flow as (
    select date_trunc('month', r.day)::date as month, sum(received) as received, sum(closed) as closed,
    from rollup_tickets_daily r
    where r.day >= $date_from and r.day < $date_to
      and community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
),
cohort as (
    select
        date_trunc('month', f.reported_at)::date as month,
        median(hours_to_close) filter (where is_closed) as median_hours_to_close,
        count(*) filter (where closed_on_time)
            / nullif(count(*) filter (where closed_on_time or closed_late or open_overdue), 0) as on_time_rate,
        count(*) filter (where satisfaction in ('满意', '基本满意')) / nullif(count(satisfaction), 0) as satisfaction_rate,
    from ticket_facts($as_of) f
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
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
