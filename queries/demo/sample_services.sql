-- Service records of the centres in a region accepted in [$date_from, $date_to), for sample exports.
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE)
-- columns: service_id, centre_id, item_code, item_name, channel, accepted_at, finished_at,
--          applicant_community_code, rating, outcome
select s.service_id, s.centre_id, s.item_code, s.item_name, s.channel, s.accepted_at, s.finished_at,
       s.applicant_community_code, s.rating, s.outcome,
from service_records s
where s.centre_id in (select centre_id from scoped_centres($region, null, null, null))
  and s.accepted_at >= $date_from and s.accepted_at < $date_to
order by s.accepted_at, s.service_id
