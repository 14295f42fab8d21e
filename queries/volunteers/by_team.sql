-- Volunteer teams at centres in scope: members and hours in a window, time-bank points earned and
-- redeemed in it, and outstanding at its end (all records before the window's end).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: centre_id, centre, team, volunteers, sessions, hours, hours_per_volunteer, points_earned,
--          points_redeemed, outstanding_end
with v as (
    select v.*, c.name as centre,
    from volunteering v
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where v.date < $date_to
),
g as (
    select centre_id, any_value(centre) as centre, coalesce(team, '') as team,
           count(distinct volunteer_id) filter (where date >= $date_from) as volunteers,
           count(*) filter (where date >= $date_from) as sessions,
           coalesce(sum(hours) filter (where date >= $date_from), 0) as hours,
           coalesce(sum(points_earned) filter (where date >= $date_from), 0) as points_earned,
           coalesce(sum(points_redeemed) filter (where date >= $date_from), 0) as points_redeemed,
           sum(points_earned - points_redeemed) as outstanding_end,
    from v
    group by centre_id, coalesce(team, '')
)
select centre_id, centre, team, volunteers, sessions, hours,
       hours / nullif(volunteers, 0) as hours_per_volunteer,
       points_earned, points_redeemed, outstanding_end,
from g
where sessions > 0
order by hours desc, centre_id, team
