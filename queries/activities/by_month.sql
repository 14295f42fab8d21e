-- Activities by month and category in a window and scope; every month of the window up to the data's newest
-- record ($as_of) appears, with zeros, for every category held in the window (the macro months_filled).
-- params: $date_from, $date_to (DATE, exclusive; months are reported whole), $as_of (TIMESTAMP), $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), category, activities, person_visits
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
a as (  -- noqa: ST03
    select date_trunc('month', a.date)::date as month, coalesce(a.category, '其他') as grp,
           count(*) as activities, coalesce(sum(a.participants), 0)::bigint as person_visits,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by all
)
select month, grp as category, activities, person_visits,
from months_filled('a', $date_from, $date_to, $as_of)
order by month,
         coalesce(list_position(['幼有所育', '老有所养', '病有所医', '食有所安', '居有所乐', '事有所办', '其他'], category), 99),
         category
