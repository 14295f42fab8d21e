-- Per street in scope: the indicators the composite ranking (config/app.toml [[composite]]) draws on.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch
-- columns: street_code, street, residents, n_tickets, on_time_rate, closure_rate, satisfaction_rate,
--          median_hours_to_close, activities, activities_per_1000, visits_per_1000, services,
--          online_share
with streets as (
    select s.code as street_code, s.name as street,
           coalesce(sum(c.residents), 0) as residents,
    from regions s
    left join regions c on c.level = 'community' and c.parent_code = s.code
    where s.level = 'street' and (starts_with(s.code, $region) or starts_with($region, s.code))
    group by all
),
ctr as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
tk as (
    select left(f.community_code, 9) as street_code,
           count(*) as n_tickets,
           count(*) filter (where closed_on_time)
               / nullif(count(*) filter (where closed_on_time or closed_late or open_overdue), 0) as on_time_rate,
           count(*) filter (where is_closed)
               / nullif(count(*) filter (where is_closed or open_overdue), 0) as closure_rate,
           count(*) filter (where satisfaction in ('满意', '基本满意')) / nullif(count(satisfaction), 0) as satisfaction_rate,
           median(hours_to_close) filter (where is_closed) as median_hours_to_close,
    from ticket_facts($as_of) f
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
),
act as (
    select left(ctr.community_code, 9) as street_code, count(*) as activities,
           sum(a.participants) as visits,
    from activities a
    join ctr using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by 1
),
svc as (
    select left(ctr.community_code, 9) as street_code, sum(r.n) as services,
           sum(r.n) filter (where r.channel in ('网上办', '掌上办')) / nullif(sum(r.n), 0) as online_share,
    from rollup_services_daily r
    join ctr using (centre_id)
    where r.day >= $date_from and r.day < $date_to
    group by 1
)
select
    streets.street_code,
    streets.street,
    streets.residents,
    coalesce(tk.n_tickets, 0) as n_tickets,
    tk.on_time_rate,
    tk.closure_rate,
    tk.satisfaction_rate,
    tk.median_hours_to_close,
    coalesce(act.activities, 0) as activities,
    1000.0 * coalesce(act.activities, 0) / nullif(streets.residents, 0) as activities_per_1000,
    1000.0 * coalesce(act.visits, 0) / nullif(streets.residents, 0) as visits_per_1000,
    coalesce(svc.services, 0) as services,
    svc.online_share,
from streets
left join tk using (street_code)
left join act using (street_code)
left join svc using (street_code)
order by streets.street_code
