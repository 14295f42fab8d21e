-- Volunteer service records at the centres of a region dated in [$date_from, $date_to), for sample exports.
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE)
-- columns: record_id, volunteer_id, team, centre_id, date, hours, points_earned, points_redeemed
select v.record_id, v.volunteer_id, v.team, v.centre_id, v.date, v.hours, v.points_earned, v.points_redeemed,
from volunteering v
where v.centre_id in (select centre_id from scoped_centres($region, null, null, null))
  and v.date >= $date_from and v.date < $date_to
order by v.date, v.record_id
