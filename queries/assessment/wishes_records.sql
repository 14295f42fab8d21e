-- The wishes behind one unit's wish figures, with a flag per count of assessment/wishes.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level, $unit_id
-- columns: wish_id, community_code, raised_on, category, content, claimed_on, claimed_by,
--          claimer_type, fulfilled_on, status, collected, claimed, fulfilled
select * exclude (unit_id),
from assessment_wishes($date_from, $date_to, unit_scope($unit_level, $unit_id, $region), $centre_id,
                       $centre_type, $pilot_batch, $unit_level)
where unit_id = $unit_id
order by raised_on, wish_id
