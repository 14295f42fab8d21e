-- The activities behind one unit's activity figures (activities: 1 per row; person_visits: its
-- participants).
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level, $unit_id
-- columns: activity_id, centre_id, centre_name, date, category, title, activities, person_visits,
--          volunteers, partner
select * exclude (unit_id),
from assessment_activities($date_from, $date_to, unit_scope($unit_level, $unit_id, $region), $centre_id,
                           $centre_type, $pilot_batch, $unit_level)
where unit_id = $unit_id
order by date, activity_id
