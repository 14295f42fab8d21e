-- Services per centre in a window and scope: every centre in scope that operated in the window or
-- served in it. Volume and shares from the services rollups (the macro services_in); list usage from the
-- items rollup (009).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: centre_id, centre, type, pilot_batch, community, street, staff, services,
--          services_per_staff, online_share, proxy_share, home_share, tongban_share,
--          service_extended_share, rated, satisfaction_rate, avg_rating, listed_items, used_items,
--          unused_items, unused_share
with c as (
    select * from placed_centres($region, $centre_id, $centre_type, $pilot_batch)
),
svc as (
    select r.centre_id, sum(r.n)::bigint as services,
           (sum(r.n) filter (where r.channel in ('网上办', '掌上办')))::bigint as online,
           (sum(r.n) filter (where r.channel = '帮代办'))::bigint as proxy,
           (sum(r.n) filter (where r.channel = '上门服务'))::bigint as home,
           sum(r.n_tongban)::bigint as tongban, sum(r.n_extended)::bigint as extended,
           sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied, sum(r.rating_sum)::bigint as rating_sum,
    from services_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
    group by 1
),
used as (
    select distinct r.centre_id, r.item_code
    from service_items_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
    where r.n > 0
),
lists as (
    select ci.centre_id, count(*) as listed_items,
           count(used.item_code) as used_items,
    from centre_items ci
    join c using (centre_id)
    left join used using (centre_id, item_code)
    group by 1
),
joined as (
    select c.centre_id, c.name as centre, c.type, c.pilot_batch,
           c.community, c.street, c.staff,
           coalesce(svc.services, 0) as services,
           svc.online, svc.proxy, svc.home, svc.tongban, svc.extended,
           coalesce(svc.rated, 0) as rated, svc.satisfied, svc.rating_sum,
           coalesce(lists.listed_items, 0) as listed_items,
           coalesce(lists.used_items, 0) as used_items,
    from c
    left join svc using (centre_id)
    left join lists using (centre_id)
    where operating_on(c.status, c.opened_on, $date_to::date - 1) or svc.services > 0
)
select
    centre_id, centre, type, pilot_batch, community, street, staff, services,
    services / nullif(staff, 0) as services_per_staff,
    coalesce(online, 0) / nullif(services, 0) as online_share,
    coalesce(proxy, 0) / nullif(services, 0) as proxy_share,
    coalesce(home, 0) / nullif(services, 0) as home_share,
    coalesce(tongban, 0) / nullif(services, 0) as tongban_share,
    coalesce(extended, 0) / nullif(services, 0) as service_extended_share,
    rated,
    satisfied / nullif(rated, 0) as satisfaction_rate,
    rating_sum / nullif(rated, 0) as avg_rating,
    listed_items, used_items,
    listed_items - used_items as unused_items,
    (listed_items - used_items) / nullif(listed_items, 0) as unused_share,
from joined
order by services desc, centre_id
