-- Re-aggregate rollup_services_monthly for the months in $months (a LIST of DATE, each the first day of
-- a month; NULL: every month) from rollup_services_daily, which grassroots.rollups refreshes first.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: rollup_services_monthly (month, centre_id, channel, n, n_finished, n_rated, rating_sum,
--         n_satisfied, n_tongban, n_extended)
insert into rollup_services_monthly by name
select a.*
from services_daily_agg(
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce(($month_max::date + interval 1 month)::timestamp, 'infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp)
) a
where $months is null or list_contains($months::date[], a.month)
order by a.month, a.centre_id, a.channel
