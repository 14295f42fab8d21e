-- In-service party members reporting to communities (在职党员报到) in scope: reported by the window's
-- end, newly reported in the window, from how many organisations, to how many communities.
-- A report without a date counts as reported before any window. Members and new members are
-- people: distinct party-member numbers (党员编号), not report rows.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: members, new_members, organisations, communities, posts
select
    count(distinct member_id) as members,
    count(distinct member_id) filter (where reported_on >= $date_from) as new_members,
    count(distinct nullif(trim(organisation), '')) as organisations,
    count(distinct community_code) as communities,
    count(distinct nullif(trim(post), '')) as posts,
from party_member_reports
where (reported_on is null or reported_on < $date_to)
  and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
