"""The month-grain rollups (migrations 009 and 011: services by item, by hour of the week and by
channel; volunteering) equal the aggregate of their sources - after a rebuild, after imports that add,
move and delete records - and their window readers equal the sources over any window."""

import datetime as dt
import shutil

import numpy as np
import pandas as pd
import pytest

from grassroots import db, rollups, sql
from tests.tiny_activity import build

# the rollups' contents written out independently of the macros that maintain them
ITEMS_BY_HAND = """
    select date_trunc('month', accepted_at)::date as month, centre_id, coalesce(item_code, '') as item_code,
           count(*) as n,
           sum(case when channel in ('网上办', '掌上办') then 1 else 0 end) as n_online,
           sum(case when channel = '帮代办' then 1 else 0 end) as n_proxy,
           sum(case when channel = '上门服务' then 1 else 0 end) as n_home,
           sum(case when finished_at is null then 0 else 1 end) as n_finished,
           sum(case when rating is null then 0 else 1 end) as n_rated,
           coalesce(sum(rating), 0) as rating_sum,
           sum(case when rating >= 3 then 1 else 0 end) as n_satisfied,
           sum(case when rating = 5 then 1 else 0 end) as n_r5,
           sum(case when rating = 1 then 1 else 0 end) as n_r1,
    from service_records {where}
    group by 1, 2, 3
"""
HOURS_BY_HAND = """
    select date_trunc('month', accepted_at)::date as month, centre_id, isodow(accepted_at) as dow,
           hour(accepted_at) as hour, count(*) as n,
           sum(case when channel = '窗口' then 1 else 0 end) as n_window,
           sum(case when channel in ('网上办', '掌上办') then 1 else 0 end) as n_online,
           sum(case when channel = '自助终端' then 1 else 0 end) as n_kiosk,
    from service_records {where}
    group by 1, 2, 3, 4
"""
MONTHLY_BY_HAND = """
    select date_trunc('month', day)::date as month, centre_id, channel, sum(n), sum(n_finished), sum(n_rated),
           sum(rating_sum), sum(n_satisfied), sum(n_tongban), sum(n_extended),
    from rollup_services_daily {where}
    group by 1, 2, 3
"""
VOLUNTEERING_BY_HAND = """
    select date_trunc('month', date)::date as month, centre_id, coalesce(team, '') as team, count(*),
           sum(hours), sum(points_earned), sum(points_redeemed),
    from volunteering {where}
    group by 1, 2, 3
"""
MONTHLY_COLS = "month, centre_id, channel, n, n_finished, n_rated, rating_sum, n_satisfied, n_tongban, n_extended"
VOLUNTEERING_COLS = "month, centre_id, team, sessions, hours, points_earned, points_redeemed"
ITEMS_COLS = "month, centre_id, item_code, n, n_online, n_proxy, n_home, n_finished, n_rated, rating_sum, n_satisfied, n_r5, n_r1"
HOURS_COLS = "month, centre_id, dow, hour, n, n_window, n_online, n_kiosk"


def _rows(con, q, params=None):
    return sorted(
        tuple(int(x) if isinstance(x, (int, np.integer)) else x for x in r)
        for r in con.execute(q, params or {}).fetchall()
    )


def assert_rollups_equal_records(con):
    assert _rows(con, f"select {ITEMS_COLS} from rollup_service_items_monthly") == _rows(
        con, ITEMS_BY_HAND.format(where="")
    )
    assert _rows(con, f"select {HOURS_COLS} from rollup_service_hours_monthly") == _rows(
        con, HOURS_BY_HAND.format(where="")
    )
    assert _rows(con, f"select {MONTHLY_COLS} from rollup_services_monthly") == _rows(
        con, MONTHLY_BY_HAND.format(where="")
    )
    assert _rows(con, f"select {VOLUNTEERING_COLS} from rollup_volunteering_monthly") == _rows(
        con, VOLUNTEERING_BY_HAND.format(where="")
    )


def test_rebuild_equals_records(activity_db):
    with db.reader(activity_db) as con:
        assert_rollups_equal_records(con)
        # by hand: October at C1 holds I1 (S1, S2, S5) and I2 (S3, S4)
        got = dict(
            con.execute(
                "select item_code, n from rollup_service_items_monthly "
                "where month = date '2026-10-01' and centre_id = 'C1'"
            ).fetchall()
        )
        assert got == {"I1": 3, "I2": 2}


