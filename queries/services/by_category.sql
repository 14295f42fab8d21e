-- Services by category (the 1+6+X function of the item; items outside the catalogue count as 其他)
-- in a window and scope, from the monthly items rollup (009).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: category, services, share, items, online_share, satisfaction_rate
with g as (
    select coalesce(si.category, '其他') as category, sum(r.n)::bigint as services, sum(r.n_online)::bigint as online,
           count(distinct r.item_code) as items, sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied,
    from service_items_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    left join service_items si using (item_code)
    group by 1
)
select
    category,
    services,
    services / nullif(sum(services) over (), 0) as share,
    items,
    online / nullif(services, 0) as online_share,
    satisfied / nullif(rated, 0) as satisfaction_rate,
from g
order by coalesce(list_position(['幼有所育', '老有所养', '病有所医', '食有所安', '居有所乐', '事有所办', '其他'], category), 99),
         category
