"""The tickets page's backlog forecast (grassroots/ui/ticket_forecast.py) against tests/tiny_tickets.py:
October 2026, data as-of 2026-11-01 00:00, so the forecast starts on 1 November with the four tickets
then open (K0, K5, K6, K10), and shows what grassroots.metrics.forecast computes for those filters."""

import datetime as dt

from grassroots import db, sql
from grassroots.metrics import forecast
from tests.test_tickets_page import open_tickets, plotted, table


def test_the_backlog_tab_shows_the_forecast_of_the_filters(tickets_db, monkeypatch):
    at = open_tickets(tickets_db, monkeypatch, tk_tab="积压与生存分析")
    weeks = table(at, "周起始")
    assert list(weeks["周起始"]) == ["2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"]
    captions = [c.value for c in at.caption]
    assert any("起点 2026-11-01，当时积压 4 件" in c for c in captions), captions
    assert any(c.startswith("模型：") for c in captions)
    scope = {"region": "", "centre_id": None, "centre_type": None, "pilot_batch": None, "category": None}
    with db.reader(tickets_db) as con:
        direct = forecast.forecast(
            lambda n, p: sql.run(con, n, p),
            {**scope, "as_of": dt.datetime(2026, 11, 1), "date_to": dt.date(2026, 11, 1)},
        )
    assert list(weeks["预计积压"]) == [w["backlog"] for w in direct["weeks"]]
    assert list(weeks["预计受理"]) == [w["arrivals"] for w in direct["weeks"]]
    # the chart: history and forecast of both panels; the backlog's last observed week is the 4 open
    backlog_traces = [y for y in plotted(at, len(at.get("plotly_chart")) - 1) if y and y[-1] is not None]
    assert any(y[-1] == direct["weeks"][-1]["backlog"] for y in backlog_traces)


def test_the_forecast_speaks_english(tickets_db, monkeypatch):
    at = open_tickets(tickets_db, monkeypatch, tk_tab="Backlog & survival", lang="en")
    assert any(c.value.startswith("Model:") for c in at.caption)