def _import_like(con, changes: str, ids: list[str], table: str = "service_records", key: str = "service_id") -> None:
    """What the importer does: the days the records count on before and after the change, then refresh."""
    con.execute(f"create or replace temp table staged as select unnest($ids::varchar[]) as {key}", {"ids": ids})
    days = rollups.days_touched(con, table, key, "staged")
    con.execute(changes)
    days |= rollups.days_touched(con, table, key, "staged")
    rollups.refresh(con, table, days)


def test_imports_keep_the_rollups_equal(activity_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(activity_db, copy)
    with db.writer(copy) as con:
        untouched = _rows(con, "select * from rollup_service_items_monthly where month = date '2026-09-01'")
        # move S4 into November, re-channel S1, delete S7 (its month loses a row), add S11 in a new month
        _import_like(
            con,
            """
            update service_records set accepted_at = timestamp '2026-11-02 10:00', finished_at = null where service_id = 'S4';
            update service_records set channel = '网上办', rating = 2 where service_id = 'S1';
            delete from service_records where service_id = 'S7';
            insert into service_records (service_id, centre_id, item_code, channel, accepted_at, rating)
                values ('S11', 'C3', 'I9', '自助终端', timestamp '2025-12-31 23:30', 4);
        """,
            ["S4", "S1", "S7", "S11"],
        )
        assert_rollups_equal_records(con)
        # volunteering: a record moves a month back, one is deleted, a team is renamed, one is added
        _import_like(
            con,
            """
            update volunteering set date = date '2026-09-30' where record_id = 'V1';
            delete from volunteering where record_id = 'V6';
            update volunteering set team = null where record_id = 'V4';
            insert into volunteering values ('V8', 'P5', '新队', 'C3', date '2026-12-01', 1.5, 15, 0);
        """,
            ["V1", "V6", "V4", "V8"],
            "volunteering",
            "record_id",
        )
        assert_rollups_equal_records(con)
        assert (
            con.execute("select count(*) from rollup_volunteering_monthly where month = date '2026-08-01'").fetchone()[
                0
            ]
            == 0
        )
        assert _rows(con, "select * from rollup_service_items_monthly where month = date '2026-09-01'") == untouched
        assert (
            con.execute(
                "select count(*) from rollup_service_items_monthly where centre_id = 'C2' "
                "and month = date '2026-10-01' and item_code = 'I2'"
            ).fetchone()[0]
            == 0
        )
        # a centre import moves services between communities: everything is rebuilt
        rollups.refresh(con, "centres", None)
        assert_rollups_equal_records(con)


@pytest.fixture(scope="module")
def random_db(tmp_path_factory):
    """tests/tiny_activity.py plus 600 services and 300 volunteering records at random over 14 months (seeded)."""
    path = build(tmp_path_factory.mktemp("random_services") / "random.duckdb")
    rng = np.random.default_rng(20261120)
    start = np.datetime64("2025-09-01T00:00")
    minutes = rng.integers(0, 14 * 30 * 24 * 60, 600)
    rows = [
        (
            f"R{i}",
            f"C{rng.integers(1, 5)}",
            f"I{rng.integers(1, 5)}",
            ["窗口", "网上办", "掌上办", "自助终端", "帮代办", "上门服务"][rng.integers(0, 6)],
            str(start + np.timedelta64(int(m), "m")),
            int(rng.integers(1, 6)) if rng.random() < 0.6 else None,
        )
        for i, m in enumerate(minutes)
    ]
    days = rng.integers(0, 14 * 30, 300)
    vol = [
        (
            f"RV{i}",
            f"P{rng.integers(1, 40)}",
            ["甲队", "乙队", None][rng.integers(0, 3)],
            f"C{rng.integers(1, 5)}",
            str(np.datetime64("2025-09-01") + np.timedelta64(int(d), "D")),
            float(rng.integers(1, 8)) / 2,
            float(rng.integers(0, 50)),
            float(rng.integers(0, 30)),
        )
        for i, d in enumerate(days)
    ]
    with db.writer(path) as con:
        con.executemany(
            "insert into service_records (service_id, centre_id, item_code, channel, accepted_at, rating)"
            " values (?, ?, ?, ?, ?::timestamp, ?)",
            rows,
        )
        con.executemany("insert into volunteering values (?, ?, ?, ?, ?::date, ?, ?, ?)", vol)
        rollups.rebuild(con)
        con.execute("checkpoint")
    return path


D = dt.date


WINDOWS = [
    (D(2026, 10, 1), D(2026, 11, 1)),  # one whole month
    (D(2026, 1, 1), D(2026, 11, 21)),  # the year to date: runs past the newest record
    (D(2026, 10, 1), D(2026, 10, 21)),  # the running month's 环比: part of a month
    (D(2025, 11, 15), D(2026, 3, 10)),  # ragged at both ends
    (D(2026, 2, 3), D(2026, 2, 17)),  # inside one month
    (D(2025, 9, 1), D(2026, 11, 1)),  # everything
    (D(2026, 4, 1), D(2026, 4, 1)),  # empty
    (D(2025, 1, 1), D(2025, 11, 21)),  # the year to date's 同比: whole months and a ragged end
    (D(2026, 7, 1), D(2026, 8, 21)),  # a quarter's 环比
]


@pytest.mark.parametrize("date_from,date_to", WINDOWS)
def test_window_readers_equal_the_records(random_db, date_from, date_to):
    as_of = dt.datetime(2026, 11, 20, 9, 0)
    with db.reader(random_db) as con:
        assert con.execute("select max(accepted_at) from service_records").fetchone()[0] <= as_of
        p = {"a": date_from, "b": date_to, "s": as_of}
        where = "where accepted_at >= $a and accepted_at < $b"
        items = "centre_id, item_code, sum(n), sum(n_online), sum(n_finished), sum(rating_sum), sum(n_r5)"
        points = "sum(hours), sum(points_earned - points_redeemed)"
        services = "centre_id, channel, sum(n), sum(n_extended), sum(n_tongban)"
        # each window reader, and the same sums worked out from the records (or the daily rollup)
        pairs = [
            (
                f"select {items} from service_items_in($a, $b, $s) group by 1, 2",
                f"select {items} from ({ITEMS_BY_HAND.format(where=where)}) group by 1, 2",
            ),
            (
                "select dow, hour, sum(n), sum(n_window) from service_hours_in($a, $b, $s) group by 1, 2",
                f"select dow, hour, sum(n), sum(n_window) from ({HOURS_BY_HAND.format(where=where)}) group by 1, 2",
            ),
            (
                f"select {services} from services_in($a, $b, $s) group by 1, 2",
                f"select {services} from rollup_services_daily where day >= $a and day < $b group by 1, 2",
            ),
            (
                f"select centre_id, team, sum(sessions), {points} from volunteering_in($a, $b, $s) group by 1, 2",
                f"select centre_id, coalesce(team, ''), count(*), {points} from volunteering"
                " where date >= $a and date < $b group by 1, 2",
            ),
        ]
        for reader, by_hand in pairs:
            assert _rows(con, reader, p) == _rows(con, by_hand, {"a": date_from, "b": date_to}), reader


def test_window_readers_use_the_rollup_for_whole_months(random_db):
    # with the rollup emptied, only the edge days of a ragged window are left: proof the whole months came from it
    copy = random_db.with_name("emptied.duckdb")
    shutil.copy(random_db, copy)
    with db.writer(copy) as con:
        con.execute("delete from rollup_service_items_monthly")
        n = con.execute(
            "select sum(n) from service_items_in(date '2025-11-15', date '2026-03-10', timestamp '2026-11-20 09:00')"
        ).fetchone()[0]
        edges = con.execute(
            "select count(*) from service_records where (accepted_at >= date '2025-11-15' "
            "and accepted_at < date '2025-12-01') or (accepted_at >= date '2026-03-01' "
            "and accepted_at < date '2026-03-10')"
        ).fetchone()[0]
    assert n == edges


# the queries that read services through the window readers, with the parameters a page passes
SERVICE_QUERIES = (
    "overview/kpi_trend",
    "overview/kpis",
    "assessment/services",
    "coverage/centres",
    "services/summary",
    "services/by_centre",
    "services/by_item",
    "services/hour_of_week",
)
AS_OF = dt.datetime(2026, 11, 20, 9, 0)
PAGE = {"as_of": AS_OF, "region": "", "centre_id": None, "centre_type": None, "pilot_batch": None}
PAGE |= {"unit_level": "street", "on": None, "radius_m": 1000.0}


def _is_whole(date_from: dt.date, date_to: dt.date) -> bool:
    """A window of whole months: it starts on a first of the month and ends on one or after the newest record."""
    return date_from.day == 1 and (date_to.day == 1 or date_to > AS_OF.date())


def _holds_no_whole_month(date_from: dt.date, date_to: dt.date) -> bool:
    """Not a window of whole months, and no month lies whole within it (every day of it is an edge day)."""
    months = pd.date_range(date_from.replace(day=1), date_to, freq="MS").date
    whole = [
        m for m in months if m >= date_from and (m + pd.offsets.MonthBegin(1)).date() <= max(date_to, _newest(date_to))
    ]
    return not _is_whole(date_from, date_to) and not whole


def _newest(date_to: dt.date) -> dt.date:
    """A window running past the newest record holds its last month whole: its end counts as the month's end."""
    return (
        (pd.Timestamp(date_to - dt.timedelta(days=1)) + pd.offsets.MonthBegin(1)).date()
        if date_to > AS_OF.date()
        else date_to
    )


@pytest.mark.parametrize("date_from,date_to", WINDOWS)
def test_a_window_calls_the_twin_readers_it_needs_with_the_same_result(random_db, date_from, date_to):
    params = {**PAGE, "date_from": date_from, "date_to": date_to}
    with db.reader(random_db) as con:
        for name in SERVICE_QUERIES:
            text, bound = sql.bind(name, params)
            whole, part = _is_whole(date_from, date_to), _holds_no_whole_month(date_from, date_to)
            tail = not (whole or part) and date_from.day == 1  # no left edge to plan
            kinds = ("_whole(" in text, "_part(" in text, "_tail(" in text, "_in(" in text)
            assert kinds == (whole, part, tail, not (whole or part or tail)), name
            as_written = con.execute(sql.load(name)[0], bound).df()
            pd.testing.assert_frame_equal(sql.run(con, name, params), as_written, obj=name)


def test_a_window_of_whole_months_never_reads_the_daily_rollup(random_db, tmp_path):
    # with the daily services rollup emptied, whole-month windows still count every service (from the monthly
    # rollup), while a ragged window loses exactly its edge days (the daily rollup's only use)
    emptied = tmp_path / "no_daily.duckdb"
    shutil.copy(random_db, emptied)
    with db.writer(emptied) as con:
        con.execute("delete from rollup_services_daily")

    def services(path, date_from, date_to):
        with db.reader(path) as con:
            p = {**PAGE, "date_from": date_from, "date_to": date_to}
            trend = sql.run(con, "overview/kpi_trend", p)
            return (
                int(trend["services"].sum()),
                int(sql.run(con, "overview/kpis", p)["services"].iloc[0]),
                int(sql.run(con, "assessment/services", p)["services"].sum()),
                int(sql.run(con, "coverage/centres", p)["services"].sum()),
            )

    def records(date_from, date_to):
        with db.reader(random_db) as con:
            q = "select count(*) from service_records where accepted_at >= $a and accepted_at < $b"
            return con.execute(q, {"a": date_from, "b": date_to}).fetchone()[0]

    for date_from, date_to in [(D(2026, 1, 1), D(2026, 11, 21)), (D(2025, 9, 1), D(2026, 11, 1))]:
        n = records(date_from, date_to)
        assert n > 0
        assert services(emptied, date_from, date_to) == services(random_db, date_from, date_to) == (n,) * 4
    date_from, date_to = D(2025, 11, 15), D(2026, 3, 10)
    whole_months = records(D(2025, 12, 1), D(2026, 3, 1))
    assert services(random_db, date_from, date_to) == (records(date_from, date_to),) * 4
    assert services(emptied, date_from, date_to) == (whole_months,) * 4
