-- Imported boundary polygons around and inside the chosen region: the regions that contain it and
-- the regions it contains (all of them when no region is chosen).
-- params: $region
-- columns: code, level, name, geojson (a GeoJSON Polygon or MultiPolygon, GCJ-02), area_m2,
--          min_lon, min_lat, max_lon, max_lat
select
    b.code,
    b.level,
    coalesce(r.name, b.name, b.code) as name,
    b.geojson,
    b.area_m2,
    b.min_lon,
    b.min_lat,
    b.max_lon,
    b.max_lat,
from region_boundaries b
left join regions r using (code)
where starts_with(b.code, $region) or starts_with($region, b.code)
order by b.code
