-- The overview's KPIs for one window and scope.
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
    select coalesce(sum(n), 0) as services,
           coalesce(sum(n) filter (where channel in ('网上办', '掌上办')), 0) as online_services,
    from rollup_services_daily r
    join c using (centre_id)
    where r.day >= $date_from and r.day < $date_to
),
flow as (
    select coalesce(sum(received), 0) as received, coalesce(sum(closed), 0) as closed,
    from rollup_tickets_daily r
    where r.day >= $date_from and r.day < $date_to
      and community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
),
cohort as (
    select
        median(hours_to_close) filter (where is_closed) as median_hours_to_close,
        count(*) filter (where closed_on_time) as on_time_n,
        count(*) filter (where closed_on_time or closed_late or open_overdue) as on_time_d,
        count(*) filter (where satisfaction in ('满意', '基本满意')) as satisfied_n,
        count(satisfaction) as rated_n,
    from ticket_facts($as_of) f
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
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
