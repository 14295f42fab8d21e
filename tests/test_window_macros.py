"""The date-window macros of grassroots/schema/macros/02_windows.sql and the place macros of 01_scope.sql,
checked against the same rules written in Python."""

import datetime as dt

import pytest

from grassroots import db
from tests.conftest import months_between

DAY = dt.timedelta(days=1)
WINDOWS = [
    (dt.date(2026, 10, 1), dt.date(2026, 11, 1)),  # one whole month
    (dt.date(2026, 9, 17), dt.date(2026, 11, 4)),  # partial months at both ends
    (dt.date(2026, 10, 5), dt.date(2026, 10, 9)),  # days inside one month
    (dt.date(2025, 12, 31), dt.date(2026, 3, 1)),  # over a year's end
]


@pytest.mark.parametrize(("lo", "hi"), WINDOWS)
def test_window_months_lists_every_month_the_window_touches_up_to_the_data(tiny_db, lo, hi):
    """Every month the window touches; with the data's newest record (as_of) inside the window, up to that
    record's month (data_to), and none for a window wholly after it."""
    with db.reader(tiny_db) as con:

        def months(as_of: dt.datetime) -> list[dt.date]:
            text = "select month from window_months($lo, $hi, $as_of)"
            return [r[0] for r in con.execute(text, {"lo": lo, "hi": hi, "as_of": as_of}).fetchall()]

        assert months(dt.datetime(2027, 1, 1)) == months_between(lo, hi)
        assert months(dt.datetime.combine(hi, dt.time())) == months_between(
            lo, hi
        )  # the window's last day is in the data
        for day in (lo, lo + (hi - lo) / 2, hi - DAY):
            as_of = dt.datetime.combine(day, dt.time(23, 59))
            assert months(as_of) == months_between(lo, day + DAY)
        assert months(dt.datetime.combine(lo - DAY, dt.time(12))) == []


@pytest.mark.parametrize(("lo", "hi"), WINDOWS)
def test_edges_and_whole_months_split_a_window_without_gap_or_overlap(tiny_db, lo, hi):
    as_of = dt.datetime(2027, 1, 1)
    with db.reader(tiny_db) as con:
        whole = {
            r[0]
            for r in con.execute(
                "select m from unnest($months) t(m) where in_whole_months(m, $lo, $hi, $as_of)",
                {"months": months_between(lo - 62 * DAY, hi + 62 * DAY), "lo": lo, "hi": hi, "as_of": as_of},
            ).fetchall()
        }
        days = [lo - 40 * DAY + i * DAY for i in range((hi - lo).days + 80)]
        edges = {
            r[0]
            for r in con.execute(
                "select d from unnest($days) t(d) where in_edges(d, $lo, $hi, whole_from($lo), whole_to($hi, $as_of))",
                {"days": days, "lo": lo, "hi": hi, "as_of": as_of},
            ).fetchall()
        }
    # a whole month lies inside the window; every day of the window is in a whole month or an edge, not both
    assert all(lo <= m and (m + 32 * DAY).replace(day=1) <= hi for m in whole)
    for d in days:
        in_whole = d.replace(day=1) in whole
        assert (d in edges) == (lo <= d < hi and not in_whole), d
        assert not (in_whole and d in edges)


@pytest.mark.parametrize(
    ("residents", "floating", "with_floating", "expected"), [(100, 30, True, 130), (100, 30, False, 100)]
)
def test_population_of_counts_the_floating_population_only_when_asked(
    tiny_db, residents, floating, with_floating, expected
):
    with db.reader(tiny_db) as con:
        got = con.execute("select population_of($r, $f, $w)", {"r": residents, "f": floating, "w": with_floating})
        assert got.fetchone()[0] == expected


def test_served_code_is_the_street_for_a_street_level_centre(tiny_db):
    street = "530111001"
    cases = [
        (street, "党群服务中心", "某某街道党群服务中心", None, street),  # registered to the street
        (street + "001", "党群服务中心", "关上街道党群服务中心", "关上街道", street),  # named after its street
        (street + "001", "党群服务中心", "小街社区党群服务中心", "关上街道", street + "001"),
        (street + "001", "便民党群服务中心", "关上街道便民中心", "关上街道", street + "001"),  # another type
        (street + "001", "党群服务中心", "小街社区党群服务中心", None, street + "001"),  # street without a name
    ]
    with db.reader(tiny_db) as con:
        for code, ctype, name, street_name, expected in cases:
            got = con.execute(
                "select served_code($c, $t, $n, $s)", {"c": code, "t": ctype, "n": name, "s": street_name}
            ).fetchone()[0]
            assert got == expected, (code, ctype, name, street_name)
