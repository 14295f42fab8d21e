-- Services by month and channel in a window and scope; every month of the window appears, with zeros,
-- for every channel used in the window (the macro months_filled).
-- params: $date_from, $date_to (DATE, exclusive; months are reported whole), $as_of (TIMESTAMP), $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), channel, services, rated, satisfied
with g as (  -- noqa: ST03
    select r.month, r.channel as grp, sum(r.n)::bigint as services,
           sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied,
    from services_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    group by all
)
select month, grp as channel, services, rated, satisfied,
from months_filled('g', $date_from, $date_to, $as_of)
order by month,
         coalesce(list_position(['窗口', '网上办', '掌上办', '自助终端', '帮代办', '上门服务'], channel), 99),
         channel
