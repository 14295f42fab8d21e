"""The overview page against the tiny hand-made database (tests/tiny.py has the arithmetic)."""

import json

import pytest

from tests.conftest import new_app
from tests.signin import as_role, month_app


@pytest.fixture
def app(tiny_db, monkeypatch):
    return month_app(tiny_db, monkeypatch)


def metrics(at) -> dict:
    return {m.label: m for m in at.metric}


def test_overview_shows_the_hand_computed_numbers(app):
    app.run()
    assert not app.exception and not app.error
    m = metrics(app)
    assert m["诉求受理"].value == "6"  # T1-T5, T7 (T6 cancelled counts apart)
    assert m["期内办结"].value == "4"  # T1, T2, T3, T7 closed in October
    assert m["办结时长中位数"].value == "17.0 h"  # median of 4, 10, 24, 48 hours
    assert m["按时办结率"].value == "60.0%"  # 3 / (3 on time + 1 late + 1 open overdue)
    assert m["满意率"].value == "66.7%"  # 满意 + 基本满意 of 3 rated
    assert m["办件量"].value == "4"
    assert m["网办占比"].value == "50.0%"
    assert m["活动场次"].value == "2"
    assert m["活动场次"].delta == "+100.0%"  # September held 1
    assert m["服务人次"].value == "50"
    assert m["服务人次"].delta == "+900.0%"  # September: 5
    assert m["运行试点中心"].value == "1 / 2"  # C1 operating, C2 building; target 2
    captions = [c.value for c in app.caption]
    assert "同比 +400.0%" in captions  # visits: October 2025 had 10


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
    assert list(table["预警"]) == ["🔴 预警"]  # target date passed with 1 of 2
    assert list(table["目标日实际"]) == ["1"]
    # both streets under min_n = 20 (关上 T1-T5, T6 cancelled apart; 金马 T7): listed, no 红榜/黑榜
    assert any("可排名的单位不足 2 个" in i.value for i in app.info)
    assert "样本少于 20 件、不参与排名：关上街道（5 件）、金马街道（1 件）" in [c.value for c in app.caption]


def test_region_filter_narrows_every_number(app):
    app.session_state["district"] = "530111"
    app.session_state["street"] = "530111004"
    app.run()
    m = metrics(app)
    assert m["诉求受理"].value == "1"  # T7 only
    assert m["按时办结率"].value == "100.0%"
    assert m["办件量"].value == "0"  # C1 is in 关上, not 金马


def test_english_switch(app):
    app.session_state["lang"] = "en"
    app.run()
    labels = {m.label for m in app.metric}
    assert "Tickets received" in labels and "On-time %" in labels


def test_missing_database_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    at = new_app(tmp_path / "nowhere.duckdb", monkeypatch)
    at.run()
    assert not at.exception
    assert "找不到数据库" in at.error[0].value


# -- comparisons, partial periods, windows ----------------------------------------------------------------

# tests/tiny.py plus activities on either side of the 20th (its as-of day is 20 November 2026, mid-month):
LATE = [
    ("A5", "C1", "2026-10-25", "书法", 40),  # late October: outside 1–20 October
    ("A6", "C1", "2026-11-10", "读书会", 15),  # November so far: 1 activity, 15 visits
    ("A7", "C1", "2025-11-15", "义诊", 7),  # 1–20 November 2025: 1 activity, 7 visits
    ("A8", "C1", "2025-11-25", "讲座", 9),  # late November 2025: outside
]


@pytest.fixture(scope="module")
def mid_month_db(tmp_path_factory):
    from grassroots import db, rollups
    from tests import tiny

    path = tiny.build(tmp_path_factory.mktemp("tiny_mid") / "tiny.duckdb")
    with db.writer(path) as con:
        con.executemany(
            "insert into activities (activity_id, centre_id, date, category, title, participants)"
            " values (?, ?, ?, '居有所乐', ?, ?)",
            LATE,
        )
        rollups.rebuild(con)
    return path


def texts(at) -> str:
    """Every text a user reads on the page: titles, captions, markdown, metric labels, deltas and help."""
    kinds = ("title", "subheader", "caption", "markdown", "info", "warning")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    for m in at.metric:
        parts += [m.label, m.value, m.proto.delta, m.proto.delta_description, m.proto.help]
    return "\n".join(str(p) for p in parts)


