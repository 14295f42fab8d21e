-- Re-aggregate rollup_service_items_monthly for the months in $months (a LIST of DATE, each the first
-- day of a month; NULL: every month). The grain and counts are defined once, by the macro service_items_agg.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: rollup_service_items_monthly (month, centre_id, item_code, item_name, n, n_online, n_proxy,
--         n_home, n_finished, n_rated, rating_sum, n_satisfied, n_r5, n_r4, n_r3, n_r2, n_r1)
insert into rollup_service_items_monthly by name
select a.*
from service_items_agg(
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce(($month_max::date + interval 1 month)::timestamp, 'infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp)
) a
where $months is null or list_contains($months::date[], a.month)
order by a.month, a.centre_id, a.item_code
