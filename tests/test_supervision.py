"""督办 list on the tiny database (tests/tiny.py): T4 open since 5 October, due 6 October 08:00."""

import datetime as dt

import pytest

from grassroots import supervision
from grassroots.report import build, files
from grassroots.report.period import parse
from tests.conftest import fetching
from tests.contracts import OCTOBER


@pytest.fixture(scope="module")
def fetch(tiny_db):
    with fetching(tiny_db) as f:
        yield f


def test_listing_reasons_days_and_units(fetch):
    entries = supervision.listing(fetch, OCTOBER, dt.datetime(2026, 11, 20, 9), margin=3, repeat_ids={"T4", "T1"})
    assert [e["ticket_id"] for e in entries] == ["T4"]  # T1 was closed: a repeat id adds nothing
    e = entries[0]
    assert e["reasons"] == ["overdue", "repeat"] and e["reason_text"] == "超期未办结、重复诉求"
    assert e["days_overdue"] == 45.0 and e["unit_name"] == "关上街道 · 小街社区"
    assert supervision.listing(fetch, OCTOBER, dt.datetime(2026, 11, 20, 9), margin=60) == []
    g = supervision.by_unit(entries + [{**e, "ticket_id": "X", "reasons": ["escalated"], "days_overdue": None}])
    assert g.iloc[0].tickets == 2 and g.iloc[0].overdue == 1 and g.iloc[0].escalated == 1


def test_the_report_lists_what_stood_at_the_end_of_its_window(fetch):
    october = build.build(fetch, parse("2026-10"), extras=files.extras())
    assert [e["ticket_id"] for e in october["supervision"]] == ["T4"]  # 25.7 days over on 1 November
    assert october["supervision"][0]["days_overdue"] == pytest.approx(25.7, abs=0.05)
    early = build.build(fetch, parse("2026-10-01..2026-10-07"), extras=files.extras())
    assert early["supervision"] == []  # 1.7 days over on 8 October
    assert "列入督办1件" in october["summary"]


def test_margin_is_read_from_config(tmp_path):
    cfg = tmp_path / "app.toml"
    cfg.write_text("[supervision]\noverdue_margin_days = 5\n", encoding="utf-8")
    assert supervision.margin_days(cfg) == 5.0
    cfg.write_text("[supervision]\noverdue_margin_days = -1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="overdue_margin_days"):
        supervision.margin_days(cfg)
