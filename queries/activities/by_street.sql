-- Activities per street (街道/乡镇) in a window and scope, per 1,000 of the population of the street's
-- communities in scope. activities and residents equal assessment/activities's at street level.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $with_floating (BOOLEAN: count the floating population too)
-- columns: street_code, street, residents, floating, population, centres, activities, person_visits,
--          activities_per_1000, visits_per_1000
with streets as (
    select s.code as street_code, s.name as street,
           coalesce(sum(cm.residents), 0)::bigint as residents,
           coalesce(sum(cm.floating), 0)::bigint as floating,
    from regions s
    left join regions cm
        on cm.level = 'community' and cm.parent_code = s.code
       and community_in_scope(cm.code, $region, $centre_id, $centre_type, $pilot_batch)
    where s.level = 'street' and (starts_with(s.code, $region) or starts_with($region, s.code))
    group by all
),
c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
act as (
    select left(c.community_code, 9) as street_code, count(*) as activities,
           coalesce(sum(a.participants), 0)::bigint as person_visits,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by 1
),
ctr as (
    select left(community_code, 9) as street_code, count(*) as centres,
    from c
    group by 1
),
joined as (
    select streets.*,
           population_of(streets.residents, streets.floating, $with_floating) as population,
           coalesce(ctr.centres, 0) as centres,
           coalesce(act.activities, 0) as activities,
           coalesce(act.person_visits, 0) as person_visits,
    from streets
    left join act using (street_code)
    left join ctr using (street_code)
)
select
    street_code, street, residents, floating, population, centres, activities, person_visits,
    1000.0 * activities / nullif(population, 0) as activities_per_1000,
    1000.0 * person_visits / nullif(population, 0) as visits_per_1000,
from joined
where centres > 0 or activities > 0
order by street_code
