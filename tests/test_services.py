"""The services page (便民服务) and its queries against tests/tiny_activity.py, worked out by hand."""

import dataclasses
import datetime as dt

import pytest

from grassroots import config
from tests.contracts import OCTOBER
from tests.tiny_activity import app, figures, metrics
from tests.tiny_activity import query as run

PAGE = "pages/services.py"


def test_summary_by_hand(activity_db):
    s = run(activity_db, "services/summary").iloc[0]
    assert s.services == 8  # S1-S8 (S9 September, S10 November)
    assert s.online == 2  # S2 网上办, S3 掌上办
    assert s.proxy == 1 and s.home == 1  # S5 帮代办, S6 上门服务
    assert s.tongban == 2  # S4 and S5: applicants from other communities (S3 has none)
    assert s.extended == 4  # S2 Fri 12:30, S3 Sat 11:00, S4 Sun 15:00, S5 Mon 19:30
    assert s.finished == 7  # S7 still open
    assert (s.rated, s.satisfied) == (6, 5)  # ratings 5, 4, 1, 3, 5, 4: all but the 1 are >= 3
    assert s.avg_rating == pytest.approx(22 / 6)
    assert s.staff == 22 + 20 + 5  # the centres that served: C1, C2, C3 (C4 served nobody)
    assert s.services_per_staff == pytest.approx(8 / 47)


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"region": "530111001"},
        {"centre_id": "C2"},
        {"pilot_batch": "第一批"},
        {"date_from": dt.date(2026, 9, 15), "date_to": dt.date(2026, 10, 12)},  # ragged
        {"date_from": dt.date(2026, 9, 1), "date_to": dt.date(2026, 11, 21)},
    ],
)  # to as-of
def test_numbers_agree_with_the_overview(activity_db, scope):
    ours = run(activity_db, "services/summary", {**OCTOBER, **scope}).iloc[0]
    theirs = run(activity_db, "overview/kpis", {**OCTOBER, **scope}).iloc[0]
    assert ours.services == theirs.services
    assert ours.online_share == pytest.approx(theirs.online_share, nan_ok=True)


def test_items_categories_and_ratings_by_hand(activity_db):
    items = run(activity_db, "services/by_item").set_index("item_code")
    assert list(items.index) == ["I1", "I2"]  # I3, I4 nobody used in October
    assert items.loc["I1", "services"] == 5  # S1, S2, S5, S6, S8
    assert items.loc["I1", "online_share"] == pytest.approx(1 / 5)
    assert items.loc["I1", "avg_rating"] == pytest.approx((5 + 4 + 3 + 5 + 4) / 5)
    assert items.loc["I1", "centres_serving"] == 3  # C1, C2, C3
    assert items.loc["I1", "centres_listing"] == 4  # C1-C4 operate; C5 (在建) is not counted
    assert items.loc["I2", "satisfaction_rate"] == 0  # S4's 不满意 is its only rating
    cats = run(activity_db, "services/by_category").set_index("category")
    assert cats.services.to_dict() == {"老有所养": 3, "病有所医": 5}
    ratings = run(activity_db, "services/ratings")
    assert ratings.set_index("rating").services.to_dict() == {5: 2, 4: 2, 3: 1, 2: 0, 1: 1}


def test_channels_and_hours_by_hand(activity_db):
    ch = run(activity_db, "services/by_channel").set_index("channel")
    assert ch.services.to_dict() == {"窗口": 3, "网上办": 1, "掌上办": 1, "自助终端": 1, "帮代办": 1, "上门服务": 1}
    assert ch.loc["窗口", "extended_share"] == pytest.approx(1 / 3)  # S4 on Sunday
    how = run(activity_db, "services/hour_of_week").set_index(["dow", "hour"])
    assert how.n.sum() == 8
    assert how.loc[(4, 10), "n_window"] == 1 and how.loc[(4, 22), "n_kiosk"] == 1  # S1, S8 on Thursday
    assert how.loc[(1, 19), "n_proxy"] == 1 and how.loc[(2, 9), "n_home"] == 1  # S5 Monday, S6 Tuesday


