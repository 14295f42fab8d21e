-- The services behind one unit's service figures, with a flag per count of assessment/services.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level, $unit_id
-- columns: service_id, centre_id, centre_name, item_code, item_name, channel, accepted_at,
--          finished_at, rating, outcome, applicant_community_code, services, online, rated,
--          satisfied, tongban
select * exclude (unit_id),
from assessment_services($date_from, $date_to, unit_scope($unit_level, $unit_id, $region), $centre_id,
                         $centre_type, $pilot_batch, $unit_level)
where unit_id = $unit_id
order by accepted_at, service_id
