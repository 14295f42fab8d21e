-- 005: coverage - region boundaries imported from GeoJSON. The rules the coverage queries share are
-- defined in grassroots/schema/macros/04_coverage.sql.

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
