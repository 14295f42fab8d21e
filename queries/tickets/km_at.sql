-- Kaplan–Meier input as it stood at the moment $origin (TIMESTAMP, past or present), for the backlog
-- forecast and its backtest: tickets reported before $origin in the scope and category; a ticket
-- closed before $origin is an event at its time to close, any other (still open then, closed later,
-- or closed without a closing time, as the daily rollup counts it) is censored at its age at
-- $origin. Closings after $origin are not known here, so a forecast made from a past $origin sees
-- only what was known then. Cancelled and duplicate tickets are left out. t is rounded as the macro
-- km_tally does (whole hours up to 72, then whole days). recent: reported on or after $cohort_from (the
-- forecast fits its closure curve on those; the censored rows of all give the open backlog by age).
-- params: $origin, $cohort_from, $region, $centre_id, $centre_type, $pilot_batch, $category
-- columns: recent (BOOLEAN), t (hours, INTEGER), events, censored
with km_input as (  -- noqa: ST03
    select
        reported_at >= $cohort_from as grp,
        coalesce(status = 'closed' and closed_at < $origin, false) as closed,
        greatest(
            date_diff(
                'second', reported_at,
                case when coalesce(status = 'closed' and closed_at < $origin, false) then closed_at else $origin end
            ) / 3600.0,
            0
        ) as hours,
    from tickets
    where reported_at < $origin
      and status not in ('cancelled', 'duplicate')
      and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
      and ($category is null or category = $category)
)
select grp as recent, t, events, censored,
from km_tally('km_input')
order by recent, t
