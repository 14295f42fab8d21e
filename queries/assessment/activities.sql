-- Activities and person-visits per unit, with the unit's residents and resident-months (residents
-- x the window's length in months of 365.25/12 days), so a per-1,000-residents-per-month indicator
-- keeps one target whatever the period. Every unit of assessment/units appears.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $unit_level
-- columns: unit_id, residents, resident_months, activities, person_visits
with held as (
    select unit_id, sum(activities) as activities, sum(person_visits) as person_visits,
    from assessment_activities($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level)
    group by unit_id
)
select
    u.unit_id,
    u.residents,
    u.residents * date_diff('day', $date_from::date, $date_to::date) / (365.25 / 12) as resident_months,
    coalesce(held.activities, 0) as activities,
    coalesce(held.person_visits, 0) as person_visits,
from assessment_units($unit_level, $region, $centre_id, $centre_type, $pilot_batch) u
left join held using (unit_id)
order by u.unit_id
