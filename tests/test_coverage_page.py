"""The coverage page against the tiny database (tests/tiny.py): 小街 (10,000 residents) with C1
operating since 2026-03-01 at its point; 凤凰山 (5,000) 4.5 km away with C2 still being built.
With a 1,000 m circle: 1 of 2 communities has a centre and is covered, 10,000 of 15,000 residents."""

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.signin import as_role, month_app, through_entry


@pytest.fixture
def app(tiny_db, monkeypatch):
    through_entry(monkeypatch)
    return month_app(tiny_db, monkeypatch)


def show(at) -> AppTest:
    """Open the coverage page."""
    at.switch_page("pages/coverage.py")
    return at.run()


def metrics(at) -> dict:
    return {m.label: m for m in at.metric}


def deck(at) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def layer(spec, layer_id):
    return next(x for x in spec["layers"] if x["id"] == layer_id)


def values(v) -> list:
    """A plotly JSON array, plain or typed (base64)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def table(at, column):
    """The first table showing `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_hand_computed_coverage(app):
    show(app)
    assert not app.exception and not app.error
    m = metrics(app)
    assert m["运行中心"].value == "1"
    assert (m["试点覆盖率"].value, m["试点覆盖率"].delta) == ("50.0%", "1 / 2")
    assert (m["服务圈覆盖社区"].value, m["服务圈覆盖社区"].delta) == ("50.0%", "1 / 2")
    assert (m["服务圈覆盖人口"].value, m["服务圈覆盖人口"].delta) == ("66.7%", "10,000 / 15,000")
    streets = table(app, "有运行中心").set_index("街道")
    assert streets.loc["关上街道", "人口覆盖率"] == 1.0 and streets.loc["金马街道", "人口覆盖率"] == 0.0
    gaps = table(app, "未覆盖人口")
    assert gaps["社区"].tolist() == ["凤凰山社区"] and gaps["未覆盖人口"].tolist() == [5000]
    assert gaps["已有在建/规划中心"].tolist() == [True]  # C2 is being built there
    assert gaps["最近中心（公里）"].iloc[0] == pytest.approx(4.0, abs=0.6)
    nxt = table(app, "新增覆盖人口")
    assert nxt["社区"].tolist() == ["凤凰山社区"] and nxt["新增覆盖人口"].tolist() == [5000]
    assert nxt["累计人口覆盖率"].tolist() == [1.0]


def test_the_map_is_offline_with_default_layers_and_tooltips(app):
    show(app)
    spec = deck(app)
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    assert [x["id"] for x in spec["layers"]] == ["communities", "circles", "centres"]  # tiny has no boundaries
    assert len(layer(spec, "circles")["data"]) == 1 and layer(spec, "circles")["getRadius"] == 1000.0
    colours = {d["tip"].split("（")[0]: d["colour"][:3] for d in layer(spec, "communities")["data"]}
    assert colours == {"小街社区": [26, 152, 80], "凤凰山社区": [215, 48, 39]}
    tips = [d["tip"] for d in layer(spec, "centres")["data"]]
    assert any("小街社区便民党群服务中心" in t and "运行" in t for t in tips)


def test_layers_toggle(app):
    app.session_state["coverage_layers"] = ["centres", "density", "suggestions"]
    show(app)
    assert not app.exception
    ids = [x["id"] for x in deck(app)["layers"]]
    assert ids == ["density", "centres", "suggestion-circles", "suggestions", "suggestion-labels"]
    # October's 6 tickets have no coordinates of their own: placed at their communities (5 + 1)
    cells = layer(deck(app), "density")["data"]
    assert sorted(int(c["tip"].split("：")[1]) for c in cells) == [1, 5]
    assert any("6 条记录没有自己的坐标" in c.value for c in app.caption)


def test_slider_replays_the_rollout(app):
    app.session_state["period"] = "year"
    app.session_state["at_year"] = "2026-01-01"
    show(app)
    slider = app.select_slider(key="coverage_month")
    assert slider.options[0] == "2026年1月" and slider.options[-1] == "2026年11月"
    assert slider.value == "2026-11-20"  # the period's end: the data's as-of day
    slider.set_value("2026-02-28").run()  # before C1 opened on 1 March
    m = metrics(app)
    assert m["运行中心"].value == "0" and m["服务圈覆盖人口"].value == "0.0%"
    centres = layer(deck(app), "centres")["data"]
    assert all("在建" in c["tip"] for c in centres)  # C1 was still being built
    assert not any(x["id"] == "circles" for x in deck(app)["layers"])
    app.select_slider(key="coverage_month").set_value("2026-03-31").run()
    assert metrics(app)["运行中心"].value == "1"


def test_map_keeps_its_view_when_filters_change(app):
    show(app)
    view = deck(app)["initialViewState"]
    app.sidebar.segmented_control(key="period").set_value("year").run()
    app.select_slider(key="coverage_month").set_value("2026-02-28").run()
    app.pills(key="coverage_layers").set_value(["centres"]).run()
    app.selectbox(key="coverage_colour").set_value("pilot_batch").run()
    assert metrics(app)["运行中心"].value == "0"  # the changes took
    assert [x["id"] for x in deck(app)["layers"]] == ["centres"]
    assert deck(app)["initialViewState"] == view
    app.sidebar.selectbox(key="district").set_value("530111").run()
    app.sidebar.selectbox(key="street").set_value("530111004").run()  # drilling into a region moves the map there
    moved = deck(app)["initialViewState"]
    assert moved != view and moved["latitude"] == pytest.approx(25.04, abs=1e-6)


def test_region_filter_narrows_the_numbers(app):
    app.session_state["district"] = "530111"
    app.session_state["street"] = "530111004"
    show(app)
    m = metrics(app)
    assert m["运行中心"].value == "0"  # C1 is 4.5 km away, beyond any circle
    assert (m["服务圈覆盖人口"].value, m["服务圈覆盖人口"].delta) == ("0.0%", "0 / 5,000")


def test_rollout_against_the_programme_target(app):
    app.session_state["period"] = "year"
    app.session_state["at_year"] = "2026-01-01"
    show(app)
    spec = next(c.proto.spec for c in app.get("plotly_chart") if '"hv"' in c.proto.spec)
    traces = json.loads(spec)["data"]
    centres = values(traces[0]["y"])
    assert centres[:4] == [0, 0, 1, 1]  # Jan, Feb 0; C1 from March
    assert len(centres) == 11  # January to November 2026
    (target,) = [d for d in traces if d.get("marker", {}).get("symbol") == "diamond"]
    assert values(target["y"]) == [2] and str(target["x"][0]).startswith("2026-07-31")
    lights = [d.value for d in app.dataframe if "预警" in d.value.columns]
    assert lights and lights[0]["预警"].tolist() == ["🔴 预警"]  # 1 of 2 by the end of July


def test_english(app):
    app.session_state["lang"] = "en"
    show(app)
    assert not app.exception
    labels = {m.label for m in app.metric}
    assert {"Operating centres", "Pilot coverage", "Residents within a circle"} <= labels
    tips = [d["tip"] for d in layer(deck(app), "communities")["data"]]
    assert all("Residents:" in t for t in tips)


def test_where_next_k(app):
    show(app)
    app.number_input(key="coverage_k").set_value(3).run()
    assert any("只有 1 处新址能新增覆盖" in c.value for c in app.caption)  # one community has no centre


def test_centre_staff_see_their_centre_only(app):
    as_role(app, "centre_staff", "530111001001", centre="C1")
    show(app)
    assert not app.exception and not app.error
    spec = deck(app)
    assert [d["tip"].split("\n")[0] for d in layer(spec, "centres")["data"]] == ["小街社区便民党群服务中心"]
    assert metrics(app)["服务圈覆盖人口"].value == "100.0%"  # their community, all within C1's circle


def test_community_polygons_are_drawn_and_counted(tiny_db, tmp_path, monkeypatch, app):
    import shutil

    from grassroots.ingest import import_files

    path = tmp_path / "with_areas.duckdb"
    shutil.copy(tiny_db, path)
    # 小街 as a 0.02-degree square centred on C1 (2,224 m by 2,016 m): 70% of it within 1 km;
    # 凤凰山 as a square whose nearest corner is 2.9 km from C1: none of it
    geo = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "530111001001"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[102.73, 25.0], [102.75, 25.0], [102.75, 25.02], [102.73, 25.02], [102.73, 25.0]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"code": "530111004001"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[102.76, 25.03], [102.78, 25.03], [102.78, 25.05], [102.76, 25.05], [102.76, 25.03]]
                    ],
                },
            },
        ],
    }
    f = tmp_path / "areas.geojson"
    f.write_text(json.dumps(geo), encoding="utf-8")
    (rep,) = import_files([f], db=path)
    assert rep.status == "loaded"
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    as_role(app)
    show(app)
    assert not app.exception
    ids = [x["id"] for x in deck(app)["layers"]]
    assert "community-areas" in ids and "boundaries-community" in ids
    share = float(metrics(app)["服务圈覆盖人口"].value.rstrip("%")) / 100
    # 10,000 * pi * 1000^2 / (2,224 m * 2,016 m) = 7,000 of 15,000 residents: about 0.47
    assert share == pytest.approx(10_000 * 0.70 / 15_000, abs=0.02)


def test_a_centre_next_door_covers_but_is_not_the_regions(tiny_db, tmp_path, monkeypatch, app):
    import shutil

    from grassroots import db

    path = tmp_path / "next_door.duckdb"
    shutil.copy(tiny_db, path)
    with db.writer(path) as con:  # a 关上 community and its centre C3 some 300 m from 凤凰山's point
        con.execute(
            "insert into regions values ('530111001002', '邻社区', '530111001', 'community', 100, 0, 40, 102.772, 25.042)"
        )
        con.execute(
            "insert into centres (centre_id, name, type, community_code, lon, lat, opened_on, status)"
            " values ('C3', '邻社区中心', '邻里中心', '530111001002', 102.772, 25.042, '2026-01-01', '运行')"
        )
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    as_role(app)
    app.session_state["district"] = "530111"
    app.session_state["street"] = "530111004"  # 金马: only 凤凰山 (5,000)
    show(app)
    m = metrics(app)
    assert m["运行中心"].value == "0"  # C3 stands in 关上
    assert (m["服务圈覆盖人口"].value, m["服务圈覆盖社区"].value, m["试点覆盖率"].value) == ("100.0%", "100.0%", "0.0%")
    tips = {d["tip"].split("\n")[0]: d["tip"] for d in layer(deck(app), "centres")["data"]}
    assert set(tips) == {"凤凰山社区便民党群服务中心", "邻社区中心"}  # C1, 4.5 km away, reaches nobody here
    assert "办件量：—" in tips["邻社区中心"]  # its work stays outside this scope


def test_the_replay_keeps_its_month_across_a_language_switch(app):
    app.session_state["period"] = "year"
    app.session_state["at_year"] = "2026-01-01"
    show(app)
    app.select_slider(key="coverage_month").set_value("2026-03-31").run()  # C1 opened on 1 March
    assert metrics(app)["运行中心"].value == "1"
    app.session_state["lang"] = "en"
    app.run()
    slider = app.select_slider(key="coverage_month")
    assert slider.value == "2026-03-31" and slider.options[2] == "2026-03"  # the labels follow the language
    # the browser keeps the slider's month by its label: the run hands it March in English, or the
    # slider would show its first month while the map shows March
    assert slider.proto.set_value and list(slider.proto.raw_value) == ["2026-03"]
    assert metrics(app)["Operating centres"].value == "1"  # the map's month, March


def test_a_centre_clicked_on_the_map_opens_its_profile(app):
    show(app)
    points = layer(deck(app), "centres")["data"]
    assert {p["centre_id"] for p in points} >= {"C1"}
    c1 = next(p for p in points if p["centre_id"] == "C1")
    # what the browser reports for a click on C1's point
    app.session_state["coverage_map_0"] = {
        "selection": {"indices": {"centres": [points.index(c1)]}, "objects": {"centres": [c1]}}
    }
    app.run()
    assert not app.exception
    assert app.title[0].value == "中心画像"
    assert app.selectbox(key="centre_profile").value == "C1"


def test_a_click_on_anything_but_a_centre_stays_on_the_map():
    from grassroots.geo import maps

    assert maps.picked_centre({"indices": {"communities": [0]}, "objects": {"communities": [{"tip": "x"}]}}) is None
    assert maps.picked_centre({"indices": {}, "objects": {}}) is None and maps.picked_centre(None) is None
    assert maps.picked_centre({"objects": {"centres": [{"centre_id": "C7"}]}}) == "C7"
    assert maps.picked_centre({"selection": {"objects": {"centres": [{"centre_id": "C7"}]}}}) == "C7"
