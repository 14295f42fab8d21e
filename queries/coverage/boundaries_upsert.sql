-- Insert or replace region boundaries, one per code (the lists run in parallel).
-- params: $codes, $levels, $names, $geojsons, $source_crs, $areas, $min_lons, $min_lats, $max_lons,
--         $max_lats, $source
-- writes: region_boundaries
insert or replace into region_boundaries
    (code, level, name, geojson, crs, source_crs, area_m2, min_lon, min_lat, max_lon, max_lat, source, loaded_at)
select
    unnest($codes::varchar[]),
    unnest($levels::varchar[]),
    unnest($names::varchar[]),
    unnest($geojsons::varchar[]),
    (select value from meta where key = 'crs'),
    $source_crs,
    unnest($areas::double[]),
    unnest($min_lons::double[]),
    unnest($min_lats::double[]),
    unnest($max_lons::double[]),
    unnest($max_lats::double[]),
    $source,
    current_localtimestamp()
