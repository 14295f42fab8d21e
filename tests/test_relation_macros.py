"""The macros that read a relation of the calling query by name (query_table): bucket_counts and km_tally
(03_tickets.sql), hex_bins (04_coverage.sql) and months_filled (02_windows.sql), checked against the same
rules written in Python on random rows."""

import datetime as dt
import math
import random
from collections import Counter

import pytest

from grassroots import db
from tests.conftest import months_between

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_bucket_counts_sums_each_bucket_and_lists_every_one(tiny_db, seed):
    rnd = random.Random(seed)
    edges = sorted({0, *rnd.sample(range(1, 60), rnd.randint(1, 5))})
    rows = [(rnd.randint(0, 80), rnd.randint(0, 3), rnd.randint(0, 2)) for _ in range(rnd.randint(0, 40))]
    rows += [(e, 1, 0) for e in edges[: rnd.randint(0, len(edges))]]  # a value on an edge starts its bucket
    with db.reader(tiny_db) as con:
        con.execute("create temp table vals (v integer, a bigint, b bigint)")
        if rows:
            con.executemany("insert into vals values (?, ?, ?)", rows)
        got = con.execute(
            "with rel as (select * from vals) select bucket, lo, hi, a, b, from bucket_counts('rel', $edges::integer[])"
            " order by bucket",
            {"edges": edges},
        ).fetchall()
    want = []
    for k, lo in enumerate(edges, start=1):
        hi = edges[k] if k < len(edges) else None
        inside = [r for r in rows if r[0] >= lo and (hi is None or r[0] < hi)]
        want.append((k, lo, hi, sum(r[1] for r in inside), sum(r[2] for r in inside)))
    assert got == want


def _km_t(hours: float) -> int:
    return math.ceil(hours) if hours <= 72 else 24 * math.ceil(hours / 24)


@pytest.mark.parametrize("seed", SEEDS)
def test_km_tally_counts_events_and_censored_at_their_rounded_time(tiny_db, seed):
    rnd = random.Random(seed)
    rows = [(rnd.choice("xy"), rnd.random() < 0.7, rnd.uniform(0, 400)) for _ in range(60)]
    with db.reader(tiny_db) as con:
        con.execute("create temp table km (grp varchar, closed boolean, hours double)")
        con.executemany("insert into km values (?, ?, ?)", rows)
        got = {
            (g, t): (e, c)
            for g, t, e, c in con.execute("with rel as (select * from km) select * from km_tally('rel')").fetchall()
        }
    events = Counter((g, _km_t(h)) for g, closed, h in rows if closed)
    censored = Counter((g, _km_t(h)) for g, closed, h in rows if not closed)
    assert got == {k: (events[k], censored[k]) for k in events.keys() | censored.keys()}


@pytest.mark.parametrize("seed", SEEDS)
def test_hex_bins_sums_the_points_of_each_cell_as_hex_cell_places_them(tiny_db, seed):
    rnd = random.Random(seed)
    rows = [
        (rnd.uniform(102.6, 102.8), rnd.uniform(24.9, 25.1), rnd.randint(1, 5), rnd.random() < 0.3) for _ in range(80)
    ]
    rows += [(None, 25.0, 7, True), (102.7, None, 9, False)]  # without both coordinates: left out
    with db.reader(tiny_db) as con:
        con.execute("create temp table pts (lon double, lat double, n bigint, flagged boolean)")
        con.executemany("insert into pts values (?, ?, ?, ?)", rows)
        got = {
            (q, r): (n, f)
            for q, r, n, f in con.execute(
                "with rel as (select * from pts) select q, r, n, n_flagged from hex_bins('rel', 800, 25.0)"
            ).fetchall()
        }
        cells = [
            (con.execute("select hex_cell($lon, $lat, 800, 25.0)", {"lon": lon, "lat": lat}).fetchone()[0], n, f)
            for lon, lat, n, f in rows
            if lon is not None and lat is not None
        ]
    want: dict[tuple, list[int]] = {}
    for cell, n, flagged in cells:
        sums = want.setdefault((cell["q"], cell["r"]), [0, 0])
        sums[0] += n
        sums[1] += n if flagged else 0
    assert got == {k: tuple(v) for k, v in want.items()}
    assert sum(n for n, _ in got.values()) == sum(r[2] for r in rows[:-2])


@pytest.mark.parametrize("seed", SEEDS)
def test_months_filled_gives_every_month_for_every_group_with_zeros(tiny_db, seed):
    rnd = random.Random(seed)
    lo = dt.date(2025, rnd.randint(1, 12), rnd.randint(1, 28))
    hi = lo + dt.timedelta(days=rnd.randint(1, 200))
    months = months_between(lo, hi)
    rows = {(rnd.choice(months), rnd.choice("abc")): rnd.randint(1, 9) for _ in range(rnd.randint(1, 6))}
    # the data's newest record: past the window, or on a day inside it (the months stop at its month)
    newest = rnd.choice([hi + dt.timedelta(days=3), lo + dt.timedelta(days=rnd.randint(0, (hi - lo).days - 1))])
    shown = [m for m in months if m <= newest]
    with db.reader(tiny_db) as con:
        con.execute("create temp table g (month date, grp varchar, n bigint)")
        con.executemany("insert into g values (?, ?, ?)", [(m, k, n) for (m, k), n in rows.items()])
        got = con.execute(
            "with rel as (select * from g) select month, grp, n from months_filled('rel', $lo, $hi, $as_of)"
            " order by all",
            {"lo": lo, "hi": hi, "as_of": dt.datetime.combine(newest, dt.time(18))},
        ).fetchall()
    groups = sorted({k for _, k in rows})
    assert got == [(m, k, rows.get((m, k), 0)) for m in shown for k in groups]
