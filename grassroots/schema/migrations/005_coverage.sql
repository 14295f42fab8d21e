-- 005: coverage - region boundaries imported from GeoJSON, and the rules the coverage queries share.

-- One polygon (or multipolygon) per region, matched to regions by code. Coordinates are stored in
-- the database's system (meta.crs, GCJ-02); `source_crs` records what the file declared.
create table if not exists region_boundaries (
    code varchar primary key,
    level varchar not null check (level in ('district', 'street', 'community', 'grid')),
    name varchar,
    geojson varchar not null,          -- a GeoJSON geometry: Polygon or MultiPolygon, lon/lat degrees
    crs varchar not null default 'GCJ02',
    source_crs varchar,                -- GCJ02 or WGS84, as the file declared it
    area_m2 double check (area_m2 >= 0),
    min_lon double,
    min_lat double,
    max_lon double,
    max_lat double,
    source varchar,                    -- the file it came from
    loaded_at timestamp not null default current_localtimestamp()
);

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
-- R = 6371008.8 m). Returns the axial coordinates {q, r}; grassroots.maps.hex_polygons draws a cell.
create or replace macro hex_round(qf, rf) as
    case
        when abs(round(qf) - qf) > abs(round(rf) - rf) and abs(round(qf) - qf) > abs(round(-qf - rf) + qf + rf)
            then {'q': (-round(rf) - round(-qf - rf))::bigint, 'r': round(rf)::bigint}
        when abs(round(rf) - rf) > abs(round(-qf - rf) + qf + rf)
            then {'q': round(qf)::bigint, 'r': (-round(qf) - round(-qf - rf))::bigint}
        else {'q': round(qf)::bigint, 'r': round(rf)::bigint}
    end;

create or replace macro hex_cell(lon, lat, size_m, lat0) as
    hex_round(
        (sqrt(3) / 3 * radians(lon) * 6371008.8 * cos(radians(lat0)) - radians(lat) * 6371008.8 / 3) / size_m,
        (2.0 / 3 * radians(lat) * 6371008.8) / size_m
    );
