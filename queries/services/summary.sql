-- Services (办件) in a window and scope, from the services rollups (the macro services_in): volume, channel
-- shares, 通办, extended hours, evaluation-device satisfaction and workload. services and online_share
-- equal overview/kpis's.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: services, online, online_share, proxy, proxy_share, home, home_share, tongban,
--          tongban_share, extended, extended_share, finished, finished_share, rated, satisfied,
--          satisfaction_rate, avg_rating, centres_serving, staff, services_per_staff
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
r as (
    select r.*
    from services_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
),
agg as (
    select
        coalesce(sum(n), 0)::bigint as services,
        (coalesce(sum(n) filter (where channel in ('网上办', '掌上办')), 0))::bigint as online,
        (coalesce(sum(n) filter (where channel = '帮代办'), 0))::bigint as proxy,
        (coalesce(sum(n) filter (where channel = '上门服务'), 0))::bigint as home,
        coalesce(sum(n_tongban), 0)::bigint as tongban,
        coalesce(sum(n_extended), 0)::bigint as extended,
        coalesce(sum(n_finished), 0)::bigint as finished,
        coalesce(sum(n_rated), 0)::bigint as rated,
        coalesce(sum(n_satisfied), 0)::bigint as satisfied,
        coalesce(sum(rating_sum), 0)::bigint as rating_sum,
    from r
),
serving as (
    -- the centres that served in the window, and their staff (workload per staff member)
    select count(*) as centres_serving, coalesce(sum(c.staff), 0)::bigint as staff,
    from c
    where c.centre_id in (select centre_id from r)
)
select
    services,
    online, online / nullif(services, 0) as online_share,
    proxy, proxy / nullif(services, 0) as proxy_share,
    home, home / nullif(services, 0) as home_share,
    tongban, tongban / nullif(services, 0) as tongban_share,
    extended, extended / nullif(services, 0) as extended_share,
    finished, finished / nullif(services, 0) as finished_share,
    rated, satisfied, satisfied / nullif(rated, 0) as satisfaction_rate,
    rating_sum / nullif(rated, 0) as avg_rating,
    centres_serving, staff,
    services / nullif(staff, 0) as services_per_staff,
from agg, serving
