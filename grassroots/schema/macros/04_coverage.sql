-- Coverage: the rules the coverage queries share (centre status on a day, hexagonal cells).

-- A centre operates on day d when its status is 运行 and it opened on or before d. A centre marked
-- 运行 without an opening date is not counted (the overview's programme progress counts the same way).
create or replace macro operating_on(status, opened_on, d) as
    coalesce(status = '运行' and opened_on <= d, false);

-- The status a centre had on day d, as far as the records tell: operating once opened, 在建 before
-- its opening date, otherwise its recorded status.
create or replace macro status_on(status, opened_on, d) as
    case when operating_on(status, opened_on, d) then '运行'
         when status = '运行' and opened_on > d then '在建'
         else status end;

-- Hexagonal cells for density maps, aggregated in the database so the browser gets cells, not points.
-- Pointy-top hexagons of circumradius size_m on a plane: x = R cos(lat0) lon, y = R lat (radians,
-- R = 6371008.8 m). Returns the axial coordinates {q, r}; grassroots.geo.maps.hex_polygons draws a cell.
-- Binning runs in two steps, so a point's projection is computed once per row (a macro argument is
-- substituted wherever it appears; hex_round uses each of its arguments many times): queries compute
-- hex_qf and hex_rf as columns, then hex_round(qf, rf) picks the cell; hex_cell does both.
create or replace macro hex_round(qf, rf) as
    case
        when abs(round(qf) - qf) > abs(round(rf) - rf) and abs(round(qf) - qf) > abs(round(-qf - rf) + qf + rf)
            then {'q': (-round(rf) - round(-qf - rf))::bigint, 'r': round(rf)::bigint}
        when abs(round(rf) - rf) > abs(round(-qf - rf) + qf + rf)
            then {'q': round(qf)::bigint, 'r': (-round(qf) - round(-qf - rf))::bigint}
        else {'q': round(qf)::bigint, 'r': round(rf)::bigint}
    end;

create or replace macro hex_qf(lon, lat, size_m, lat0) as
    (sqrt(3) / 3 * radians(lon) * 6371008.8 * cos(radians(lat0)) - radians(lat) * 6371008.8 / 3) / size_m;

create or replace macro hex_rf(lat, size_m) as
    (2.0 / 3 * radians(lat) * 6371008.8) / size_m;

create or replace macro hex_cell(lon, lat, size_m, lat0) as
    hex_round(hex_qf(lon, lat, size_m, lat0), hex_rf(lat, size_m));

-- Weighted points counted in hexagonal cells of circumradius size_m: the relation named rel (a CTE of the
-- calling query, read through query_table) holds lon, lat, n (how many records the point stands for) and
-- flagged (BOOLEAN); a point without both coordinates is left out. Per cell {q, r}: n, and n_flagged of
-- them at flagged points. Projects each point once, then picks its cell (see hex_round above).
create or replace macro hex_bins(rel, size_m, lat0) as table
    with projected as (
        select hex_qf(lon, lat, size_m, lat0) as qf, hex_rf(lat, size_m) as rf, n, flagged,
        from query_table(rel)
        where lon is not null and lat is not null
    ),
    cells as (
        select hex_round(qf, rf) as cell, n, flagged, from projected
    )
    select cell.q as q, cell.r as r, sum(n) as n, coalesce(sum(n) filter (where flagged), 0) as n_flagged,
    from cells
    group by all;
