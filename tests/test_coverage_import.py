"""GeoJSON boundary files through the import path: matched to regions by code, their coordinate
system honoured (WGS-84 converted to GCJ-02), bad features reported by number, a refused file
leaving the database as it was; and areas changing the coverage numbers."""

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest

from grassroots import db, sql
from grassroots.geo import coverage
from grassroots.ingest import geojson, import_files
from tests.conftest import ROOT

GUANDU, XIAOJIE, FENGHUANG = "530111", "530111001001", "530111004001"
# eviltransform's published Beijing point: WGS-84 (116.377817, 39.911954) is GCJ-02
# (116.38404722455657, 39.91334545536069)
W_BJ, G_BJ = (116.377817, 39.911954), (116.38404722455657, 39.91334545536069)


@pytest.fixture
def tiny_copy(tiny_db, tmp_path):
    path = tmp_path / "tiny.duckdb"
    shutil.copy(tiny_db, path)
    return path


def square(x0, y0, side):
    return [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]


def feature(code, coords, name=None, key="code", kind="Polygon"):
    props = {key: code}
    if name:
        props["name"] = name
    return {"type": "Feature", "properties": props, "geometry": {"type": kind, "coordinates": coords}}


def write(path, features, crs=None):
    doc = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        doc["crs"] = crs
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def boundaries(path):
    with db.reader(path) as con:
        return con.execute(
            "select code, level, name, geojson, source_crs, area_m2 from region_boundaries order by code"
        ).df()


def test_boundaries_import_by_code_and_skip_unknown_regions(tiny_copy, tmp_path):
    f = write(
        tmp_path / "边界.geojson",
        [
            feature(int(GUANDU), [square(102.6, 24.9, 0.3)], "官渡区", key="adcode"),  # DataV style: adcode
            feature(XIAOJIE, [square(102.735, 25.005, 0.01)], "小街社区"),
            feature("530199", [square(103.0, 25.0, 0.1)], "别处"),  # no such region
        ],
    )
    (rep,) = import_files([f], db=tiny_copy, lang="zh")
    assert rep.status == "loaded" and rep.table == "region_boundaries"
    assert (rep.rows_read, rep.rows_loaded, rep.rows_rejected) == (3, 2, 0)
    assert "530199" in rep.message and "跳过" in rep.message
    got = boundaries(tiny_copy)
    assert got["code"].tolist() == [GUANDU, XIAOJIE]
    assert got["level"].tolist() == ["district", "community"]  # from the regions they match
    assert (got["source_crs"] == "GCJ02").all()  # nothing declared: GCJ-02
    stored = json.loads(got.set_index("code").loc[XIAOJIE, "geojson"])
    assert stored["coordinates"][0][0] == [102.735, 25.005]  # GCJ-02 stays as it is
    # area of a 0.01-degree square at 25 N: (R * 0.01 * pi/180)^2 * cos(25.01 N)
    side = 6_371_008.8 * math.radians(0.01)
    assert got.set_index("code").loc[XIAOJIE, "area_m2"] == pytest.approx(
        side * side * math.cos(math.radians(25.01)), rel=1e-3
    )
    with db.reader(tiny_copy) as con:
        log = con.execute("select table_name, profile, rows_read, rows_loaded from import_log").fetchall()
    assert log == [("region_boundaries", "geojson", 3, 2)]


