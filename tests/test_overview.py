"""The overview page against the tiny hand-made database (tests/tiny.py has the arithmetic)."""

import os

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.signin import as_role


@pytest.fixture
def app(tiny_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(tiny_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    as_role(at)
    at.session_state["period"] = "month"
    at.session_state["at_month"] = "2026-10-01"
    return at


def metrics(at) -> dict:
    return {m.label: m for m in at.metric}


def test_overview_shows_the_hand_computed_numbers(app):
    app.run()
    assert not app.exception and not app.error
    m = metrics(app)
    assert m["诉求受理"].value == "6"            # T1-T5, T7 (T6 cancelled counts apart)
    assert m["期内办结"].value == "4"            # T1, T2, T3, T7 closed in October
    assert m["办结时长中位数"].value == "17.0 h"  # median of 4, 10, 24, 48 hours
    assert m["按时办结率"].value == "60.0%"       # 3 / (3 on time + 1 late + 1 open overdue)
    assert m["满意率"].value == "66.7%"           # 满意 + 基本满意 of 3 rated
    assert m["办件量"].value == "4"
    assert m["网办占比"].value == "50.0%"
    assert m["活动场次"].value == "2"
    assert m["活动场次"].delta == "+100.0%"       # September held 1
    assert m["服务人次"].value == "50"
    assert m["服务人次"].delta == "+900.0%"       # September: 5
    assert m["运行试点中心"].value == "1 / 2"     # C1 operating, C2 building; target 2
    captions = [c.value for c in app.caption]
    assert "同比 +400.0%" in captions             # visits: October 2025 had 10


def test_rate_changes_are_in_percentage_points(app):
    app.session_state["at_month"] = "2026-11-01"
    app.run()
    m = metrics(app)
    # November: only T8 (open, not yet due) -> no on-time denominator; October was 60%
    assert m["按时办结率"].value == "—"
    assert not m["按时办结率"].delta


def test_programme_light_and_unranked_streets(app):
    app.run()
    table = app.dataframe[0].value
    assert list(table["预警"]) == ["🔴 预警"]       # target date passed with 1 of 2
    assert list(table["目标日实际"]) == ["1"]
    # both streets under min_n = 20 (关上 T1-T5, T6 cancelled apart; 金马 T7): listed, no 红榜/黑榜
    assert any("可排名的单位不足 2 个" in i.value for i in app.info)
    assert "样本少于 20 件、不参与排名：关上街道（5 件）、金马街道（1 件）" in [c.value for c in app.caption]


def test_region_filter_narrows_every_number(app):
    app.session_state["district"] = "530111"
    app.session_state["street"] = "530111004"
    app.run()
    m = metrics(app)
    assert m["诉求受理"].value == "1"            # T7 only
    assert m["按时办结率"].value == "100.0%"
    assert m["办件量"].value == "0"              # C1 is in 关上, not 金马


def test_english_switch(app):
    app.session_state["lang"] = "en"
    app.run()
    labels = {m.label for m in app.metric}
    assert "Tickets received" in labels and "On-time %" in labels


def test_missing_database_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("GRASSROOTS_DB", str(tmp_path / "nowhere.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "找不到数据库" in at.error[0].value
