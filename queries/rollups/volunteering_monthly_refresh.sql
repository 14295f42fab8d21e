-- Re-aggregate rollup_volunteering_monthly for the months in $months (a LIST of DATE, each the first day
-- of a month; NULL: every month). The grain and sums are defined once, by the macro volunteering_agg.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: rollup_volunteering_monthly (month, centre_id, team, sessions, hours, points_earned,
--         points_redeemed)
insert into rollup_volunteering_monthly by name
select a.*
from volunteering_agg(
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce(($month_max::date + interval 1 month)::timestamp, 'infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp)
) a
where $months is null or list_contains($months::date[], a.month)
order by a.month, a.centre_id, a.team
