-- Volunteering (志愿服务) at centres in scope: teams, volunteers and hours in a window, and time-bank
-- points (福分): earned and redeemed in the window, outstanding (earned - redeemed over all history)
-- at its start and end. Sums from the monthly rollup (the macro volunteering_in); distinct people from the
-- window's records.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: teams, volunteers, sessions, hours, hours_per_volunteer, points_earned, points_redeemed,
--          outstanding_start, outstanding_end, centres
with c as (
    select centre_id from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
win as (
    select count(distinct case when r.team <> '' then r.centre_id || chr(31) || r.team end) as teams,
           coalesce(sum(r.sessions), 0)::bigint as sessions,
           coalesce(sum(r.hours), 0) as hours,
           coalesce(sum(r.points_earned), 0) as points_earned,
           coalesce(sum(r.points_redeemed), 0) as points_redeemed,
           count(distinct r.centre_id) as centres,
    from volunteering_in($date_from, $date_to, $as_of) r
    where r.centre_id in (select centre_id from c) and r.sessions > 0
),
people as (
    select count(distinct v.volunteer_id) as volunteers,
    from volunteering v
    where v.date >= $date_from and v.date < $date_to
      and v.centre_id in (select centre_id from c)
),
before as (
    select coalesce(sum(r.points_earned - r.points_redeemed), 0) as outstanding_start,
    from volunteering_in(date '0001-01-01', $date_from, $as_of) r
    where r.centre_id in (select centre_id from c)
)
select
    win.teams, people.volunteers, win.sessions, win.hours,
    win.hours / nullif(people.volunteers, 0) as hours_per_volunteer,
    win.points_earned, win.points_redeemed,
    before.outstanding_start,
    before.outstanding_start + win.points_earned - win.points_redeemed as outstanding_end,
    win.centres,
from win, people, before
