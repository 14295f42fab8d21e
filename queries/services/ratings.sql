-- Evaluation-device ratings (服务评价器) of services in a window and scope: 5 非常满意, 4 满意,
-- 3 基本满意, 2, 1 不满意; from the monthly items rollup (009).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: rating, services, share (of the rated)
with t as (
    select coalesce(sum(n_r5), 0)::bigint as r5, coalesce(sum(n_r4), 0)::bigint as r4, coalesce(sum(n_r3), 0)::bigint as r3,
           coalesce(sum(n_r2), 0)::bigint as r2, coalesce(sum(n_r1), 0)::bigint as r1,
    from service_items_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
),
long as (
    select 5 as rating, r5 as services from t
    union all select 4, r4 from t
    union all select 3, r3 from t
    union all select 2, r2 from t
    union all select 1, r1 from t
)
select rating, services, services / nullif(sum(services) over (), 0) as share,
from long
order by rating desc
