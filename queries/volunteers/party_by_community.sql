-- Party members reported per community in scope by the window's end (and new in it), per 1,000
-- residents, with the post most of them took.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: community_code, community, street, residents, members, new_members, members_per_1000,
--          organisations, top_post
with p as (
    select *
    from party_member_reports
    where (reported_on is null or reported_on < $date_to)
      and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
g as (
    select community_code, count(distinct member_id) as members,
           count(distinct member_id) filter (where reported_on >= $date_from) as new_members,
           count(distinct nullif(trim(organisation), '')) as organisations,
           mode(nullif(trim(post), '') order by nullif(trim(post), '')) as top_post,
    from p
    group by 1
)
select g.community_code, cm.name as community, st.name as street, cm.residents,
       g.members, g.new_members,
       1000.0 * g.members / nullif(cm.residents, 0) as members_per_1000,
       g.organisations, g.top_post,
from g
left join regions cm on cm.code = g.community_code
left join regions st on st.code = left(g.community_code, 9)
order by g.members desc, g.community_code
