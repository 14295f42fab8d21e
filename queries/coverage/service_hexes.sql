-- Services accepted in the window at centres in scope, counted in hexagonal cells of circumradius
-- $hex_m (the macros hex_round, hex_qf, hex_rf) by where the applicant lives (their
-- community's point), or at the centre when the record names no known community: who the centres reach.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $hex_m, $lat0
-- columns: q, r (the cell's axial coordinates), n (services), n_at_centre (of them placed at the centre)
with s as (
    select r.applicant_community_code as community, r.centre_id, count(*) as n,
    from service_records r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where r.accepted_at >= $date_from and r.accepted_at < $date_to
    group by all
),
points as (
    select coalesce(g.lon, c.lon) as lon, coalesce(g.lat, c.lat) as lat, g.lon is null as at_centre, s.n,
    from s
    left join regions g on g.code = s.community and g.lon is not null and g.lat is not null
    join centres c using (centre_id)
),
projected as (
    select hex_qf(lon, lat, $hex_m, $lat0) as qf, hex_rf(lat, $hex_m) as rf, at_centre, n,
    from points
    where lon is not null and lat is not null
),
cells as (
    select hex_round(qf, rf) as cell, at_centre, n, from projected
)
select cell.q as q, cell.r as r, sum(n) as n, coalesce(sum(n) filter (where at_centre), 0) as n_at_centre,
from cells
group by all
order by n desc, q, r
