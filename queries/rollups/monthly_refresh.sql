-- Re-aggregate one month-grain rollup for the months in $months (a LIST of DATE, each the first day of a
-- month; NULL: every month). Each rollup's grain and sums are defined once, by its builder: a table
-- macro __agg__(lo, hi, skip_from, skip_to) over the records in [lo, hi) (skip: nothing here).
-- grassroots/rollups.py (MONTHLY) puts the rollup table's name for __rollup__ and its builder's for
-- __agg__, from its own fixed list, never from input.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: __rollup__, sorted by month so a window's months are read together
insert into __rollup__ by name
select a.*
from __agg__(
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce(($month_max::date + interval 1 month)::timestamp, 'infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp),
    coalesce($month_min::date::timestamp, '-infinity'::timestamp)
) a
where $months is null or list_contains($months::date[], a.month)
order by a.month
