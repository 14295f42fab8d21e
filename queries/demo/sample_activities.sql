-- Activities at the centres of a region dated in [$date_from, $date_to), for sample exports.
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE)
-- columns: activity_id, centre_id, date, start_time, end_time, category, title, participants, volunteers, partner
select a.activity_id, a.centre_id, a.date, a.start_time, a.end_time, a.category, a.title, a.participants,
       a.volunteers, a.partner,
from activities a
where a.centre_id in (select centre_id from scoped_centres($region, null, null, null))
  and a.date >= $date_from and a.date < $date_to
order by a.date, a.start_time, a.activity_id
