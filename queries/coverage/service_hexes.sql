-- Services accepted in the window at centres in scope, counted in hexagonal cells of circumradius
-- $hex_m (the macro hex_bins) by where the applicant lives (their community's point), or at the centre
-- when the record names no known community: who the centres reach.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $hex_m, $lat0
-- columns: q, r (the cell's axial coordinates), n (services), n_at_centre (of them placed at the centre)
with s as (
    select r.applicant_community_code as community, r.centre_id, count(*) as n,
    from service_records r
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where r.accepted_at >= $date_from and r.accepted_at < $date_to
    group by all
),
points as (  -- noqa: ST03
    select coalesce(g.lon, c.lon) as lon, coalesce(g.lat, c.lat) as lat, g.lon is null as flagged, s.n,
    from s
    left join regions g on g.code = s.community and g.lon is not null and g.lat is not null
    join centres c using (centre_id)
)
select q, r, n, n_flagged as n_at_centre,
from hex_bins('points', $hex_m, $lat0)
order by n desc, q, r
