"""Reporting periods and their comparison windows (同比 year-on-year, 环比 period-on-period).

A window is [start, end) in days. A period still running is clipped to the data's as-of day, and its
comparison windows are clipped the same way, so a partial year is compared with the same days of
last year, never with a whole year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KINDS = ("month", "quarter", "year", "custom")


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date  # exclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def params(self) -> dict:
        return {"date_from": self.start, "date_to": self.end}


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(d.day, last))


def period_start(kind: str, day: dt.date) -> dt.date:
    """The first day of the month/quarter/year that contains `day`."""
    if kind == "month":
        return day.replace(day=1)
    if kind == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind == "year":
        return dt.date(day.year, 1, 1)
    raise ValueError(f"not a calendar period: {kind}")


_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def window(kind: str, anchor: dt.date, as_of: dt.date, custom_end: dt.date | None = None) -> Window:
    """The window of the period `kind` that contains `anchor` (custom: anchor..custom_end inclusive),
    clipped so it never runs past the as-of day."""
    if kind == "custom":
        if custom_end is None or custom_end < anchor:
            raise ValueError("a custom period needs an end on or after its start")
        start, end = anchor, custom_end + dt.timedelta(days=1)
    else:
        start = period_start(kind, anchor)
        end = _add_months(start, _MONTHS[kind])
    end = min(end, as_of + dt.timedelta(days=1))
    if end <= start:
        end = start + dt.timedelta(days=1)
    return Window(start, end)


def _is_full(w: Window, kind: str) -> bool:
    return kind in _MONTHS and w.end == _add_months(w.start, _MONTHS[kind])


def previous(w: Window, kind: str) -> Window:
    """环比: the period before; when this one is still running, the same number of days into it."""
    if kind == "custom":
        return Window(w.start - dt.timedelta(days=w.days), w.start)
    start = _add_months(w.start, -_MONTHS[kind])
    if _is_full(w, kind):
        return Window(start, w.start)
    return Window(start, min(w.start, start + dt.timedelta(days=w.days)))


def year_ago(w: Window, kind: str) -> Window:
    """同比: the same period one year earlier (the same days of it, when this one is still running)."""
    start = _add_months(w.start, -12)
    if _is_full(w, kind):
        return Window(start, _add_months(w.end, -12))
    return Window(start, start + dt.timedelta(days=w.days))


def change(current: float | None, base: float | None, is_rate: bool) -> float | None:
    """A count changes in percent of the base; a rate changes in percentage points."""
    if current is None or base is None:
        return None
    if is_rate:
        return (current - base) * 100.0
    if base == 0:
        return None
    return (current - base) / base * 100.0
