-- Volunteering (志愿服务) at centres in scope: teams, volunteers and hours in a window, and time-bank
-- points (福分): earned and redeemed in the window, outstanding (earned - redeemed over every record
-- before the window's start, and before its end).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: teams, volunteers, sessions, hours, hours_per_volunteer, points_earned, points_redeemed,
--          outstanding_start, outstanding_end, centres
with v as (
    select v.*, v.date >= $date_from as in_window,
    from volunteering v
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where v.date < $date_to
)
select
    count(distinct case when in_window and team is not null then centre_id || chr(31) || team end) as teams,
    count(distinct volunteer_id) filter (where in_window) as volunteers,
    count(*) filter (where in_window) as sessions,
    coalesce(sum(hours) filter (where in_window), 0) as hours,
    sum(hours) filter (where in_window) / nullif(count(distinct volunteer_id) filter (where in_window), 0)
        as hours_per_volunteer,
    coalesce(sum(points_earned) filter (where in_window), 0) as points_earned,
    coalesce(sum(points_redeemed) filter (where in_window), 0) as points_redeemed,
    coalesce(sum(points_earned - points_redeemed) filter (where not in_window), 0) as outstanding_start,
    coalesce(sum(points_earned - points_redeemed), 0) as outstanding_end,
    count(distinct centre_id) filter (where in_window) as centres,
from v
