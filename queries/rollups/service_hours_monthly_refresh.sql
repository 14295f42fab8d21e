-- Re-aggregate rollup_service_hours_monthly for the months in $months (a LIST of DATE, each the first
-- day of a month; NULL: every month). The grain and counts are defined once, by the macro service_hours_agg.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: rollup_service_hours_monthly (month, centre_id, dow, hour, n, n_window, n_online, n_kiosk,
--         n_proxy, n_home)
insert into rollup_service_hours_monthly by name
select a.*
from service_hours_agg(
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce(($month_max::date + interval 1 month)::timestamp, 'infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp)
) a
where $months is null or list_contains($months::date[], a.month)
order by a.month, a.centre_id, a.dow, a.hour
