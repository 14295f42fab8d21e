"""How a single figure reads: one formatter for the cards of every page, the wall screen, the
exports and the report, driven by the metric catalogue's unit (grassroots/metrics/catalogue.toml).

    fmt.value("percent", 0.8123)      # 81.2%
    fmt.metric("on_time_rate", 0.8)   # the catalogue's unit of on_time_rate
    fmt.change("percent", 3.25)       # +3.2 pp (a change of a share is in percentage points)

Units are the catalogue's (count | percent | hours | per_1000 | score | rating | per_staff); the
older names a page or a query may use for the same thing (rate and share for percent, per1000,
number) are accepted as aliases. Tables of durations choose one unit per column: grassroots.durations.
"""

from __future__ import annotations

import math

MISSING = "—"
# other names of the catalogue's units, as the overview's and the centre profile's metric lists say them
ALIASES = {"rate": "percent", "share": "percent", "per1000": "per_1000", "number": "per_staff"}
HOURS_AS_DAYS_FROM = 48.0  # a single duration of at least this many hours reads in days


def unit_of(kind: str) -> str:
    """The catalogue's unit for `kind` (an alias or a unit)."""
    return ALIASES.get(kind, kind)


def number(v) -> float | None:
    """`v` as a float; None for None, NaN, pandas' NA or anything that is not a number."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def count(v) -> str:
    """12,345; a median of counts that falls between two whole numbers keeps one decimal."""
    f = number(v)
    if f is None:
        return MISSING
    return f"{f:,.0f}" if f == int(f) else f"{f:,.1f}"


def percent(v) -> str:
    """A share (0-1) in percent with one decimal: 0.8123 -> 81.2%."""
    f = number(v)
    return MISSING if f is None else f"{f * 100:.1f}%"


def percent_of_100(v) -> str:
    """A percentage held as 0-100 (the report's rates) with one decimal: 81.25 -> 81.2%."""
    f = number(v)
    return MISSING if f is None else f"{f:.1f}%"


def hours(v) -> str:
    """A duration held in hours: 5.3 h below two days, else in days (3.1 d)."""
    f = number(v)
    if f is None:
        return MISSING
    return f"{f:.1f} h" if f < HOURS_AS_DAYS_FROM else f"{f / 24:.1f} d"


def decimal(v, places: int = 1) -> str:
    f = number(v)
    return MISSING if f is None else f"{f:,.{places}f}"


def value(unit: str, v) -> str:
    """A figure as a card shows it, by the catalogue's unit (or an alias of it)."""
    unit = unit_of(unit)
    if unit == "percent":
        return percent(v)
    if unit == "hours":
        return hours(v)
    if unit == "per_1000":
        return decimal(v, 2)
    if unit in ("per_staff", "score", "rating"):
        return decimal(v, 1)
    return count(v)


def metric(key: str, v) -> str:
    """A figure of the catalogue's metric `key`, in that metric's unit."""
    from grassroots.metrics import catalogue

    return value(catalogue.get(key).unit, v)


def change(unit: str, d, pp: str = " pp") -> str | None:
    """A change against a base, as periods.change computes it: percentage points for a percent
    (`pp` says them: " pp", "个百分点"), percent for everything else; None when there is none."""
    f = number(d)
    if f is None:
        return None
    return f"{f:+.1f}" + (pp if unit_of(unit) == "percent" else "%")
