"""The centre profile (中心画像): reached from the tables of the other pages, its facts, its metrics
beside the median of its peers, and its trend - against tests/tiny_activity.py, by hand."""

import re

import pytest

from grassroots.ui import links
from tests.tiny_activity import app, figures

PAGE = "pages/centre.py"


def facts(at) -> dict:
    """label -> value of the facts block ("**label**：value" lines), as shown (markdown escapes read)."""
    out = {}
    for md in at.markdown:
        for line in md.value.split("  \n"):
            if line.startswith("**") and "**：" in line:
                label, value = line[2:].split("**：", 1)
                out[re.sub(r"\\(.)", r"\1", label)] = re.sub(r"\\(.)", r"\1", value)
    return out


def profile(at) -> dict:
    """metric label -> (this centre, peers' median, standing) from the comparison table."""
    table = next(d.value for d in at.dataframe if "同类中位数" in d.value.columns)
    return {r["指标"]: (r["本中心"], r["同类中位数"], r["评价"]) for _, r in table.iterrows()}


def test_facts_and_peers_by_hand(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C1"})
    m = facts(at)
    assert m["建筑面积"] == "447 m²" and m["办公面积"] == "70 m²（15.7%）"  # 70 / 447
    assert m["工作人员"] == "22" and m["试点批次"] == "第一批" and m["建成日期"] == "2026-03-01"
    assert m["服务范围人口"] == "小街社区：常住 10,000，流动 2,000" and m["公开清单事项"] == "4"
    assert any("同类（便民党群服务中心）中心 2 个" in c.value for c in at.caption)  # C2 and C4 (C5 is 邻里中心)
    p = profile(at)
    assert p["活动场次"] == ("3", "1.5", "🟢 好于同类")  # C2 2, C4 1
    assert p["每千人活动场次"] == ("0.30", "0.33", "🔴 差于同类")  # C2 0.4, C4 0.25
    assert p["办件量"] == ("5", "1", "🟢 好于同类")  # C2 2, C4 0
    assert p["满意率（评价器）"] == ("75.0%", "100.0%", "🔴 差于同类")  # C4 has no rating: C2's 100%
    assert p["志愿者人数"] == ("1", "1", "⚪ 与同类相当")  # C2 2, C4 0
    assert p["清单事项未使用占比"] == ("50.0%", "50.0%", "⚪ 与同类相当")  # C2 0%, C4 100%
    assert p["帮代办占比"][2] == "—"  # neither better nor worse


def differences(at) -> dict:
    """metric label -> its difference from the peers' median as the comparison table shows it."""
    table = next(d.value for d in at.dataframe if "同类中位数" in d.value.columns)
    return dict(zip(table["指标"], table["与中位数之差"]))


def test_shares_differ_in_points_and_other_figures_in_percent(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C1"})
    d = differences(at)
    assert d["满意率（评价器）"] == "-25.0 pp"  # 75% against 100%: points, not -25% of 100%
    assert d["清单事项未使用占比"] == "+0.0 pp"  # 50% against the median of 0% and 100%
    assert d["活动场次"] == "+100.0%"  # 3 against 1.5
    assert d["每千人活动场次"] == "-7.7%"  # 0.30 against (0.4 + 0.25) / 2 = 0.325
    assert any("2 个百分点" in (e.help or "") for e in at.subheader if e.value == "本期指标与同类中心比较")
    # one chart per unit: the shares in points, the rest in percent of the median
    bars = {
        f.layout.xaxis.title.text: dict(zip(f.data[0].y, f.data[0].x))
        for f in figures(at)
        if f.data and f.data[0].type == "bar" and f.data[0].orientation == "h"
    }
    assert bars["占比与中位数之差（百分点）"]["满意率（评价器）"] == -25.0
    assert bars["与中位数之差（%）"]["活动场次"] == 100.0
    assert "满意率（评价器）" not in bars["与中位数之差（%）"]


def test_within_the_tolerance_a_centre_is_similar_to_its_peers(activity_db, monkeypatch):
    from grassroots import config

    monkeypatch.setattr(config, "peers", lambda: config.PeerTolerance(pp=30.0, pct=10.0))
    p = profile(app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C1"}))
    assert p["满意率（评价器）"][2] == "⚪ 与同类相当"  # 25 points, within 30
    assert p["每千人活动场次"][2] == "⚪ 与同类相当"  # -7.7%, within 10%
    assert p["活动场次"][2] == "🟢 好于同类"  # +100%, beyond it


def test_peer_numbers_are_the_other_pages_numbers(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C2"})
    p = profile(at)
    svc = app(monkeypatch, activity_db, "pages/services.py")
    row = next(d.value for d in svc.dataframe if "人均办件量" in d.value.columns).set_index("中心")
    assert p["办件量"][0] == f"{row.loc['凤凰山社区便民党群服务中心', '办件量']:,}"
    assert p["人均办件量"][0] == f"{row.loc['凤凰山社区便民党群服务中心', '人均办件量']:.1f}"


def test_trend_shows_the_centres_months(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C1"})
    trend = next(f for f in figures(at) if f.data[0].type == "scatter")
    series = dict(zip(trend.data[0].x, trend.data[0].y))
    assert list(series)[0] == "2024-11" and list(series)[-1] == "2026-10"
    assert len(series) == 24 and series["2026-10"] == 5 and series["2026-09"] == 1  # S1-S5; S9
    assert sum(series.values()) == 6
    at.session_state["centre_trend_metric"] = "activities"
    at.run()
    trend = next(f for f in figures(at) if f.data[0].type == "scatter")
    assert dict(zip(trend.data[0].x, trend.data[0].y))["2026-10"] == 3


def test_opened_from_a_services_table(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, "pages/services.py")
    at.session_state["svc_centres"] = {"selection": {"rows": [1], "columns": [], "cells": []}}  # the 2nd row: C2
    at.run()
    assert at.title[0].value == "中心画像"
    assert at.selectbox(key=links.PROFILE_KEY).value == "C2"
    assert facts(at)["工作人员"] == "20"


def test_opened_from_the_activities_ranking(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, "pages/activities.py")
    at.session_state["act_all_centres"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()  # every centre is under the minimum: by activities, C1, C2, C3, C4 - the third is C3
    assert at.selectbox(key=links.PROFILE_KEY).value == "C3"
    assert any("同类（邻里中心）中心 0 个" in c.value for c in at.caption)  # C5 is not operating


def test_a_centre_outside_the_filters_stays_open(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, district="530111", street="530111004", **{links.PROFILE_KEY: "C1"})
    box = at.selectbox(key=links.PROFILE_KEY)
    assert box.value == "C1" and box.options[0] == "小街社区便民党群服务中心"  # listed before 金马's centres
    assert facts(at)["工作人员"] == "22"


def test_without_a_choice_the_centre_filter_or_the_first_centre_shows(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, district="530111", street="530111004", centre="C2")
    assert at.selectbox(key=links.PROFILE_KEY).value == "C2"
    at = app(monkeypatch, activity_db, PAGE, district="530111", street="530111004")
    assert at.selectbox(key=links.PROFILE_KEY).value == "C2"  # the first centre of 金马


def test_a_centre_under_construction_has_no_numbers_but_no_error(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, **{links.PROFILE_KEY: "C5"})
    assert facts(at)["状态"] == "在建"
    assert profile(at)["办件量"][0] == "—"


@pytest.mark.parametrize("bad", ["", None])
def test_open_centre_ignores_an_empty_id(bad):
    links.open_centre(bad)  # returns without switching page (no Streamlit run needed)
