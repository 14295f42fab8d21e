-- Tickets reported in the window (cancelled and duplicates apart, as ticket_facts defines them),
-- counted in hexagonal cells of circumradius $hex_m (hex_cell in migration 005) so the map gets
-- cells, not points. A ticket without its own coordinates is placed at its community's point.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $hex_m, $lat0
-- columns: q, r (the cell's axial coordinates), n (tickets), n_placed (of them placed at their community's point)
with t as (
    select coalesce(f.lon, g.lon) as lon, coalesce(f.lat, g.lat) as lat, f.lon is null or f.lat is null as placed,
    from ticket_facts($as_of) f
    left join regions g on g.code = f.community_code
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
cells as (
    select hex_cell(lon, lat, $hex_m, $lat0) as cell, placed,
    from t
    where lon is not null and lat is not null
)
select cell.q as q, cell.r as r, count(*) as n, count(*) filter (where placed) as n_placed,
from cells
group by all
order by n desc, q, r
