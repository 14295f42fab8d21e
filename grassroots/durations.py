"""Durations in tables: one unit per column, chosen for the column, named in the header.

A column of durations (held in hours) is shown in days when its median is at least `DAYS_FROM`
hours, otherwise in hours; every cell of the column is in that unit and carries no unit of its own.
Single figures (a KPI card) keep their own unit: grassroots.fmt.

    unit = durations.unit_for(frame["median_hours"])            # "hours" or "days"
    frame["median_hours"] = durations.in_unit(frame["median_hours"], unit)
    header = tr(f"unit.col.{unit}", label=tr("svc.col.median"))  # 中位数（天）

or, for several columns at once, `tabulate(frame, {column: label}, header)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

UNITS = ("hours", "days")
DAYS_FROM = 48.0  # hours: a column whose median reaches this is shown in days
HOURS_PER = {"hours": 1.0, "days": 24.0}
DECIMALS = 1


def _finite(values: Iterable) -> list[float]:
    out = []
    for v in values:
        try:
            f = float(v)
        except (TypeError, ValueError):
            continue
        if not math.isnan(f) and not math.isinf(f):
            out.append(f)
    return out


def unit_for(hours: Iterable) -> str:
    """'days' when the median of the column's known values is at least DAYS_FROM hours, else 'hours'
    (also for a column with no known value)."""
    known = _finite(hours)
    if not known:
        return "hours"
    return "days" if float(pd.Series(known).median()) >= DAYS_FROM else "hours"


def convert(hours, unit: str) -> float | None:
    """One duration in hours as a number in `unit`, rounded to one decimal; None when unknown."""
    known = _finite([hours])
    if not known:
        return None
    return round(known[0] / HOURS_PER[unit], DECIMALS)


def in_unit(hours: Iterable, unit: str) -> pd.Series:
    """A column of durations in hours as numbers in `unit` (NaN where unknown)."""
    values = hours if isinstance(hours, pd.Series) else pd.Series(list(hours), dtype=object)
    return pd.Series([convert(v, unit) for v in values], index=values.index, dtype=float)


def text(hours, unit: str, missing: str = "—") -> str:
    """One duration as text in `unit`, without the unit (the header names it); `missing` when unknown."""
    v = convert(hours, unit)
    return missing if v is None else f"{v:,.{DECIMALS}f}"


def tabulate(
    frame: pd.DataFrame, columns: Mapping[str, str], header: Callable[[str, str], str], unit: str | None = None
) -> pd.DataFrame:
    """A copy of `frame` where each column named in `columns` (durations in hours) is in its own unit
    and renamed to header(label, unit); `columns` maps the column to its label. With `unit` given,
    every listed column is in that one unit (e.g. a median and its P90 drawn on one axis)."""
    if unit is not None and unit not in UNITS:
        raise ValueError(f"unknown duration unit {unit!r}; known: {UNITS}")
    out = frame.copy()
    names = {}
    for col, label in columns.items():
        if col not in out.columns:
            continue
        col_unit = unit or unit_for(out[col])
        out[col] = in_unit(out[col], col_unit)
        names[col] = header(label, col_unit)
    return out.rename(columns=names)
