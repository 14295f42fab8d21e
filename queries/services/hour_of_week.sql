-- Services by hour of the week (ISO day 1 Monday .. 7 Sunday, hour 0..23 of acceptance) in a window
-- and scope, by channel group, from the monthly hours rollup (009). All 168 hours appear.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: dow, hour, n, n_window, n_online, n_kiosk, n_proxy, n_home
with g as (
    select r.dow, r.hour, sum(r.n)::bigint as n, sum(r.n_window)::bigint as n_window, sum(r.n_online)::bigint as n_online,
           sum(r.n_kiosk)::bigint as n_kiosk, sum(r.n_proxy)::bigint as n_proxy, sum(r.n_home)::bigint as n_home,
    from service_hours_in($date_from, $date_to, $as_of) r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    group by all
),
grid as (
    select d.dow::integer as dow, h.hour::integer as hour,
    from range(1, 8) d(dow), range(0, 24) h(hour)  -- noqa: LT01
)
select grid.dow, grid.hour,
       coalesce(g.n, 0) as n, coalesce(g.n_window, 0) as n_window, coalesce(g.n_online, 0) as n_online,
       coalesce(g.n_kiosk, 0) as n_kiosk, coalesce(g.n_proxy, 0) as n_proxy, coalesce(g.n_home, 0) as n_home,
from grid
left join g using (dow, hour)
order by grid.dow, grid.hour
