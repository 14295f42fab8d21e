-- The posts (认领岗位) party members in scope took, reported by the window's end (and new in it).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: post, members, new_members, share
with g as (
    select coalesce(nullif(trim(post), ''), '未填写') as post, count(distinct member_id) as members,
           count(distinct member_id) filter (where reported_on >= $date_from) as new_members,
    from party_member_reports
    where (reported_on is null or reported_on < $date_to)
      and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
    group by 1
)
select post, members, new_members, members / nullif(sum(members) over (), 0) as share,
from g
order by members desc, post
