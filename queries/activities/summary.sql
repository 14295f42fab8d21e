-- Activities held in a window and scope: how many, how many person-visits, per 1,000 residents, when
-- they were held and who helped. activities and person_visits equal overview/kpis's.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $ext_spans (extended hours, see in_extended_hours), $with_floating (BOOLEAN: the population
--         counts the floating population as well as the residents)
-- columns: activities, person_visits, visits_per_activity, residents, floating, population,
--          activities_per_1000, visits_per_1000, weekend, weekend_share, extended, extended_share,
--          volunteers, partners, centres_active
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
a as (
    select a.*,
           isodow(a.date) >= 6 as is_weekend,
           in_extended_hours(a.date, a.start_time, $ext_spans) as is_extended,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
),
pop as (
    -- the communities in scope (with a centre filter: those holding a centre in scope)
    select coalesce(sum(residents), 0)::bigint as residents, coalesce(sum(floating), 0)::bigint as floating,
    from regions
    where level = 'community'
      and community_in_scope(code, $region, $centre_id, $centre_type, $pilot_batch)
),
agg as (
    select count(*) as activities,
           coalesce(sum(participants), 0)::bigint as person_visits,
           count(*) filter (where is_weekend) as weekend,
           count(*) filter (where is_extended) as extended,
           coalesce(sum(volunteers), 0)::bigint as volunteers,
           count(distinct nullif(trim(partner), '')) as partners,
           count(distinct centre_id) as centres_active,
    from a
)
select
    agg.activities,
    agg.person_visits,
    agg.person_visits / nullif(agg.activities, 0) as visits_per_activity,
    pop.residents,
    pop.floating,
    population_of(pop.residents, pop.floating, $with_floating) as population,
    1000.0 * agg.activities / nullif(population, 0) as activities_per_1000,
    1000.0 * agg.person_visits / nullif(population, 0) as visits_per_1000,
    agg.weekend,
    agg.weekend / nullif(agg.activities, 0) as weekend_share,
    agg.extended,
    agg.extended / nullif(agg.activities, 0) as extended_share,
    agg.volunteers,
    agg.partners,
    agg.centres_active,
from agg, pop
