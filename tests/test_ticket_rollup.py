"""The monthly ticket rollups (migration 014): histogram quantiles within 1% or 0.5 h (whichever is larger)
of the exact ones, computed apart by numpy; the pages' ticket queries reading them give the counts the
records give and quantiles within that tolerance, for whole-month and ragged windows and every scope;
an import's refresh of the months it touched leaves them equal to a rebuild."""

import datetime as dt
import math
import re
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from grassroots import QUERIES_DIR, db, rollups, sql
from grassroots.views.tickets import PAGE_DEFAULTS

QS = (0.1, 0.25, 0.5, 0.75, 0.9)
QUANTILES = """
    with b as (select bucket, count(*) as n from v group by bucket),
    c as (select *, sum(n) over (order by bucket rows unbounded preceding) as cum, sum(n) over () as tot from b)
    select {cols} from c
"""
COLS = ", ".join(f"hist_quantile(bucket, cum, n, tot, {q})" for q in QS)
QUANTILE_COLUMNS = {"median_hours", "p90_hours", "median_hours_to_close", "p10", "p25", "median", "p75", "p90"}


def _tolerance(exact):
    return np.maximum(0.5, np.abs(exact) * 0.01)


@pytest.fixture(scope="module")
def mem(tmp_path_factory):
    path = tmp_path_factory.mktemp("hist") / "empty.duckdb"
    with db.writer(path):  # an empty database with the schema and its macros
        pass
    con = duckdb.connect(str(path))
    yield con
    con.close()


def _samples() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(15)
    hours = {
        "lognormal": rng.lognormal(mean=3.0, sigma=1.2, size=20000),  # hours to close: a long tail
        "short": rng.exponential(1.5, size=5000),  # stages: mostly within a few hours
        "whole_hours": rng.integers(0, 200, size=3000).astype(float),  # clock-rounded times
        "bimodal": np.concatenate([rng.normal(4, 1, 4000).clip(0), rng.normal(300, 40, 4000).clip(0)]),
        "few": np.array([8.0, 10, 12, 24, 48, 96]),
        "sparse": rng.uniform(0, 2000, size=7),
        "months": rng.uniform(700, 5000, size=2000),  # far above the linear buckets
    }
    return {k: np.round(v * 3600).astype(np.int64) for k, v in hours.items()}


@pytest.mark.parametrize("name", list(_samples()))
def test_histogram_quantiles_are_within_tolerance_of_exact(mem, name):
    seconds = _samples()[name]
    mem.execute(
        "create or replace temp table v as select hist_bucket(s) as bucket from unnest($s::bigint[]) t(s)",
        {"s": seconds.tolist()},
    )
    estimate = np.array(mem.execute(QUANTILES.format(cols=COLS)).fetchone(), dtype=float)
    exact = np.quantile(seconds / 3600.0, QS)  # numpy's linear interpolation is quantile_cont's
    assert (np.abs(estimate - exact) <= _tolerance(exact)).all(), (name, exact, estimate)
    buckets = mem.execute("select count(distinct bucket) from v").fetchone()[0]
    assert buckets <= 700  # coarse: a cell's histogram stays small whatever it holds
    if name in ("lognormal", "short", "whole_hours", "months"):
        assert buckets < len(seconds) / 10


def test_whole_and_half_hours_come_out_exact(mem):
    got = mem.execute("select list(hist_mid(hist_bucket(h * 1800)) order by h) from range(0, 101) t(h)").fetchone()[0]
    assert got == [h / 2 for h in range(101)]


# --- the pages' queries on the demo database, against the records -------------------------------------


@pytest.fixture(scope="module")
def small(demo_db):
    return demo_db


def _exact_text(name: str) -> str:
    """The query `name` computed from the records alone: the rollups' readers swapped for the records'
    aggregates (the same builder the rollup is made by, over the whole window) and the histograms off."""
    text = sql.load("tickets/rates" if name == "tickets/rates" else name)[0]
    text = re.sub(
        r"tickets_monthly_in\(([^,]+), ([^,]+), [^)]+\)",
        r"ticket_month_agg(\1::timestamp, \2::timestamp, '-infinity'::timestamp, '-infinity'::timestamp)",
        text,
    )
    return text.replace("hist_scope($region, $centre_id, $centre_type, $pilot_batch)", "false")


