-- Activities by category (the 1+6+X functions) in a window and scope.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: category, activities, person_visits, visits_per_activity, activity_share, visit_share
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
g as (
    select coalesce(a.category, '其他') as category, count(*) as activities,
           coalesce(sum(a.participants), 0)::bigint as person_visits,
    from activities a
    join c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
    group by 1
)
select
    category,
    activities,
    person_visits,
    person_visits / nullif(activities, 0) as visits_per_activity,
    activities / nullif(sum(activities) over (), 0) as activity_share,
    person_visits / nullif(sum(person_visits) over (), 0) as visit_share,
from g
order by coalesce(list_position(['幼有所育', '老有所养', '病有所医', '食有所安', '居有所乐', '事有所办', '其他'], category), 99),
         category
