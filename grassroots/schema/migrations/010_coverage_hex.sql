-- 010: coverage - hexagon binning in two steps, so a point's projection is computed once per row
-- (a macro argument is substituted wherever it appears; hex_round uses each of its arguments many
-- times). Queries compute hex_qf and hex_rf as columns, then hex_round(qf, rf) picks the cell.
-- The plane and the cells are those of hex_cell in 005, which now reads its projection from here.

create or replace macro hex_qf(lon, lat, size_m, lat0) as
    (sqrt(3) / 3 * radians(lon) * 6371008.8 * cos(radians(lat0)) - radians(lat) * 6371008.8 / 3) / size_m;

create or replace macro hex_rf(lat, size_m) as
    (2.0 / 3 * radians(lat) * 6371008.8) / size_m;

create or replace macro hex_cell(lon, lat, size_m, lat0) as
    hex_round(hex_qf(lon, lat, size_m, lat0), hex_rf(lat, size_m));
