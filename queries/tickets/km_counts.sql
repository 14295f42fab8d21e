-- Kaplan–Meier input for time to close, per group of the cohort reported in the window: how many
-- tickets closed at t hours after reporting (events) and how many are still open at age t at
-- $as_of (censored). Cancelled and duplicate tickets are left out. t is rounded up to the whole
-- hour up to 72 hours, and beyond that to the whole day (in hours: 96, 120, ...), so a group
-- brings at most a few hundred rows however many tickets it holds.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $escalated_only (boolean: only escalated tickets)
-- columns: grp, t (hours, INTEGER), events, censored
with c as (
    select grp, is_closed, coalesce(hours_to_close, age_days * 24) as hours,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, $dim, $grain)
    where (is_closed or status = 'open')
      and (not $escalated_only or escalated)
)
select
    grp,
    (case when hours <= 72 then ceil(hours) else 24 * ceil(hours / 24) end)::integer as t,
    count(*) filter (where is_closed) as events,
    count(*) filter (where not is_closed) as censored,
from c
group by all
order by grp, t