def _records(con, name: str, params: dict) -> pd.DataFrame:
    text = _exact_text(name)
    wanted = set(re.findall(r"\$([A-Za-z_]\w*)", re.sub(r"--[^\n]*", "", text)))
    return con.execute(text, {k: v for k, v in params.items() if k in wanted}).df()


def _same(exact: pd.DataFrame, got: pd.DataFrame, label: str) -> None:
    if "is_total" in exact:
        exact = exact.sort_values(["is_total", "grp"]).reset_index(drop=True)
        got = got.sort_values(["is_total", "grp"]).reset_index(drop=True)
    assert list(exact.columns) == list(got.columns) and len(exact) == len(got), label
    for c in exact.columns:
        x, y = exact[c], got[c]
        if c in QUANTILE_COLUMNS:
            x, y = x.astype(float), y.astype(float)
            ok = (x.isna() & y.isna()) | ((x - y).abs() <= _tolerance(x))
        elif pd.api.types.is_float_dtype(x) or pd.api.types.is_float_dtype(y):
            ok = pd.Series(np.isclose(x.astype(float), y.astype(float), equal_nan=True))
        else:
            ok = (x.isna() & y.isna()) | (x.astype(str) == y.astype(str))
        assert ok.all(), (label, c, list(zip(x, y))[:5])


# assessment/tickets from its records alone: each count the sum of a flag of assessment_tickets (007)
ASSESSMENT_PARAMS = ("as_of", "date_from", "date_to", "region", "centre_id", "centre_type", "pilot_batch", "unit_level")
ASSESSMENT_RECORDS = """
    select unit_id, count(*) as n_tickets, count(*) filter (where closed) as closed, count(*) filter (where due) as due,
           count(*) filter (where on_time_n) as on_time_n, count(*) filter (where on_time_d) as on_time_d,
           count(*) filter (where accepted) as accepted, count(*) filter (where reworked) as reworked,
           count(*) filter (where satisfied) as satisfied, count(*) filter (where rated) as rated,
           count(*) filter (where escalated) as escalated,
           median(hours_to_close) filter (where closed) as median_hours_to_close,
    from assessment_tickets($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level)
    where unit_id is not null
    group by unit_id
    order by unit_id
"""


def _windows(as_of: dt.datetime) -> dict[str, tuple[dt.date, dt.date]]:
    end = as_of.date() + dt.timedelta(days=1)
    return {
        "month": (dt.date(end.year, end.month, 1), end),  # the running month, clipped to the data
        "year": (dt.date(end.year, 1, 1), end),
        "ragged": (dt.date(end.year - 1, 3, 10), dt.date(end.year - 1, 8, 20)),
        "days": (dt.date(end.year - 1, 3, 10), dt.date(end.year - 1, 3, 25)),
        # the year to date's 同比: starts on a first, whole months then a ragged end (no left edge)
        "last_year": (dt.date(end.year - 1, 1, 1), dt.date(end.year - 1, end.month, min(end.day, 28))),
    }


@pytest.mark.slow
def test_the_pages_ticket_queries_equal_the_records(small):
    with db.reader(small) as con:
        as_of = con.execute("select max(reported_at) from tickets").fetchone()[0]
        street, community = con.execute(
            "select left(community_code, 9), community_code from tickets group by all order by count(*) desc limit 1"
        ).fetchone()
        base = {
            **PAGE_DEFAULTS,
            "as_of": as_of,
            "centre_id": None,
            "centre_type": None,
            "pilot_batch": None,
        }
        scopes = {"all": "", "district": street[:6], "street": street, "community": community}
        checked = 0
        for wl, (start, end) in _windows(as_of).items():
            for sl, region in scopes.items():
                p = {**base, "date_from": start, "date_to": end, "region": region}
                for name in ("overview/kpis", "overview/kpi_trend", "tickets/categories", "tickets/stages"):
                    _same(_records(con, name, p), sql.run(con, name, p), f"{name} {wl} {sl}")
                for level in ("street", "community", "centre"):
                    q = {**p, "unit_level": level}
                    exact = con.execute(ASSESSMENT_RECORDS, {k: q[k] for k in ASSESSMENT_PARAMS}).df()
                    _same(exact, sql.run(con, "assessment/tickets", q), f"assessment {wl} {sl} {level}")
                for grain in ("month", "week"):
                    q = {**p, "grain": grain}
                    _same(_records(con, "tickets/flow", q), sql.run(con, "tickets/flow", q), f"flow {wl} {sl} {grain}")
                for dim in ("", "category", "source", "street", "community", "period"):
                    q = {**p, "dim": dim, "own_due_only": dim == "source"}
                    assert sql.route("tickets/rates", q) == "tickets/rates_monthly"
                    _same(_records(con, "tickets/rates", q), sql.run(con, "tickets/rates", q), f"rates {wl} {sl} {dim}")
                    checked += 1
        assert checked == 5 * 4 * 6


