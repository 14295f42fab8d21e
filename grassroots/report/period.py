"""Report periods as written on the command line: `2026-10`, `2026-Q3`, `2026`, `2026-01-01..2026-03-31`.

A period is turned into the same window the pages use (grassroots/periods.py): clipped to the data's
as-of day when it is still running, with the same comparison windows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from grassroots import periods

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period the report cannot read; the message says what it expects."""


@dataclass(frozen=True)
class Period:
    text: str  # as given
    kind: str  # month | quarter | year | custom
    anchor: dt.date  # the first day asked for
    last: dt.date | None  # custom: the last day asked for (inclusive)

    def window(self, as_of: dt.date) -> periods.Window:
        return periods.window(self.kind, self.anchor, as_of, self.last)

    def _last(self) -> dt.date:
        if self.last is None:
            raise ValueError("a custom period names its last day")
        return self.last

    def full_end(self) -> dt.date:
        """The end (exclusive) of the whole period, not clipped to the data."""
        if self.kind == "custom":
            return self._last() + dt.timedelta(days=1)
        return periods._add_months(self.anchor, {"month": 1, "quarter": 3, "year": 12}[self.kind])

    def complete(self, as_of: dt.date) -> bool:
        """Whether data running to `as_of` reach the period's last day (its window is not clipped)."""
        return self.window(as_of).end >= self.full_end()

    def label(self, lang: str = "zh") -> str:
        a = self.anchor
        if self.kind == "month":
            return f"{a.year}年{a.month}月" if lang == "zh" else f"{a:%B %Y}"
        if self.kind == "quarter":
            q = (a.month - 1) // 3 + 1
            return f"{a.year}年第{q}季度" if lang == "zh" else f"Q{q} {a.year}"
        if self.kind == "year":
            return f"{a.year}年" if lang == "zh" else f"{a.year}"
        b = self._last()
        if lang == "zh":
            return f"{a.year}年{a.month}月{a.day}日至{b.year}年{b.month}月{b.day}日"
        return f"{a:%d %b %Y} – {b:%d %b %Y}"

    def report_name(self, lang: str = "zh") -> str:
        """运行月报 / 运行季报 / 运行年报 / 运行报告."""
        zh = {"month": "运行月报", "quarter": "运行季报", "year": "运行年报", "custom": "运行报告"}
        en = {"month": "monthly report", "quarter": "quarterly report", "year": "annual report", "custom": "report"}
        return (zh if lang == "zh" else en)[self.kind]


def parse(text: str) -> Period:
    s = (text or "").strip()
    try:
        if m := _MONTH.match(s):
            return Period(s, "month", dt.date(int(m[1]), int(m[2]), 1), None)
        if m := _QUARTER.match(s):
            return Period(s, "quarter", dt.date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1), None)
        if m := _YEAR.match(s):
            return Period(s, "year", dt.date(int(m[1]), 1, 1), None)
        if m := _CUSTOM.match(s):
            a, b = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if b < a:
                raise PeriodError(f"period {s!r}: the end {b} is before the start {a}")
            return Period(s, "custom", a, b)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"period {s!r}: not a date ({exc})") from None
    raise PeriodError(
        f"period {s!r}: write a month 2026-10, a quarter 2026-Q3, a year 2026, or two days 2026-01-01..2026-03-31"
    )


def of_window(kind: str, start: dt.date, end: dt.date) -> Period:
    """The period a page's filter shows (its kind and window [start, end)), as the report names it."""
    if kind == "month":
        return Period(f"{start:%Y-%m}", "month", start, None)
    if kind == "quarter":
        return Period(f"{start.year}-Q{(start.month - 1) // 3 + 1}", "quarter", start, None)
    if kind == "year":
        return Period(f"{start.year}", "year", start, None)
    last = end - dt.timedelta(days=1)
    return Period(f"{start.isoformat()}..{last.isoformat()}", "custom", start, last)
