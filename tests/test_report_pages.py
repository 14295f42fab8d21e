"""The report's JSON is the machine-readable face of the overview: for a month, a quarter and a year, the
overview's cards (AppTest on the tiny database) show exactly the report's numbers and comparisons, and
the overview offers that same report for its filters."""

from __future__ import annotations

import json

import duckdb
import pytest

from grassroots import fmt, i18n, sql
from grassroots.metrics import kpis
from grassroots.report import build, files
from grassroots.report.period import parse
from tests.conftest import new_app
from tests.signin import as_role, month_app

# overview card -> the report's key (rates: the report holds percent, the cards a share)
CARDS = {
    "activities": "activities",
    "person_visits": "person_visits",
    "services": "services",
    "online_share": "online_share_pct",
    "received": "tickets_received",
    "closed": "tickets_closed",
    "median_hours_to_close": "median_hours_to_close",
    "on_time_rate": "on_time_pct",
    "satisfaction_rate": "satisfaction_pct",
}
PERIODS = [
    ("month", "at_month", "2026-10-01", "2026-10"),
    ("quarter", "at_quarter", "2026-10-01", "2026-Q4"),
    ("year", "at_year", "2026-01-01", "2026"),
]


def _card_value(k: kpis.Kpi, v):
    return fmt.value(k.kind, None if v is None else (v / 100.0 if k.kind == "rate" else v))


@pytest.mark.parametrize("kind,key,anchor,text", PERIODS)
def test_overview_cards_equal_the_report_json(tiny_db, monkeypatch, kind, key, anchor, text):
    con = duckdb.connect(str(tiny_db), read_only=True)
    report = build.build(lambda n, p: sql.run(con, n, p), parse(text), extras=files.extras())
    con.close()
    at = new_app(tiny_db, monkeypatch)
    as_role(at)
    at.session_state["period"] = kind
    at.session_state[key] = anchor
    at.run()
    assert not at.exception, at.exception
    shown = {m.label: m for m in at.metric}
    for card in kpis.KPIS:
        m = shown[i18n.t(f"kpi.{card.key}", "zh")]
        rk = CARDS[card.key]
        assert m.value == _card_value(card, report["kpis"][rk]), (card.key, m.value, report["kpis"][rk])
        first = report["comparisons"][rk]["mom" if kind != "year" else "yoy"]
        want = None if first is None else fmt.change(card.kind, first)
        assert (m.delta or None) == want, (card.key, m.delta, want)
    if kind == "year":
        assert all(v["mom"] is None for v in report["comparisons"].values())
    labels = [b.label for b in at.get("download_button")]
    assert {"Word", "PDF", "Excel", "数据（JSON）"} <= set(labels)


def test_the_overview_offers_the_same_report(tiny_db, monkeypatch):
    from grassroots.ui import report_button

    at = month_app(tiny_db, monkeypatch)
    at.run()
    assert any("全部区县2026年10月运行月报" in c.value for c in at.caption)
    assert report_button.scope_of({"region": "530111", "centre_id": None}) == "530111"
    assert report_button.scope_of({"region": "530111004001", "centre_id": "C1"}) == "centre:C1"
    con = duckdb.connect(str(tiny_db), read_only=True)
    cli = build.build(lambda n, p: sql.run(con, n, p), parse("2026-10"), extras=files.extras())
    con.close()
    assert json.loads(files.render(cli, "json"))["kpis"] == cli["kpis"]


def test_a_shared_link_beyond_the_data_offers_no_report_of_zeros(tiny_db, monkeypatch):
    """The tiny data runs to 2026-11-20: a link to March 2027 keeps its month and warns; the report offer
    says why there is no report instead of building one whose every figure is 0 (build.outside_data)."""
    at = month_app(tiny_db, monkeypatch, month=None)
    at.query_params["period"] = "month"
    at.query_params["at_month"] = "2027-03-01"
    at.run()
    assert not at.exception
    assert any("2027-03-01 – 2027-03-31" in w.value for w in at.warning)  # the filters' own warning
    assert [i.value for i in at.info if "没有数据" in i.value] == [
        "2027年3月没有数据：数据截至 2026-11-20。请先导入该时段的数据。"
    ]
    assert not any("运行月报" in c.value for c in at.caption)
    at.query_params["at_month"] = "2026-10-01"  # a month the data holds: the offer is back
    at.session_state["at_month"] = "2026-10-01"
    at.run()
    assert any("全部区县2026年10月运行月报" in c.value for c in at.caption)
