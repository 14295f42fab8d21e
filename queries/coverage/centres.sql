-- Centres of the chosen type, batch (or the one chosen centre) that stand in the region or near
-- enough to serve it (within $radius_m of its communities' bounding box), with their status on $on
-- (null: on $as_of) and their work in the window. A centre outside the region counts for coverage
-- only: its work stays outside the user's scope (null).
-- params: $region, $centre_id, $centre_type, $pilot_batch, $on (DATE or null), $as_of, $radius_m,
--         $date_from, $date_to
-- columns: centre_id, name, type, community_code, community, street_code, street, lon, lat,
--          pilot_batch, programme_id, status (as recorded), opened_on, status_on, operating (on the day),
--          undated (marked 运行 without an opening date: never counted), in_region,
--          floor_area_m2, staff, services, activities, visits (in the window; null outside the region)
with day as (
    select coalesce($on::date, $as_of::date) as d
),
box as materialized (
    -- the region's communities, widened by the radius (a degree of latitude is at least 110.5 km)
    select min(lat) - $radius_m / 110500.0 as lat_lo,
           max(lat) + $radius_m / 110500.0 as lat_hi,
           min(lon) - $radius_m / (110500.0 * cos(radians(least(89, max(abs(lat)))))) as lon_lo,
           max(lon) + $radius_m / (110500.0 * cos(radians(least(89, max(abs(lat)))))) as lon_hi,
    from regions
    where level = 'community' and starts_with(code, $region) and lon is not null and lat is not null
),
c as materialized (
    select s.*, starts_with(s.community_code, $region) as in_region,
    from scoped_centres('', $centre_id, $centre_type, $pilot_batch) s, box
    where starts_with(s.community_code, $region)
       or (s.lat between box.lat_lo and box.lat_hi and s.lon between box.lon_lo and box.lon_hi)
),
svc as (
    -- the services rollups (the macro services_in): whole months by month, a custom window's edges by day
    select r.centre_id, sum(r.n) as services,
    from services_in($date_from, $date_to, $as_of) r
    where r.centre_id in (select centre_id from c where in_region)
    group by 1
),
act as (
    select a.centre_id, count(*) as activities, sum(a.participants) as visits,
    from activities a
    where a.date >= $date_from and a.date < $date_to and a.centre_id in (select centre_id from c where in_region)
    group by 1
)
select
    c.centre_id,
    c.name,
    c.type,
    c.community_code,
    cm.name as community,
    left(c.community_code, 9) as street_code,
    st.name as street,
    c.lon,
    c.lat,
    c.pilot_batch,
    c.programme_id,
    c.status,
    c.opened_on,
    status_on(c.status, c.opened_on, day.d) as status_on,
    operating_on(c.status, c.opened_on, day.d) as operating,
    c.status = '运行' and c.opened_on is null as undated,
    c.in_region,
    c.floor_area_m2,
    c.staff,
    case when c.in_region then coalesce(svc.services, 0) end as services,
    case when c.in_region then coalesce(act.activities, 0) end as activities,
    case when c.in_region then coalesce(act.visits, 0) end as visits,
from c
cross join day
left join regions cm on cm.code = c.community_code
left join regions st on st.code = left(c.community_code, 9)
left join svc using (centre_id)
left join act using (centre_id)
order by c.centre_id
