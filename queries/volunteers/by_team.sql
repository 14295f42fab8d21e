-- Volunteer teams at centres in scope: members and hours in a window, time-bank points earned and
-- redeemed in it, and outstanding at its end (all history). Sums from the monthly rollup
-- (the macro volunteering_in); members from the window's records.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: centre_id, centre, team ('' when the records name none), volunteers, sessions, hours,
--          hours_per_volunteer, points_earned, points_redeemed, outstanding_end
with c as (
    select centre_id, name as centre from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
win as (
    select r.centre_id, r.team, sum(r.sessions)::bigint as sessions, sum(r.hours) as hours,
           sum(r.points_earned) as points_earned, sum(r.points_redeemed) as points_redeemed,
    from volunteering_in($date_from, $date_to, $as_of) r
    where r.centre_id in (select centre_id from c)
    group by all
    having sum(r.sessions) > 0
),
bal as (
    select r.centre_id, r.team, sum(r.points_earned - r.points_redeemed) as outstanding_end,
    from volunteering_in(date '0001-01-01', $date_to, $as_of) r
    where r.centre_id in (select centre_id from c)
    group by all
),
people as (
    select v.centre_id, coalesce(v.team, '') as team, count(distinct v.volunteer_id) as volunteers,
    from volunteering v
    where v.date >= $date_from and v.date < $date_to
      and v.centre_id in (select centre_id from c)
    group by all
)
select win.centre_id, c.centre, win.team,
       coalesce(people.volunteers, 0) as volunteers, win.sessions, win.hours,
       win.hours / nullif(people.volunteers, 0) as hours_per_volunteer,
       win.points_earned, win.points_redeemed, bal.outstanding_end,
from win
join c using (centre_id)
left join bal using (centre_id, team)
left join people using (centre_id, team)
order by win.hours desc, win.centre_id, win.team
