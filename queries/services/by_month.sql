-- Services by month and channel in a window and scope; every month of the window appears, with zeros,
-- for every channel used in the window.
-- params: $date_from, $date_to (DATE, exclusive; months are reported whole), $as_of (TIMESTAMP), $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), channel, services, rated, satisfied
with g as (
    select r.month, r.channel, sum(r.n)::bigint as services,
           sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied,
    from services_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    group by all
),
months as (
    select * from window_months($date_from, $date_to)
),
channels as (
    select distinct channel from g
)
select months.month, channels.channel,
       coalesce(g.services, 0) as services,
       coalesce(g.rated, 0) as rated,
       coalesce(g.satisfied, 0) as satisfied,
from months
cross join channels
left join g using (month, channel)
order by months.month,
         coalesce(list_position(['窗口', '网上办', '掌上办', '自助终端', '帮代办', '上门服务'], channels.channel), 99),
         channels.channel
