-- Services by item (事项) in a window and scope, from the monthly items rollup (009).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: item_code, item_name, category, list_kind, services, online_share, proxy_share, home_share,
--          finished_share, rated, satisfaction_rate, avg_rating, centres_serving, centres_listing
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
g as (
    select r.item_code, max(r.item_name) as item_name, sum(r.n)::bigint as services, sum(r.n_online)::bigint as online,
           sum(r.n_proxy)::bigint as proxy, sum(r.n_home)::bigint as home, sum(r.n_finished)::bigint as finished,
           sum(r.n_rated)::bigint as rated, sum(r.n_satisfied)::bigint as satisfied, sum(r.rating_sum)::bigint as rating_sum,
           count(distinct r.centre_id) as centres_serving,
    from service_items_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
    group by 1
),
listing as (
    -- operating centres in scope that publish the item on their lists
    select ci.item_code, count(*) as centres_listing,
    from centre_items ci
    join c using (centre_id)
    where operating_on(c.status, c.opened_on, $date_to::date - 1)
    group by 1
)
select
    g.item_code,
    coalesce(si.item_name, g.item_name, g.item_code) as item_name,
    coalesce(si.category, '其他') as category,
    si.list_kind,
    g.services,
    g.online / nullif(g.services, 0) as online_share,
    g.proxy / nullif(g.services, 0) as proxy_share,
    g.home / nullif(g.services, 0) as home_share,
    g.finished / nullif(g.services, 0) as finished_share,
    g.rated,
    g.satisfied / nullif(g.rated, 0) as satisfaction_rate,
    g.rating_sum / nullif(g.rated, 0) as avg_rating,
    g.centres_serving,
    coalesce(listing.centres_listing, 0) as centres_listing,
from g
left join service_items si using (item_code)
left join listing using (item_code)
order by g.services desc, g.item_code
