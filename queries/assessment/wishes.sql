-- Resident wishes (微心愿) per unit: collected in the window, claimed, fulfilled.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $unit_level
-- columns: unit_id, collected, claimed, fulfilled
select
    unit_id,
    count(*) as collected,
    count(*) filter (where claimed) as claimed,
    count(*) filter (where fulfilled) as fulfilled,
from assessment_wishes($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level)
where unit_id is not null
group by unit_id
order by unit_id
