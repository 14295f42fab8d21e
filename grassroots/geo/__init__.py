"""Geography: coordinate systems (crs), coverage arithmetic on regions, centres and boundaries
(coverage), and the maps drawn from them (maps). The coordinate transforms are also here at the top:
`geo.wgs84_to_gcj02`, `geo.gcj02_to_wgs84`, `geo.out_of_china`.

GeoJSON boundary files are imported by grassroots.ingest.geojson, with the other import formats.
"""

from grassroots.geo.crs import gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

__all__ = ["gcj02_to_wgs84", "out_of_china", "wgs84_to_gcj02"]
