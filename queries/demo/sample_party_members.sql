-- In-service party members who reported to the communities of a region in [$date_from, $date_to).
-- params: $region (code prefix, '' for all), $date_from, $date_to (DATE)
-- columns: member_id, organisation, community_code, reported_on, post
select member_id, organisation, community_code, reported_on, post,
from party_member_reports
where starts_with(community_code, $region)
  and reported_on >= $date_from and reported_on < $date_to
order by reported_on, member_id
