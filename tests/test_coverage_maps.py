"""The map builders: offline style, layers and their ids, colours, sizes, tooltips in the interface
language, literal units (pydeck reads bare strings as expressions), the view fit, and the WGS-84
display option."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from grassroots import i18n
from grassroots.geo import coverage, maps


def tr_for(lang):
    return lambda key, **fmt: i18n.t(key, lang, **fmt)


ZH, EN = tr_for("zh"), tr_for("en")


def centres() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "centre_id": ["A", "B", "C", "D"],
            "name": ["甲中心", "乙中心", "丙中心", "丁中心"],
            "type": ["邻里中心"] * 4,
            "community_code": ["1", "2", "3", "4"],
            "community": ["一社区", "二社区", "三社区", None],
            "lon": [102.70, 102.71, 102.72, np.nan],
            "lat": [25.0, 25.01, 25.02, np.nan],
            "status_on": ["运行", "在建", "规划", "运行"],
            "pilot_batch": ["第一批", "第二批", None, "第一批"],
            "opened_on": [pd.Timestamp("2026-01-01"), pd.NaT, pd.NaT, pd.NaT],
            "operating": [True, False, False, False],
            "undated": [False, False, False, True],
            "services": [400.0, 100.0, 0.0, np.nan],
            "activities": [1, 2, 3, None],
            "visits": [1, 2, 3, None],
            "floor_area_m2": [500.0, 300.0, None, 200.0],
            "staff": [10, 5, 0, 3],
        }
    )


def layer_json(layer) -> dict:
    return json.loads(maps.deck([layer], {"longitude": 102.7, "latitude": 25.0, "zoom": 10}).to_json())["layers"][0]


def test_the_deck_asks_nothing_of_the_internet():
    spec = json.loads(maps.deck([maps.circle_layer(centres(), 1000)], maps.fit_view([102.7], [25.0])).to_json())
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    assert "http" not in json.dumps(spec)
    online = json.loads(maps.deck([], maps.fit_view([102.7], [25.0]), base_map=True).to_json())
    assert online["mapStyle"].startswith("https://")  # only when asked for


def test_units_are_literal_strings_not_expressions():
    spec = layer_json(maps.circle_layer(centres(), 1000))
    assert spec["radiusUnits"] == "meters" and spec["getRadius"] == 1000.0
    assert spec["lineWidthUnits"] == "pixels"
    spec = layer_json(maps.centre_layer(centres(), ZH))
    assert spec["radiusUnits"] == "pixels" and spec["getRadius"] == "@@=r"  # per-object radius is an accessor


def test_centres_coloured_by_status_or_batch_and_sized_by_a_metric():
    spec = layer_json(maps.centre_layer(centres(), ZH, colour_by="status", size_by="services"))
    data = spec["data"]
    assert len(data) == 3  # D has no coordinates
    assert [d["colour"][:3] for d in data] == [list(maps.STATUS_COLOURS[s]) for s in ("运行", "在建", "规划")]
    # area proportional to services: 400 -> 18 px, 100 -> 4 + 14 * sqrt(1/4) = 11 px, 0 -> 4 px
    assert [d["r"] for d in data] == [18.0, 11.0, 4.0]
    spec = layer_json(maps.centre_layer(centres(), ZH, colour_by="pilot_batch"))
    colours = [tuple(d["colour"][:3]) for d in spec["data"]]
    assert colours[0] != colours[1] and colours[2] == maps.NO_BATCH


def test_tooltips_speak_the_interface_language():
    zh = layer_json(maps.centre_layer(centres(), ZH))["data"][0]["tip"]
    en = layer_json(maps.centre_layer(centres(), EN))["data"][0]["tip"]
    assert "甲中心" in zh and "试点批次" in zh and "运行" in zh
    assert "Pilot batch" in en and "operating" in en and "试点批次" not in en
    spec = json.loads(maps.deck([], maps.fit_view([102.7], [25.0])).to_json())
    assert "tooltip" not in spec  # streamlit sends the tooltip beside the spec
    assert maps.deck([], maps.fit_view([102.7], [25.0]))._tooltip["text"] == "{tip}"


def test_community_layer_colours_covered_and_not():
    comms = pd.DataFrame(
        {
            "code": ["P0", "P1", "P2"],
            "name": ["零", "一", "二"],
            "street": ["甲"] * 3,
            "residents": [100, 500, 300],
            "lon": [102.7] * 3,
            "lat": [25.0, 25.006, 25.012],
        }
    )
    cov = coverage.community_coverage(comms, [102.7], [25.0], 1000, centre_communities=["P0"])
    (layer,) = maps.community_layers(cov, None, EN, 10_000)
    data = layer_json(layer)["data"]
    assert [d["colour"][:3] for d in data] == [list(maps.COVERED)] * 2 + [list(maps.UNCOVERED)]
    assert "has its own operating centre" in data[0]["tip"] and "1.33 km" in data[2]["tip"]


def test_boundaries_one_layer_per_level_with_tips():
    geom = {"type": "Polygon", "coordinates": [[[102.6, 24.9], [102.9, 24.9], [102.9, 25.2], [102.6, 24.9]]]}
    bounds = pd.DataFrame(
        {
            "code": ["530111", "530111001"],
            "level": ["district", "street"],
            "name": ["官渡区", "关上街道"],
            "geojson": [json.dumps(geom)] * 2,
            "area_m2": [636e6, None],
        }
    )
    layers = maps.boundary_layers(bounds, ZH)
    assert [layer.id for layer in layers] == ["boundaries-district", "boundaries-street"]
    props = layer_json(layers[0])["data"]["features"][0]["properties"]
    assert "官渡区" in props["tip"] and "636.0" in props["tip"]


def test_hexagons_coloured_on_a_log_scale():
    # row r = 3706 lies at 25.0 N (3706 * 1.5 * 500 m north of the equator), where the plane is true
    cells = pd.DataFrame({"q": [8000, 8001, 8002], "r": [3706] * 3, "n": [1, 10, 1000]})
    spec = layer_json(maps.density_layer(cells, 500, 25.0, "工单", ZH))
    # one small record per cell, drawn as a flat six-sided column of the cell's size, turned to pointy-top
    assert (spec["@@type"], spec["diskResolution"], spec["radius"], spec["angle"], spec["extruded"]) == (
        "ColumnLayer",
        6,
        500.0,
        30,
        False,
    )
    data = spec["data"]
    assert len(data) == 3 and set(data[0]) == {"lon", "lat", "colour", "tip"}
    # neighbours (q, r) and (q + 1, r) are sqrt(3) * 500 m apart, east-west
    d = coverage.haversine_m(data[0]["lon"], data[0]["lat"], data[1]["lon"], data[1]["lat"])
    assert d == pytest.approx(math.sqrt(3) * 500, rel=1e-3) and data[0]["lat"] == data[1]["lat"]
    # log1p(n) / log1p(1000) * 4 steps: n = 1 -> 0.40 -> step 0, n = 10 -> 1.39 -> step 1, n = 1000 -> step 4
    assert [d["colour"][:3] for d in data] == [list(maps.DENSITY_RAMP[i]) for i in (0, 1, 4)]
    assert "1,000" in data[2]["tip"]


def test_suggestions_carry_their_pick_number():
    sites = pd.DataFrame(
        {"pick": [1, 2], "name": ["甲", "乙"], "gain": [1200.0, 360.0], "lon": [102.7, 102.71], "lat": [25.0, 25.01]}
    )
    ids = [layer.id for layer in maps.suggestion_layers(sites, 1000, ZH)]
    assert ids == ["suggestion-circles", "suggestions", "suggestion-labels"]
    labels = layer_json(maps.suggestion_layers(sites, 1000, ZH)[2])["data"]
    assert [d["label"] for d in labels] == ["1", "2"]


def test_fit_view_shows_every_point():
    lon, lat = [102.6, 102.9, 119.0], [24.9, 25.2, 25.4]
    v = maps.fit_view(lon, lat, width_px=900, height_px=560)
    half_span = 900 / 512 * 360 / 2 ** v["zoom"] / 2  # deck.gl: the world is 512 px wide at zoom 0
    assert v["longitude"] - half_span <= min(lon) and max(lon) <= v["longitude"] + half_span
    assert max(lon) - min(lon) > half_span  # and uses the space: no more than twice as wide
    assert maps.fit_view([], [])["zoom"] < 5  # nothing to show: China
    assert maps.fit_view([102.7], [25.0])["zoom"] == 15.0  # one point: close, not infinite


def test_base_map_option_shows_wgs84_coordinates():
    g_lon, g_lat = 116.38404722455657, 39.91334545536069  # published GCJ-02 of WGS-84 (116.377817, 39.911954)
    frame = pd.DataFrame({"lon": [g_lon], "lat": [g_lat]})
    gcj = layer_json(maps.circle_layer(frame, 1000, wgs84=False))["data"][0]
    wgs = layer_json(maps.circle_layer(frame, 1000, wgs84=True))["data"][0]
    assert (gcj["lon"], gcj["lat"]) == pytest.approx((g_lon, g_lat), abs=1e-6)
    assert (wgs["lon"], wgs["lat"]) == pytest.approx((116.377817, 39.911954), abs=2e-6)


def test_legend_follows_the_layers():
    items = maps.legend(["circles", "communities"], "status", centres(), 1000, ZH)
    labels = [label for label, _ in items]
    assert labels == ["服务圈（半径 1,000 米）", "社区：在服务圈内", "社区：未覆盖"]
    batches = [label for label, _ in maps.legend(["centres"], "pilot_batch", centres(), 1000, EN)]
    assert batches == ["第一批", "第二批", "no batch"]


def test_thousands_of_centres_make_a_compact_spec():
    n = 5000
    rng = np.random.default_rng(1)
    many = pd.concat([centres().iloc[:1]] * n, ignore_index=True)
    many["lon"] = 102.7 + rng.normal(0, 0.2, n)
    many["lat"] = 25.0 + rng.normal(0, 0.2, n)
    spec = maps.deck(
        [maps.centre_layer(many, ZH), maps.circle_layer(many, 1000)], maps.fit_view(many.lon, many.lat)
    ).to_json()
    assert len(spec) < 3_500_000  # about 0.6 KB per centre, tooltip included
    assert math.isfinite(json.loads(spec)["initialViewState"]["zoom"])
