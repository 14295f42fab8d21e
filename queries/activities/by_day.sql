-- Activities per day in a window and scope, for the calendar heat map (days without any are absent).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: date (DATE), activities, person_visits
select a.date, count(*) as activities, coalesce(sum(a.participants), 0)::bigint as person_visits,
from activities a
join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
where a.date >= $date_from and a.date < $date_to
group by a.date
order by a.date
