"""Coordinates: GCJ-02 <-> WGS-84 against published reference points, and the density hexagons the
database bins into against the cells the map draws."""

import duckdb
import numpy as np
import pytest

from grassroots import geo
from grassroots.geo import coverage, maps
from grassroots.schema import migrate

# (WGS-84 lat, lon, GCJ-02 lat, lon): the test vectors published with the eviltransform library
# (googollee/eviltransform, python/test.py and go/transform_test.go)
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# gcoord (hujiulong/gcoord, test/unit/crs): WGS-84 (123, 45) -> GCJ-02 (123.00607541, 45.00197815)
GCOORD_W2G = ((123.0, 45.0), (123.00607541, 45.00197815))


@pytest.mark.parametrize("w_lat, w_lon, g_lat, g_lon", EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_published_points(w_lat, w_lon, g_lat, g_lon):
    lon, lat = geo.wgs84_to_gcj02(w_lon, w_lat)
    assert lon == pytest.approx(g_lon, abs=1e-7) and lat == pytest.approx(g_lat, abs=1e-7)


@pytest.mark.parametrize("w_lat, w_lon, g_lat, g_lon", EVILTRANSFORM)
def test_gcj02_to_wgs84_returns_to_the_published_point(w_lat, w_lon, g_lat, g_lon):
    lon, lat = geo.gcj02_to_wgs84(g_lon, g_lat)
    assert coverage.haversine_m(lon, lat, w_lon, w_lat) < 0.05  # metres; the library's own bound is 0.5


def test_gcoord_reference_point_and_the_offset_size():
    (w_lon, w_lat), (g_lon, g_lat) = GCOORD_W2G
    lon, lat = geo.wgs84_to_gcj02(w_lon, w_lat)
    assert lon == pytest.approx(g_lon, abs=1e-7) and lat == pytest.approx(g_lat, abs=1e-7)
    # the offset is a few hundred metres: enough to put a centre in the wrong compound if ignored
    assert 300 < coverage.haversine_m(w_lon, w_lat, lon, lat) < 700


def test_outside_china_unchanged_and_arrays_keep_nan():
    assert geo.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)  # Paris
    lon, lat = geo.gcj02_to_wgs84(np.array([121.531541859215, np.nan]), np.array([31.17530398364597, np.nan]))
    assert np.isnan(lon[1]) and np.isnan(lat[1])
    assert lon[0] == pytest.approx(121.5272106, abs=1e-7)


def test_database_hex_cells_hold_their_points():
    con = duckdb.connect()
    migrate.upgrade(con)
    rng = np.random.default_rng(3)
    lon = 102.7 + rng.uniform(-0.05, 0.05, 300)
    lat = 25.0 + rng.uniform(-0.05, 0.05, 300)
    size, lat0 = 500.0, 25.0
    cells = con.execute(
        "select c.q, c.r from (select hex_cell(unnest($lon::double[]), unnest($lat::double[]), $s, $l0) as c)",
        {"lon": lon.tolist(), "lat": lat.tolist(), "s": size, "l0": lat0},
    ).fetchall()
    q = np.array([c[0] for c in cells])
    r = np.array([c[1] for c in cells])
    # the cell the map draws: centred where maps.hex_centres puts it, corners `size` metres out at
    # 30 + 60k degrees (pointy-top), on the same plane
    clon, clat = maps.hex_centres(q, r, size, lat0)
    ang = np.radians(np.arange(7) * 60.0 + 30.0)
    m_per_deg_lat = 6_371_008.8 * np.pi / 180
    for i in range(len(q)):
        ring = np.column_stack(
            [
                clon[i] + size * np.cos(ang) / (m_per_deg_lat * np.cos(np.radians(lat0))),
                clat[i] + size * np.sin(ang) / m_per_deg_lat,
            ]
        )
        assert coverage.inside([[ring]], [lon[i]], [lat[i]])[0], f"point {i} outside its cell ({q[i]}, {r[i]})"
        # and it is nearer its own centre than the next cell's (no more than the circumradius away)
        assert coverage.haversine_m(lon[i], lat[i], clon[i], clat[i]) <= size * 1.001
