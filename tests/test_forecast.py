"""The backlog forecast (grassroots/metrics/forecast.py): known answers on synthetic series (a
constant stream, closings at a fixed age, a seasonal month), the backlog arithmetic, and on the demo
database the band's coverage of held-back weeks and the agreement with the tickets page's counts."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from grassroots import db, sql
from grassroots.metrics import forecast as fc

ORIGIN = dt.date(2026, 11, 21)


def series(daily: np.ndarray, origin: dt.date = ORIGIN, open_at_end: np.ndarray | None = None) -> fc.Series:
    start = origin - dt.timedelta(days=len(daily))
    days = pd.date_range(start, periods=len(daily), freq="D")
    flow = pd.DataFrame(
        {
            "bucket": days,
            "received": daily,
            "open_at_end": np.zeros(len(daily)) if open_at_end is None else open_at_end,
        }
    )
    return fc.Series.from_flow(flow)


def km(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["recent", "t", "events", "censored"])


# every ticket closes exactly 240 hours (10 days) after it was reported; 5 are open, aged 5 days
TEN_DAYS = km([(True, 120, 0, 5), (True, 240, 100, 0)])


def test_constant_arrivals_forecast_that_constant_with_a_poisson_band():
    s = series(np.full(3 * 365, 7.0))
    out = fc.project(s, TEN_DAYS, ORIGIN)
    assert [w["arrivals"] for w in out["weeks"]] == [49.0] * 4
    assert out["dispersion"] == 1.0  # no error at all: Poisson
    for w in out["weeks"]:
        assert w["arrivals_lo"] < 49 < w["arrivals_hi"]
        # Poisson(49): the 10th and 90th percentiles are 40 and 58
        assert (w["arrivals_lo"], w["arrivals_hi"]) == (40, 58)


def test_closings_at_a_fixed_age_by_hand():
    # the 5 open (age 5 days) close on day 5: week 1. A ticket of week 1 arrives mid-day d (0..6) and
    # closes 10 days later: days 10.5-13.5 fall in week 2 (4 of 7), 14.5-16.5 in week 3 (3 of 7).
    # Closures: 5; 49 x 4/7 = 28; 21 + 28 = 49; 49. Backlog: 5 + 49 - 5 = 49, 70, 70, 70.
    out = fc.project(series(np.full(3 * 365, 7.0)), TEN_DAYS, ORIGIN)
    assert out["backlog_now"] == 5
    assert [w["closures"] for w in out["weeks"]] == [5.0, 28.0, 49.0, 49.0]
    assert [w["backlog"] for w in out["weeks"]] == [49.0, 70.0, 70.0, 70.0]
    assert [w["week_start"] for w in out["weeks"]] == ["2026-11-21", "2026-11-28", "2026-12-05", "2026-12-12"]


def test_backlog_arithmetic_and_band_order_on_a_noisy_series():
    rng = np.random.default_rng(1)
    daily = rng.poisson(30, size=800).astype(float)
    curve = km([(True, t, int(rng.integers(1, 40)), int(rng.integers(0, 5))) for t in range(1, 400, 7)])
    out = fc.project(series(daily), curve, ORIGIN)
    before = out["backlog_now"]
    assert before == curve["censored"].sum()
    for w in out["weeks"]:
        assert w["backlog"] == pytest.approx(before + w["arrivals"] - w["closures"], abs=1e-9)
        before = w["backlog"]
        assert w["arrivals_lo"] <= w["arrivals"] <= w["arrivals_hi"]
        assert w["backlog_lo"] <= w["backlog"] <= w["backlog_hi"]
    # the same seed, the same band
    assert fc.project(series(daily), curve, ORIGIN) == out


def test_a_busy_month_is_forecast_busier_by_its_seasonal_index():
    # two years where December has twice the daily count of every other month
    days = pd.date_range(ORIGIN - dt.timedelta(days=730), periods=730, freq="D")
    daily = np.where(days.month == 12, 20.0, 10.0)
    s = series(daily)
    idx = fc.season(s, s.index(ORIGIN))
    assert idx[12] / idx[6] == pytest.approx(2.0)
    # origin 2026-11-21 (the last 8 weeks are all ordinary months): week 2 starts 28 November, so 4 of
    # its days are December's; week 3 (from 5 December) lies wholly in December
    mu = fc.expected_weeks(s, s.index(ORIGIN))
    assert mu[0] == pytest.approx(70.0)
    assert mu[1] == pytest.approx(3 * 10 + 4 * 20)
    assert mu[2] == pytest.approx(140.0)


def test_too_short_a_history_has_no_season():
    s = series(np.arange(200, dtype=float))
    assert (fc.season(s, s.index(ORIGIN)) == 1.0).all()


def test_origin_is_the_window_end_or_the_day_after_the_as_of():
    as_of = dt.datetime(2026, 11, 20, 20, 11)
    assert fc.origin_of({"as_of": as_of, "date_to": dt.date(2026, 12, 1)}) == dt.date(2026, 11, 21)
    assert fc.origin_of({"as_of": as_of, "date_to": dt.date(2026, 11, 1)}) == dt.date(2026, 11, 1)


SCOPE = {"region": "", "centre_id": None, "centre_type": None, "pilot_batch": None, "category": None}


@pytest.mark.slow
def test_on_the_demo_data_the_band_covers_at_least_70_percent_of_held_back_weeks(demo_db):
    with db.reader(demo_db) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        as_of = pd.Timestamp(fetch("common/data_as_of", {})["newest_record"].iloc[0]).to_pydatetime()
        out = fc.forecast(fetch, {**SCOPE, "as_of": as_of, "date_to": None})
        origin = dt.date.fromisoformat(out["origin"])
        flow = fetch(
            "tickets/flow",
            {**SCOPE, "grain": "day", "date_from": dt.date(2000, 1, 1), "date_to": origin, "as_of": origin},
        )
    cov = out["backtest_coverage"]
    assert cov["origins"] >= 20 and cov["weeks"] == 4 * cov["origins"]
    assert cov["arrivals"] >= 70.0 and cov["backlog"] >= 70.0
    # the backlog at the origin is the tickets page's (received minus closed, from the daily rollup)
    assert out["backlog_now"] == flow["open_at_end"].iloc[-1]
    # history: each week's count is the rollup's over its seven days
    last = out["history"][-1]
    assert last["arrivals"] == flow["received"].iloc[-7:].sum() and last["backlog"] == out["backlog_now"]
    assert len(out["weeks"]) == 4 and out["model"]["band"] == 0.8


@pytest.mark.slow
def test_a_forecast_from_a_past_origin_ignores_what_came_after(demo_db, tmp_path):
    """Deleting every ticket reported after the origin and every closing after it changes nothing."""
    import shutil

    from grassroots import rollups

    origin = dt.date(2026, 8, 1)
    params = {**SCOPE, "as_of": dt.datetime(2026, 11, 20), "date_to": origin}
    with db.reader(demo_db) as con:
        before = fc.forecast(lambda n, p: sql.run(con, n, p), params, with_backtest=False)
    cut = tmp_path / "cut.duckdb"
    shutil.copy(demo_db, cut)
    with db.writer(cut) as con:
        con.execute("delete from tickets where reported_at >= ?", [origin])
        con.execute(
            "update tickets set status = 'open', closed_at = null where closed_at >= ? and status = 'closed'", [origin]
        )
        rollups.rebuild(con)
    with db.reader(cut) as con:
        after = fc.forecast(lambda n, p: sql.run(con, n, p), params, with_backtest=False)
    assert after == before


def test_the_report_carries_the_forecast_in_its_json_and_files(tiny_db, tmp_path):
    """The report's `forecast` is the page's function for the report's window (October 2026 on the
    tiny database: from 1 November), and its docx and xlsx show the four weeks."""
    import json

    import openpyxl
    from docx import Document

    from grassroots.report import files
    from grassroots.report.period import parse

    with db.reader(tiny_db) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        report, written = files.make(fetch, parse("2026-10"), None, ("json", "docx", "xlsx"), tmp_path)
        direct = fc.forecast(
            fetch, {**SCOPE, "as_of": dt.datetime(2026, 11, 20, 9, 0), "date_to": dt.date(2026, 11, 1)}
        )
    data = json.loads(next(p for p in written if p.suffix == ".json").read_text(encoding="utf-8"))
    f = data["forecast"]
    assert f == json.loads(json.dumps(direct))
    assert f["origin"] == "2026-11-01" and [w["week_start"] for w in f["weeks"]][0] == "2026-11-01"
    assert f["backlog_now"] == 2  # T4 and T5 open at 1 November (T2 closed 4 October)
    assert set(f["weeks"][0]) >= {"week_start", "arrivals", "arrivals_lo", "arrivals_hi", "backlog"}
    assert {"backlog_lo", "backlog_hi"} <= set(f["weeks"][0]) and "backtest_coverage" in f
    doc = Document(str(next(p for p in written if p.suffix == ".docx")))
    assert any("积压预测" in p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "2026-11-01" in cells and "2026-11-22" in cells and "预计积压" in cells
    ws = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx")).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "2026-11-22" in values


@pytest.mark.slow
def test_the_scope_and_category_narrow_the_forecast(demo_db):
    with db.reader(demo_db) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        streets = fetch("common/regions", {})
        street = streets[streets["code"].str.len() == 9]["code"].iloc[0]
        cat = fetch("tickets/categories", {**SCOPE, **_window()})["category"].iloc[0]
        whole = fc.forecast(fetch, {**SCOPE, **_window()}, with_backtest=False)
        for narrower in ({"region": street}, {"category": cat}):
            p = {**SCOPE, **_window(), **narrower}
            out = fc.forecast(fetch, p, with_backtest=False)
            flow = fetch(
                "tickets/flow",
                {**p, "grain": "day", "date_from": dt.date(2000, 1, 1), "date_to": ORIGIN, "as_of": ORIGIN},
            )
            assert 0 < out["backlog_now"] == flow["open_at_end"].iloc[-1] < whole["backlog_now"]
            assert out["history"][-1]["arrivals"] == flow["received"].iloc[-7:].sum()
            assert out["weeks"][0]["arrivals"] < whole["weeks"][0]["arrivals"]


def _window() -> dict:
    return {
        "as_of": dt.datetime(2026, 11, 20, 12, 0),
        "date_from": dt.date(2026, 11, 1),
        "date_to": dt.date(2026, 12, 1),
        "grain": "month",
    }