def test_a_running_month_is_compared_with_the_same_days(mid_month_db, monkeypatch):
    at = month_app(mid_month_db, monkeypatch, month="2026-11-01")
    at.run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert m["活动场次"].value == "1" and m["服务人次"].value == "15"  # A6
    # 环比 against 1–20 October (A1, A2: 2 activities, 50 visits), not the whole month (3, 90)
    assert m["活动场次"].delta == "-50.0%" and m["服务人次"].delta == "-70.0%"
    assert m["服务人次"].proto.delta_description == "环比"
    captions = [c.value for c in at.caption]
    # 同比 against 1–20 November 2025 (A7: 1 activity, 7 visits), not the whole month (2, 16)
    assert "同比 +0.0%" in captions and "同比 +114.3%" in captions  # (15 - 7) / 7
    assert "截至11月20日，与上月、去年同期比" in captions
    # the sparkline's last point and the trend chart's last month are marked as running
    sparks = [e.value for e in at.markdown if "kpi-spark" in e.value]
    assert sparks and all("kpi-spark-partial" in s and "截至11月20日" in s for s in sparks)
    trend = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert "截至11月20日" in trend["data"][-1]["name"] and trend["data"][-2]["line"]["dash"] == "dash"


def test_a_whole_month_has_no_partial_marks(app):
    app.run()
    assert "同期比" not in texts(app) and "截至11月20日" not in texts(app)
    assert not any("kpi-spark-partial" in e.value for e in app.markdown)


def test_a_year_is_compared_with_last_year_only(app):
    app.session_state["period"] = "year"
    app.session_state["at_year"] = "2026-01-01"
    app.run()
    assert not app.exception and not app.error
    shown = texts(app)
    assert "环比" not in shown
    m = metrics(app)
    assert m["服务人次"].proto.delta_description == "同比"
    # 2026 to 20 November: visits 50 (A1, A2) + 5 (A3) = 55; 1 Jan – 20 Nov 2025: 10 (A4)
    assert m["服务人次"].value == "55" and m["服务人次"].delta == "+450.0%"
    assert "截至11月20日，与去年同期比" in shown


def test_a_custom_window_is_compared_with_the_days_before_it(tiny_db, monkeypatch):
    at = new_app(tiny_db, monkeypatch)
    as_role(at)
    at.query_params = {"period": "自定义", "dates": ["2026-09-15", "2026-10-14"]}
    at.run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert m["活动场次"].value == "2"  # A1, A2
    # the 30 days before: 16 August – 14 September holds A3 (10 September)
    assert m["活动场次"].proto.delta_description == "较前30天" and m["活动场次"].delta == "+100.0%"
    assert "环比" not in texts(at)


@pytest.mark.parametrize(
    "query,span",
    [
        ({"period": "自定义", "dates": ["2019-01-01", "2019-01-31"]}, "2019-01-01 – 2019-01-31"),
        ({"period": "月", "at_month": "2019年3月"}, "2019-03-01 – 2019-03-31"),
    ],
)
def test_a_link_outside_the_data_keeps_its_dates(tiny_db, monkeypatch, query, span):
    at = new_app(tiny_db, monkeypatch)
    as_role(at)
    at.query_params = dict(query)  # a link carries the period as shown (自定义, 月) and dates as ISO days
    at.run()
    assert not at.exception and not at.error
    assert any(span in c.value for c in at.caption)  # the page's window is the link's
    assert any(span in w.value and "没有数据" in w.value and "2025-10-06" in w.value for w in at.warning)
    # no cards of zeros (nor -100% against the year before): the cards' place says why
    assert "诉求受理" not in metrics(at)
    assert any(span in i.value and "不在现有数据范围内" in i.value for i in at.info)


def test_a_window_reaches_back_to_the_earliest_record(tiny_db, monkeypatch):
    """The month list starts at the oldest record (A4, 6 October 2025), not at a fixed three years."""
    at = new_app(tiny_db, monkeypatch)
    as_role(at)
    at.session_state["period"] = "month"
    at.run()
    months = at.sidebar.selectbox(key="at_month").options
    assert months[0] == "2026年11月" and months[-1] == "2025年10月" and len(months) == 14
    # no warning of the filter bar's; the tiny service records and activities end in October (tests/test_freshness.py)
    assert [w.value[:4] for w in at.warning] == ["办件记录", "活动台账"]


def test_a_card_opens_the_page_and_tab_behind_it_with_the_same_filters(app):
    app.session_state["district"] = "530111"
    app.session_state["street"] = "530111004"
    app.run()
    app.button(key="kpigo_on_time_rate").click().run()
    assert not app.exception and not app.error
    assert app.session_state["tk_tab"] == "办理时限"
    assert any(t.value == "诉求与网格事件" for t in app.title)  # the tickets page
    assert app.session_state["at_month"] == "2026-10-01" and app.session_state["street"] == "530111004"
    assert any("2026-10-01 – 2026-10-31" in c.value and "金马街道" in c.value for c in app.caption)


def test_a_card_without_a_base_says_so(app):
    app.session_state["at_month"] = "2025-10-01"  # A4 only; September 2025 and October 2024 hold nothing
    app.run()
    m = metrics(app)
    assert m["活动场次"].value == "1" and not m["活动场次"].delta and not m["活动场次"].proto.delta_description
    captions = [c.value for c in app.caption]
    assert "环比 无可比数据" in captions and "同比 无可比数据" in captions
