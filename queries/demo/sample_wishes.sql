-- Wishes (微心愿) of a region raised in [$date_from, $date_to), for sample exports.
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE)
-- columns: wish_id, community_code, raised_on, category, content, claimed_on, claimed_by, claimer_type,
--          fulfilled_on, status
select wish_id, community_code, raised_on, category, content, claimed_on, claimed_by, claimer_type,
       fulfilled_on, status,
from wishes
where starts_with(community_code, $region)
  and raised_on >= $date_from and raised_on < $date_to
order by raised_on, wish_id
