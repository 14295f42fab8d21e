-- Partners (共建单位 and others named on activities) in a window and scope: what they took part in.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: partner, activities, person_visits, volunteers, centres, categories (text, sorted)
with a as (
    select trim(a.partner) as partner, a.centre_id, a.participants, a.volunteers,
           coalesce(a.category, '其他') as category,
    from activities a
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where a.date >= $date_from and a.date < $date_to
      and nullif(trim(a.partner), '') is not null
)
select
    partner,
    count(*) as activities,
    coalesce(sum(participants), 0)::bigint as person_visits,
    coalesce(sum(volunteers), 0)::bigint as volunteers,
    count(distinct centre_id) as centres,
    array_to_string(list_sort(list_distinct(list(category)),
        'ASC'), '、') as categories,
from a
group by partner
order by activities desc, person_visits desc, partner
