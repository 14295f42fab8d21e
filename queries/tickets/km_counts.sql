-- Kaplan–Meier input for time to close, per group of the cohort reported in the window: how many
-- tickets closed at t hours after reporting (events) and how many are still open at age t at
-- $as_of (censored). Cancelled and duplicate tickets are left out. t is rounded as the macro km_tally
-- does (whole hours up to 72, then whole days), so a group brings at most a few hundred rows.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $escalated_only (boolean: only escalated tickets)
-- columns: grp, t (hours, INTEGER), events, censored
with km_input as (  -- noqa: ST03
    select grp, is_closed as closed, coalesce(hours_to_close, age_days * 24) as hours,
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, $dim, $grain)
    where (is_closed or status = 'open')
      and (not $escalated_only or escalated)
)
select grp, t, events, censored,
from km_tally('km_input')
order by grp, t
