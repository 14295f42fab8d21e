"""A table of records that stops short of the others (grassroots/views/freshness.py): in the tiny district the
service records end on 2026-10-11 and the activities on 2026-10-12, while the tickets run to 2026-11-20, the data's
"now". The page of such a table says how far its records reach, instead of letting the days after read as days
with nothing done; the tickets page, whose records are the newest, says nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from grassroots import config
from grassroots.periods import Window
from grassroots.views import freshness
from tests.conftest import fetching
from tests.tiny_activity import app

AS_OF = dt.date(2026, 11, 20)
NOV = Window(dt.date(2026, 11, 1), dt.date(2026, 12, 1))


def test_behind_only_when_the_table_ends_days_before_the_data_and_the_window_reaches_past_it():
    last = dt.date(2026, 10, 11)
    assert freshness.behind(last, AS_OF, NOV, 7) == last
    assert freshness.behind(last, AS_OF, Window(dt.date(2026, 10, 1), dt.date(2026, 11, 1)), 7) == last
    assert freshness.behind(last, AS_OF, Window(dt.date(2026, 9, 1), dt.date(2026, 10, 1)), 7) is None  # before it
    assert freshness.behind(last, AS_OF, Window(dt.date(2026, 10, 1), dt.date(2026, 10, 12)), 7) is None  # ends on it
    assert freshness.behind(dt.date(2026, 11, 14), AS_OF, NOV, 7) is None  # 6 days: exports a few days apart
    assert freshness.behind(dt.date(2026, 11, 13), AS_OF, NOV, 7) == dt.date(2026, 11, 13)
    assert freshness.behind(None, AS_OF, NOV, 7) is None  # an empty table: its page says it has no data
    assert freshness.behind(last, AS_OF, Window(dt.date(2027, 3, 1), dt.date(2027, 4, 1)), 7) is None  # outside


def test_each_tables_end_is_its_newest_record(tiny_db):
    with fetching(tiny_db) as fetch:
        frame = fetch("common/data_as_of", {})
        ends = {t: freshness.newest_day(frame, t) for t in freshness.TABLES}
        newest = frame["newest_record"].iloc[0].date()
    import duckdb

    with duckdb.connect(str(tiny_db), read_only=True) as con:
        (services,) = con.execute("select max(cast(accepted_at as date)) from service_records").fetchone()
        (tickets,) = con.execute(
            "select max(greatest(reported_at, coalesce(closed_at, reported_at)))::date from tickets"
        ).fetchone()
    assert ends == {
        "tickets": tickets,
        "service_records": services,
        "activities": dt.date(2026, 10, 12),
        "volunteering": None,
    }
    assert max(d for d in ends.values() if d) == newest == AS_OF


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning if "只导入到" in w.value]


@pytest.mark.parametrize(
    "page, table, last",
    [("pages/services.py", "办件记录", "2026-10-11"), ("pages/activities.py", "活动台账", "2026-10-12")],
)
def test_a_page_whose_records_end_early_says_how_far_they_reach(tiny_db, monkeypatch, page, table, last):
    at = app(monkeypatch, tiny_db, page, month="2026-11-01")
    assert not at.exception
    after = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    assert _warnings(at) == [
        f"{table}只导入到 {last}，其他数据已到 2026-11-20：本页 {after} 起的天数都会计为 0。请导入最新的{table}。"
    ]
    # November starts after their end: no card of the period (each would read 0, -100% against October)
    assert not at.metric
    october = app(monkeypatch, tiny_db, page, month="2026-10-01")  # their last days are in October: cards, and why
    assert not october.exception and len(_warnings(october)) == 1 and len(october.metric) >= 3
    assert f"只导入到 {last}" in _warnings(october)[0]
    september = app(monkeypatch, tiny_db, page, month="2026-09-01")  # wholly before their end: nothing to say
    assert not september.exception and _warnings(september) == [] and len(september.metric) >= 3


def test_the_tickets_page_whose_records_are_the_newest_says_nothing(tiny_db, monkeypatch):
    at = app(monkeypatch, tiny_db, "pages/tickets.py", month="2026-11-01")
    assert not at.exception and _warnings(at) == [] and len(at.metric) >= 5


def test_behind_days_is_read_from_app_toml_and_checked(tmp_path):
    assert config.load_app().behind_days == 7
    p = tmp_path / "app.toml"
    p.write_text("[app]\nbehind_days = 30\n", encoding="utf-8")
    assert config.load_app(p).behind_days == 30
    p.write_text("[app]\nbehind_days = 0\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"app.behind_days"):
        config.load_app(p)


def test_the_report_names_the_tables_the_pages_warn_of(tiny_db, monkeypatch):
    """The monthly report's period.behind is the pages' warning in JSON, and its summary says it in both languages;
    September, wholly before their end, has none."""
    from grassroots.report import build
    from grassroots.report.period import parse

    with fetching(tiny_db) as fetch:
        zh = build.build(fetch, parse("2026-10"))
        en = build.build(fetch, parse("2026-10"), lang="en")
        september = build.build(fetch, parse("2026-09"))
    assert zh["period"]["behind"] == [
        {"table": "service_records", "name": "办件记录", "last": "2026-10-11"},
        {"table": "activities", "name": "活动台账", "last": "2026-10-12"},
    ]
    assert [b["name"] for b in en["period"]["behind"]] == ["service records", "activities"]
    assert "尚未导入完整的记录：办件记录只到2026-10-11、活动台账只到2026-10-12" in zh["summary"]
    assert "Records not yet imported in full: service records to 2026-10-11, activities to 2026-10-12" in en["summary"]
    assert september["period"]["behind"] == [] and "尚未导入" not in september["summary"]
    at = app(monkeypatch, tiny_db, "pages/services.py", month="2026-10-01")
    assert [f"只导入到 {b['last']}" in w for b in zh["period"]["behind"][:1] for w in _warnings(at)] == [True]
