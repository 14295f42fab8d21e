-- Volunteering per centre in a window and scope: every centre in scope that operated in the window
-- or recorded volunteering in it. Sums from the monthly rollup (the macro volunteering_in); volunteers
-- from the window's records.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: centre_id, centre, type, teams, volunteers, volunteer_hours, points_earned,
--          points_redeemed, outstanding_end
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
win as (
    select r.centre_id,
           count(distinct nullif(r.team, '')) filter (where r.sessions > 0) as teams,
           sum(r.hours) as volunteer_hours,
           sum(r.points_earned) as points_earned, sum(r.points_redeemed) as points_redeemed,
    from volunteering_in($date_from, $date_to, $as_of) r
    where r.centre_id in (select centre_id from c)
    group by 1
),
bal as (
    select r.centre_id, sum(r.points_earned - r.points_redeemed) as outstanding_end,
    from volunteering_in(date '0001-01-01', $date_to, $as_of) r
    where r.centre_id in (select centre_id from c)
    group by 1
),
people as (
    select v.centre_id, count(distinct v.volunteer_id) as volunteers,
    from volunteering v
    where v.date >= $date_from and v.date < $date_to
      and v.centre_id in (select centre_id from c)
    group by 1
)
select c.centre_id, c.name as centre, c.type,
       coalesce(win.teams, 0) as teams,
       coalesce(people.volunteers, 0) as volunteers,
       coalesce(win.volunteer_hours, 0) as volunteer_hours,
       coalesce(win.points_earned, 0) as points_earned,
       coalesce(win.points_redeemed, 0) as points_redeemed,
       coalesce(bal.outstanding_end, 0) as outstanding_end,
from c
left join win using (centre_id)
left join bal using (centre_id)
left join people using (centre_id)
where operating_on(c.status, c.opened_on, $date_to::date - 1) or people.volunteers > 0
order by volunteer_hours desc, c.centre_id