@pytest.mark.parametrize(
    "crs",
    [
        "WGS84",
        {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        {"type": "name", "properties": {"name": "EPSG:4490"}},
    ],
)
def test_wgs84_files_are_converted_to_gcj02(tiny_copy, tmp_path, crs):
    ring = [list(W_BJ), [W_BJ[0] + 0.01, W_BJ[1]], [W_BJ[0] + 0.01, W_BJ[1] + 0.01], list(W_BJ)]
    f = write(tmp_path / "wgs.geojson", [feature(XIAOJIE, [ring])], crs=crs)
    (rep,) = import_files([f], db=tiny_copy)
    assert rep.status == "loaded", rep.message
    got = boundaries(tiny_copy).set_index("code").loc[XIAOJIE]
    assert got["source_crs"] == "WGS84"
    first = json.loads(got["geojson"])["coordinates"][0][0]
    assert first == pytest.approx(list(G_BJ), abs=1e-6)  # the published GCJ-02 point


def test_bad_features_refuse_the_file_and_change_nothing(tiny_copy, tmp_path):
    with db.reader(tiny_copy) as con:
        before = db.table_checksums(con)
    identity = (tiny_copy.stat().st_ino, tiny_copy.stat().st_mtime_ns)
    f = write(
        tmp_path / "坏.geojson",
        [
            feature(XIAOJIE, [square(102.735, 25.005, 0.01)]),  # 1 fine
            {"type": "Feature", "properties": {"名称": "无代码"}, "geometry": None},  # 2 no code
            feature(FENGHUANG, [102.77, 25.04], kind="Point"),  # 3 a point
            feature(GUANDU, [[[102.6, 24.9], [102.9, 24.9], [102.6, 24.9]]]),  # 4 a ring of 3
            feature("530111004", [square(12_000_000.0, 2_800_000.0, 500.0)]),  # 5 projected metres
            feature(XIAOJIE, [square(102.7, 25.0, 0.01)]),  # 6 the same code again
        ],
    )
    (rep,) = import_files([f], db=tiny_copy, lang="en")
    assert rep.status == "refused" and rep.code == "rows_invalid"
    assert [(e["row"], e["code"]) for e in rep.errors] == [
        (2, "geojson_no_code"),
        (3, "geojson_geometry"),
        (4, "geojson_ring"),
        (5, "geojson_coordinate"),
        (6, "geojson_duplicate"),
    ]
    assert "feature 1" in rep.errors[-1]["reason"]
    assert "degrees" in rep.errors[3]["reason"]
    with db.reader(tiny_copy) as con:
        assert db.table_checksums(con) == before
    assert (tiny_copy.stat().st_ino, tiny_copy.stat().st_mtime_ns) == identity  # the very file: no new version
    # with accept_valid the good feature loads and the rest are reported
    (rep,) = import_files([f], db=tiny_copy, accept_valid=True)
    assert rep.status == "partial" and (rep.rows_loaded, rep.rows_rejected) == (1, 5)
    assert boundaries(tiny_copy)["code"].tolist() == [XIAOJIE]


@pytest.mark.parametrize(
    "text, code",
    [
        ('{"type": "FeatureCollection", "features": [', "geojson_bad_json"),
        ('{"type": "Topology", "objects": {}}', "geojson_not_features"),
        ('{"type": "FeatureCollection", "features": []}', "geojson_no_features"),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}, "features": []}',
            "geojson_crs",
        ),
    ],
)
def test_files_that_are_not_boundaries_get_a_reason(tiny_copy, tmp_path, text, code):
    f = tmp_path / "x.geojson"
    f.write_text(text, encoding="utf-8")
    (rep,) = import_files([f], db=tiny_copy)
    assert rep.status == "refused" and rep.code == code
    assert rep.message and "{" not in rep.message  # a formatted sentence


def test_a_json_file_is_recognised_by_its_content(tmp_path):
    f = write(tmp_path / "districts.json", [feature(GUANDU, [square(102.6, 24.9, 0.3)])])
    assert geojson.is_geojson(f)
    csv = tmp_path / "tickets.csv"
    csv.write_text("工单编号,上报时间\nT1,2026-10-01\n", encoding="utf-8")
    assert not geojson.is_geojson(csv)


def test_the_command_line_imports_boundaries(tiny_copy, tmp_path):
    f = write(tmp_path / "b.geojson", [feature(FENGHUANG, [square(102.765, 25.035, 0.01)])])
    run = subprocess.run(
        [sys.executable, "-m", "grassroots", "import", str(f), "--db", str(tiny_copy), "--quiet", "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 loaded" in run.stdout
    assert boundaries(tiny_copy)["code"].tolist() == [FENGHUANG]


def test_demo_district_files_load(tiny_copy):
    with db.writer(tiny_copy) as con:
        rep = geojson.load_boundaries(con, ROOT / "data" / "geo" / "530100_full.json")
    assert rep.status == "loaded" and rep.rows_loaded == 1 and rep.rows_read == 14  # only 官渡区 is in tiny
    got = boundaries(tiny_copy).set_index("code").loc[GUANDU]
    assert 600e6 < got["area_m2"] < 680e6  # 官渡区 is about 636 km2


def test_community_areas_change_the_resident_coverage(tiny_copy, tmp_path):
    # 小街 (10,000 residents) becomes a 0.02-degree square centred on its centre C1 (102.74, 25.01):
    # 2,224 m north-south, 2,016 m east-west. C1's 1,000 m circle lies inside it, so the covered share
    # is pi * 1000^2 / area.
    f = write(tmp_path / "小街.geojson", [feature(XIAOJIE, [square(102.73, 25.0, 0.02)])])
    (rep,) = import_files([f], db=tiny_copy)
    assert rep.status == "loaded"
    with db.reader(tiny_copy) as con:
        comms = sql.run(con, "coverage/communities", {"region": XIAOJIE})
        bounds = sql.run(con, "coverage/boundaries", {"region": XIAOJIE})
    assert comms["has_boundary"].tolist() == [True]
    shapes = {
        b.code: coverage.polygons_of(json.loads(b.geojson)) for b in bounds[bounds.level == "community"].itertuples()
    }
    demand = coverage.demand_points(comms, shapes, n=4000)
    cov = coverage.community_coverage(comms, [102.74], [25.01], 1000, demand=demand)
    r = 6_371_008.8
    area = (r * math.radians(0.02)) ** 2 * math.cos(math.radians(25.01))
    assert cov["covered_share"].iloc[0] == pytest.approx(math.pi * 1e6 / area, abs=0.02)  # 0.70
    assert cov["covered"].iloc[0]
    assert bool(np.isfinite(cov["nearest_m"].iloc[0]))