def test_centres_and_unused_items_by_hand(activity_db):
    c = run(activity_db, "services/by_centre").set_index("centre_id")
    assert list(c.index) == ["C1", "C2", "C3", "C4"]  # C5 is being built
    assert c.loc["C1", "services"] == 5 and c.loc["C1", "services_per_staff"] == pytest.approx(5 / 22)
    assert c.loc["C1", "tongban_share"] == pytest.approx(2 / 5)
    assert c.loc["C1", "satisfaction_rate"] == pytest.approx(3 / 4)  # 5, 4, 1, 3
    assert (c.loc["C1", "listed_items"], c.loc["C1", "unused_items"]) == (4, 2)  # I3, I4 unused
    assert (c.loc["C4", "services"], c.loc["C4", "unused_share"]) == (0, 1.0)
    unused = run(activity_db, "services/unused_items")
    assert sorted(zip(unused.centre_id, unused.item_code)) == [("C1", "I3"), ("C1", "I4"), ("C4", "I1")]


def test_processing_time_by_hand(activity_db):
    proc = run(activity_db, "services/processing_time").set_index("item_code")
    # I1: 10 min, 30 min, 1 h, 3 h, 24 h -> median 1 h; P90 at rank 3.6: 3 + 0.6 × (24 - 3) = 15.6 h
    assert proc.loc["I1", "finished"] == 5
    assert proc.loc["I1", "median_hours"] == pytest.approx(1.0)
    assert proc.loc["I1", "p90_hours"] == pytest.approx(15.6)
    # I2: 2 h and 4 h (S7 unfinished) -> median 3 h, P90 2 + 0.9 × 2 = 3.8 h
    assert (proc.loc["I2", "finished"], proc.loc["I2", "median_hours"]) == (2, pytest.approx(3.0))
    assert proc.loc["I2", "p90_hours"] == pytest.approx(3.8)


def test_page_shows_the_hand_computed_numbers(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    m = metrics(at)
    assert m["办件量"] == "8"
    assert m["网办占比"] == "25.0%"
    assert m["帮代办占比"] == "12.5%" and m["上门服务占比"] == "12.5%"
    assert m["通办占比"] == "25.0%"
    assert m["延时服务占比"] == "50.0%"
    assert m["满意率（评价器）"] == "83.3%"
    assert m["平均评分"] == "3.7"
    assert m["人均办件量"] == "0.2"
    assert m["办结占比"] == "87.5%"
    assert {x.label: x.delta for x in at.metric}["办件量"] == "+700.0%"  # September: S9 alone
    unused = at.dataframe[-1].value
    assert sorted(unused["事项"]) == ["城乡居民医保参保登记", "户口迁移代办", "生育登记"]


def test_hour_of_week_heat_map_counts_the_chosen_channels(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    heat = next(f for f in figures(at) if f.data[0].type == "heatmap")
    z = heat.data[0].z
    # default: 窗口, 自助终端, 帮代办 -> S1, S4, S7, S8, S5 (online S2, S3 and home visit S6 left out)
    assert sum(map(sum, z)) == 5
    assert z[3][10] == 1 and z[3][22] == 1 and z[6][15] == 1 and z[0][19] == 1 and z[2][9] == 1
    boxes = [s for s in heat.layout.shapes if s.type == "rect"]
    assert len(boxes) == 3  # weekday noon, weekday evening, weekend
    at.session_state["svc_hour_groups"] = ["online"]
    at.run()
    heat = next(f for f in figures(at) if f.data[0].type == "heatmap")
    assert sum(map(sum, heat.data[0].z)) == 2 and heat.data[0].z[5][11] == 1  # S3 Saturday 11:00


def test_processing_chart_keeps_the_minimum_n(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    assert any("没有办结达到 20 件的事项" in i.value for i in at.info)
    small = dataclasses.replace(config.app(), min_n=2)
    monkeypatch.setattr(config, "app", lambda: small)
    at = app(monkeypatch, activity_db, PAGE)
    chart = next(f for f in figures(at) if any(t.name == "P90（小时）" for t in f.data))
    median = next(t for t in chart.data if t.type == "bar")
    p90 = next(t for t in chart.data if t.name == "P90（小时）")
    assert dict(zip(median.y, median.x)) == {"城乡居民医保参保登记": 1.0, "老年人优待证办理": 3.0}
    assert dict(zip(p90.y, p90.x)) == pytest.approx({"城乡居民医保参保登记": 15.6, "老年人优待证办理": 3.8})


def test_centre_filter_and_type(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, ctype="邻里中心")
    m = metrics(at)
    assert m["办件量"] == "1" and m["网办占比"] == "0.0%"  # S8 at C3
    assert m["人均办件量"] == "0.2"  # 1 / 5 staff


def test_an_empty_period_is_a_message(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, month="2026-08-01")
    assert metrics(at)["办件量"] == "0"
    assert any("没有数据" in i.value for i in at.info)
