-- Tickets reported in the window (cancelled and duplicates apart, as ticket_facts defines them),
-- counted in hexagonal cells of circumradius $hex_m (the macros hex_round, hex_qf,
-- hex_rf) so the map gets cells, not points. A ticket without its own coordinates is placed at
-- its community's point.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $hex_m, $lat0
-- columns: q, r (the cell's axial coordinates), n (tickets), n_placed (of them placed at their community's point)
with t as (
    select f.lon, f.lat, f.community_code, f.lon is null or f.lat is null as unplaced,
    from ticket_facts($as_of) f
    where f.reported_at >= $date_from and f.reported_at < $date_to
      and not f.is_void
      and community_in_scope(f.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
points as (
    select lon, lat, 1 as n, false as placed, from t where not unplaced
    union all
    select g.lon, g.lat, count(*), true,
    from t
    join regions g on g.code = t.community_code
    where t.unplaced and g.lon is not null and g.lat is not null
    group by all
),
projected as (
    select hex_qf(lon, lat, $hex_m, $lat0) as qf, hex_rf(lat, $hex_m) as rf, n, placed, from points
),
cells as (
    select hex_round(qf, rf) as cell, n, placed, from projected
)
select cell.q as q, cell.r as r, sum(n) as n, coalesce(sum(n) filter (where placed), 0) as n_placed,
from cells
group by all
order by n desc, q, r
