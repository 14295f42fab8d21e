"""Reporting periods and their comparison windows (同比 year-on-year, 环比 period-on-period).

A window is [start, end) in days. A period still running is clipped to the data's as-of day, and its
comparison windows are clipped the same way, so a partial year is compared with the same days of
last year, never with a whole year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grassroots import i18n

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

    def text(self) -> str:
        """The window's first and last day as the pages and reports write them: "2026-10-01 – 2026-10-31"."""
        return f"{self.start:%Y-%m-%d} – {self.end - dt.timedelta(days=1):%Y-%m-%d}"


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = [
        31,
        29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
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


_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def window(kind: str, anchor: dt.date, as_of: dt.date, custom_end: dt.date | None = None) -> Window:
    """The window of the period `kind` that contains `anchor` (custom: anchor..custom_end inclusive),
    clipped so it never runs past the as-of day (unless it starts after it)."""
    if kind == "custom":
        if custom_end is None or custom_end < anchor:
            raise ValueError("a custom period needs an end on or after its start")
        start, end = anchor, custom_end + dt.timedelta(days=1)
    else:
        start = period_start(kind, anchor)
        end = _add_months(start, _MONTHS[kind])
    if start <= as_of:  # a window wholly after the data keeps its dates (the page says it is empty)
        end = min(end, as_of + dt.timedelta(days=1))
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


# -- what a period is compared with, and how that comparison is named ---------------------------------

PREVIOUS, YEAR_AGO, PRECEDING = "previous", "year_ago", "preceding"


@dataclass(frozen=True)
class Comparison:
    """One base a period is compared with: `key` previous (环比, the month or quarter before),
    year_ago (同比, the same period a year earlier) or preceding (a custom window's equal-length
    window just before it); `window` its days (the same days, when the period is still running)."""

    key: str
    window: Window
    period: str  # the kind of the period compared (month | quarter | year | custom)


def is_partial(w: Window, kind: str) -> bool:
    """Whether a calendar period's window stops short of its end (it is still running at the as-of day)."""
    return kind in _MONTHS and not _is_full(w, kind)


def comparisons(kind: str, w: Window) -> tuple[Comparison, ...]:
    """Every page and export asks this one function what a period is compared with, first the one shown
    as a card's delta: month and quarter 环比 then 同比; a year 同比 only (the year before *is* last
    year); a custom window the preceding window of equal length, then the same dates a year earlier."""
    if kind == "year":
        return (Comparison(YEAR_AGO, year_ago(w, kind), kind),)
    first = Comparison(PRECEDING if kind == "custom" else PREVIOUS, previous(w, kind), kind)
    return (first, Comparison(YEAR_AGO, year_ago(w, kind), kind))


def primary(kind: str, w: Window) -> Comparison:
    """The comparison a single-comparison view uses (a card's delta, an assessment's change column)."""
    return comparisons(kind, w)[0]


def label(c: Comparison, lang: str = "zh") -> str:
    """A comparison's short name: 环比 / 同比 / 较前31天 (en: vs last month, vs last year, vs the
    preceding 31 days). Cards, tables and exports all use it."""
    if c.key == PRECEDING:
        return i18n.t("compare.preceding", lang, n=c.window.days)
    if c.key == PREVIOUS:
        return i18n.t(f"compare.previous.{c.period}", lang)
    return i18n.t("compare.year_ago", lang)


def partial_note(kind: str, w: Window, lang: str = "zh", first_only: bool = False) -> str | None:
    """For a period still running: "截至11月20日，与上月、去年同期比" (which days are compared with
    which; `first_only`: the primary comparison alone, 与上月同期比); None for a whole period."""
    if not is_partial(w, kind):
        return None
    bases = [
        i18n.t(f"compare.same_days.{c.key}.{kind}" if c.key == PREVIOUS else "compare.same_days.year_ago", lang)
        for c in comparisons(kind, w)[: 1 if first_only else None]
    ]
    return i18n.t("compare.partial", lang, upto=upto(w, lang), bases=i18n.t("compare.and", lang).join(bases))


def upto(w: Window, lang: str = "zh") -> str:
    """The window's last day, as "截至11月20日" reads it: 11月20日 / 20 Nov."""
    last = w.end - dt.timedelta(days=1)
    return i18n.t("compare.day_fmt", lang, m=last.month, d=last.day, mon=_MON[last.month - 1])


def partial_month(month_start: dt.date, data_end: dt.date) -> bool:
    """Whether the month starting `month_start` is cut short by data ending before `data_end` (exclusive)."""
    return data_end < _add_months(month_start, 1)
