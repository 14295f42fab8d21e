-- Tickets reported in the window (cancelled and duplicates apart, as ticket_facts defines them),
-- counted in hexagonal cells of circumradius $hex_m (the macro hex_bins) so the map gets cells, not
-- points. A ticket without its own coordinates is placed at its community's point.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $hex_m, $lat0
-- columns: q, r (the cell's axial coordinates), n (tickets), n_placed (of them placed at their community's point)
with t as (
    select f.lon, f.lat, f.community_code, f.lon is null or f.lat is null as unplaced,
    from ticket_facts($as_of) f
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
points as (  -- noqa: ST03
    select lon, lat, 1 as n, false as flagged, from t where not unplaced
    union all
    select g.lon, g.lat, count(*), true,
    from t
    join regions g on g.code = t.community_code
    where t.unplaced and g.lon is not null and g.lat is not null
    group by all
)
select q, r, n, n_flagged as n_placed,
from hex_bins('points', $hex_m, $lat0)
order by n desc, q, r
