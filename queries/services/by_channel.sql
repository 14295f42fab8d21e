-- Services by channel (窗口 / 网上办 / 掌上办 / 自助终端 / 帮代办 / 上门服务) in a window and scope.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: channel, services, share, extended_share, tongban_share, rated, satisfaction_rate
with g as (
    select r.channel, sum(r.n)::bigint as services, sum(r.n_extended)::bigint as extended, sum(r.n_tongban)::bigint as tongban,
           sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied,
    from services_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    group by 1
)
select
    channel,
    services,
    services / nullif(sum(services) over (), 0) as share,
    extended / nullif(services, 0) as extended_share,
    tongban / nullif(services, 0) as tongban_share,
    rated,
    satisfied / nullif(rated, 0) as satisfaction_rate,
from g
order by coalesce(list_position(['窗口', '网上办', '掌上办', '自助终端', '帮代办', '上门服务'], channel), 99), channel
