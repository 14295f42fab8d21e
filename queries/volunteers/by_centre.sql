-- Volunteering per centre in a window and scope: every centre in scope that operated in the window
-- or recorded volunteering in it.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: centre_id, centre, type, teams, volunteers, volunteer_hours, points_earned,
--          points_redeemed, outstanding_end
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
g as (
    select v.centre_id,
           count(distinct v.team) filter (where v.date >= $date_from) as teams,
           count(distinct v.volunteer_id) filter (where v.date >= $date_from) as volunteers,
           sum(v.hours) filter (where v.date >= $date_from) as volunteer_hours,
           sum(v.points_earned) filter (where v.date >= $date_from) as points_earned,
           sum(v.points_redeemed) filter (where v.date >= $date_from) as points_redeemed,
           sum(v.points_earned - v.points_redeemed) as outstanding_end,
    from volunteering v
    join c using (centre_id)
    where v.date < $date_to
    group by 1
)
select c.centre_id, c.name as centre, c.type,
       coalesce(g.teams, 0) as teams,
       coalesce(g.volunteers, 0) as volunteers,
       coalesce(g.volunteer_hours, 0) as volunteer_hours,
       coalesce(g.points_earned, 0) as points_earned,
       coalesce(g.points_redeemed, 0) as points_redeemed,
       coalesce(g.outstanding_end, 0) as outstanding_end,
from c
left join g using (centre_id)
where operating_on(c.status, c.opened_on, $date_to::date - 1) or g.volunteers > 0
order by volunteer_hours desc, c.centre_id