def test_rates_the_rollup_does_not_hold_read_the_records():
    p = {"dim": "category", "grain": "month", "escalated_only": False, "response_hours": 2.0}
    assert sql.route("tickets/rates", p) == "tickets/rates_monthly"
    for other in ({"dim": "grid"}, {"dim": "period", "grain": "week"}, {"escalated_only": True}, {"response_hours": 3}):
        assert sql.route("tickets/rates", {**p, **other}) == "tickets/rates"
    assert (QUERIES_DIR / "tickets/rates_monthly.sql").exists()


@pytest.mark.slow
def test_short_assessment_windows_read_the_records_as_the_rollup_counts_them(small):
    """assessment/tickets reads a window of a quarter or less from its records (assessment/tickets_from_records)
    and a longer one from the rollup; for the short windows the two readers give the same counts, and medians
    within the histograms' tolerance."""
    day = dt.timedelta(days=1)
    start = dt.date(2026, 1, 1)
    short = {"date_from": start, "date_to": start + sql.SHORT_WINDOW_DAYS * day}
    assert sql.route("assessment/tickets", short) == "assessment/tickets_from_records"
    assert sql.route("assessment/tickets", {**short, "date_to": short["date_to"] + day}) == "assessment/tickets"
    with db.reader(small) as con:
        as_of = con.execute("select max(reported_at) from tickets").fetchone()[0]
        end = as_of.date() + day
        windows = {
            "running month": (dt.date(end.year, end.month, 1), end),
            "days": (dt.date(end.year - 1, 3, 10), dt.date(end.year - 1, 3, 25)),
            "a quarter's first weeks": (dt.date(end.year - 1, 7, 1), dt.date(end.year - 1, 8, 21)),
        }
        checked = 0
        for wl, (lo, hi) in windows.items():
            for level in ("street", "community", "centre"):
                q = {"as_of": as_of, "date_from": lo, "date_to": hi, "region": "", "centre_id": None,
                     "centre_type": None, "pilot_batch": None, "unit_level": level}  # fmt: skip
                records = sql.run(con, "assessment/tickets", q)
                rollup = sql.run(con, "assessment/tickets", q, exact=True)
                assert len(records) > 0, (wl, level)
                _same(records, rollup, f"assessment {wl} {level}")
                checked += 1
        assert checked == 9


@pytest.mark.slow
def test_ticket_rollup_rows_reduce(small):
    with db.reader(small) as con:
        tickets, facts, hist, cells = con.execute(
            "select (select count(*) from tickets), (select count(*) from rollup_tickets_monthly),"
            " (select count(*) from rollup_tickets_hist),"
            " (select count(*) from (select distinct date_trunc('month', reported_at), left(community_code, 9),"
            "  category from tickets where status not in ('cancelled', 'duplicate')))"
        ).fetchone()
    assert hist <= 6 * cells  # one row a month, street, category and measure
    assert facts < tickets


