-- Activities per centre in a window and scope: every centre in scope that operated in the window or
-- held an activity in it. Rates are per 1,000 of the population of the area the centre serves: its
-- street for a street-level centre (a 党群服务中心 registered to a street code, or named after its
-- street, e.g. 关上街道党群服务中心), otherwise its community (the macro served_code).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $ext_spans (extended hours, see in_extended_hours), $with_floating (BOOLEAN)
-- columns: centre_id, centre, type, pilot_batch, community_code, community, street, served_code
--          (the area whose population is used), population,
--          activities, person_visits, activities_per_1000, visits_per_1000, weekend_share,
--          extended_share, activity_volunteers, partners
with c as (
    select * from placed_centres($region, $centre_id, $centre_type, $pilot_batch)
),
act as (
    select a.centre_id,
           count(*) as activities,
           coalesce(sum(a.participants), 0)::bigint as person_visits,
           count(*) filter (where isodow(a.date) >= 6) as weekend,
           count(*) filter (where in_extended_hours(a.date, a.start_time, $ext_spans)) as extended,
           coalesce(sum(a.volunteers), 0)::bigint as activity_volunteers,
           count(distinct nullif(trim(a.partner), '')) as partners,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by 1
),
served as (
    select c.centre_id, served_code(c.community_code, c.type, c.name, c.street) as served_code,
    from c
),
pop as (
    select s.centre_id, s.served_code,
           population_of(coalesce(sum(r.residents), 0), coalesce(sum(r.floating), 0), $with_floating) as population,
    from served s
    left join regions r on r.level = 'community' and starts_with(r.code, s.served_code)
    group by all
),
joined as (
    select c.centre_id, c.name as centre, c.type, c.pilot_batch, c.community_code,
           c.community, c.street, pop.served_code, pop.population,
           coalesce(act.activities, 0) as activities,
           coalesce(act.person_visits, 0) as person_visits,
           act.weekend, act.extended,
           coalesce(act.activity_volunteers, 0) as activity_volunteers,
           coalesce(act.partners, 0) as partners,
    from c
    left join act using (centre_id)
    left join pop using (centre_id)
    where operating_on(c.status, c.opened_on, $date_to::date - 1) or act.activities > 0
)
select
    centre_id, centre, type, pilot_batch, community_code, community, street, served_code, population,
    activities, person_visits,
    1000.0 * activities / nullif(population, 0) as activities_per_1000,
    1000.0 * person_visits / nullif(population, 0) as visits_per_1000,
    weekend / nullif(activities, 0) as weekend_share,
    extended / nullif(activities, 0) as extended_share,
    activity_volunteers, partners,
from joined
order by activities desc, centre_id