@pytest.mark.slow
def test_refresh_of_touched_months_equals_a_rebuild(small, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(small, path)
    with db.writer(path) as con:
        # move some tickets to another month and close others, then refresh only the days they touch
        ids = "(select ticket_id from tickets order by ticket_id limit 50)"
        before = rollups.days_touched(con, "tickets", "ticket_id", ids)
        con.execute(
            f"update tickets set reported_at = reported_at - interval 40 day, status = 'closed',"
            f" closed_at = reported_at + interval 3 hour where ticket_id in {ids}"
        )
        after = rollups.days_touched(con, "tickets", "ticket_id", ids)
        rollups.refresh(con, "tickets", before | after)
        q = "select * from {} order by all"
        tables = ("rollup_tickets_monthly", "rollup_tickets_hist", "rollup_ticket_close_hist")
        refreshed = {t: con.execute(q.format(t)).fetchall() for t in tables}
        rollups.rebuild(con)
        rebuilt = {t: con.execute(q.format(t)).fetchall() for t in tables}
    assert refreshed == rebuilt


@pytest.mark.slow
def test_histogram_rows_are_those_of_the_plain_count_each_list_ascending(small):
    """rollup_tickets_hist (ticket_hist_agg: each measure counted apart, keyed by one integer, lists sorted as
    packed integers) holds exactly the rows of ticket_hist_rows, one group-by of every (cell, measure, bucket), its
    buckets in ascending order and n their sum."""
    with db.reader(small) as con:
        unnested = con.execute(
            "select month, street_code, category, measure, b.b, b.n from"
            " (select *, unnest(buckets) as b from rollup_tickets_hist) order by all"
        ).fetchall()
        plain = con.execute(
            "select month, street_code, category, measure, bucket, n from ticket_hist_rows("
            "'-infinity'::timestamp, 'infinity'::timestamp, '-infinity'::timestamp, '-infinity'::timestamp)"
            " order by all"
        ).fetchall()
        (bad,) = con.execute(
            "select count(*) from rollup_tickets_hist"
            " where list_transform(buckets, lambda x: x.b) <> list_sort(list_transform(buckets, lambda x: x.b))"
            " or n <> list_sum(list_transform(buckets, lambda x: x.n))"
        ).fetchone()
    assert len(plain) > 1000 and unnested == plain
    assert bad == 0


def test_hours_to_close_by_street_are_the_histograms_without_the_category(small):
    """rollup_ticket_close_hist (017) holds, for every month, street and bucket, the closed tickets that
    rollup_tickets_hist counts for hours to close (measure 0) over all categories, and a record's hours, bucketed
    by hand in Python's arithmetic, land in the same counts."""
    with db.reader(small) as con:
        street = con.execute(
            "select month, street_code, bucket, n from rollup_ticket_close_hist order by all"
        ).fetchall()
        merged = con.execute(
            "select month, street_code, b.b, sum(b.n)::integer from"
            " (select month, street_code, unnest(buckets) as b from rollup_tickets_hist where measure = 0)"
            " group by all order by all"
        ).fetchall()
        records = con.execute(
            "select date_trunc('month', reported_at)::date, coalesce(left(community_code, 9), ''),"
            " date_diff('second', reported_at, closed_at) from tickets"
            " where status = 'closed' and closed_at is not null and closed_at >= reported_at"
        ).fetchall()
    assert len(street) > 100 and street == merged
    by_hand: dict[tuple, int] = {}
    for month, code, s in records:
        b = (
            0
            if s <= 900
            else math.ceil((s - 900) / 1800)
            if s <= 180900
            else 100 + math.ceil(math.log(s / 180900) / math.log(1.01))
        )
        by_hand[(month, code, b)] = by_hand.get((month, code, b), 0) + 1
    assert sorted((m, c, b, n) for (m, c, b), n in by_hand.items()) == street


def test_a_refresh_runs_on_one_thread_and_gives_back_the_connections_own(mem):
    """rollups.refresh aggregates on one thread (grassroots.rollups.one_thread) and leaves the connection with the
    threads it had, after a refresh that fails too."""
    mem.execute("set threads = 3")
    seen = []
    with rollups.one_thread(mem):
        seen.append(mem.execute("select current_setting('threads')").fetchone()[0])
    assert seen == [1]
    assert mem.execute("select current_setting('threads')").fetchone()[0] == 3
    with pytest.raises(duckdb.Error), rollups.one_thread(mem):
        mem.execute("select * from no_such_table")
    assert mem.execute("select current_setting('threads')").fetchone()[0] == 3
    rollups.refresh(mem, "tickets", None)
    assert mem.execute("select current_setting('threads')").fetchone()[0] == 3
