"""Cron-style schedules: `minute hour day-of-month month day-of-week`, as a system crontab reads them.

Each field is `*`, a number, a range `1-5`, a list `1,15`, or a step `*/15` / `8-18/2`; months and
weekdays may be written as names (`jan`, `mon`); Sunday is 0 or 7. When both the day of the month and
the day of the week are restricted, a day matching either one is a day to run (cron's own rule).
Times are local wall-clock times, like cron's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_NAMES = {
    3: {
        n: i
        for i, n in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
        )
    },
    4: {n: i for i, n in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))},
}
_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_FIELDS = ("minute", "hour", "day of month", "month", "day of week")


class CronError(ValueError):
    """A schedule cron cannot read; the message names the field."""


def _value(text: str, i: int) -> int:
    t = text.strip().lower()
    if t in _NAMES.get(i, {}):
        return _NAMES[i][t]
    if not t.isdigit():
        raise CronError(f"{_FIELDS[i]} {text!r} is not a number")
    v = int(t)
    lo, hi = _BOUNDS[i]
    if not lo <= v <= hi:
        raise CronError(f"{_FIELDS[i]} {v} is outside {lo}-{hi}")
    return v


def _field(text: str, i: int) -> frozenset[int]:
    lo, hi = _BOUNDS[i]
    out: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{_FIELDS[i]} step {step_text!r} must be a whole number above 0")
            step = int(step_text)
        if base == "*":
            a, b = lo, hi
        elif "-" in base:
            x, _, y = base.partition("-")
            a, b = _value(x, i), _value(y, i)
            if b < a:
                raise CronError(f"{_FIELDS[i]} range {base!r} runs backwards")
        else:
            a = _value(base, i)
            b = hi if step_text else a
        out.update(range(a, b + 1, step))
    if i == 4 and 7 in out:
        out.discard(7)
        out.add(0)
    return frozenset(out)


@dataclass(frozen=True)
class Cron:
    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool  # day of month is *
    any_weekday: bool  # day of week is *

    def day_matches(self, d: dt.date) -> bool:
        if d.month not in self.months:
            return False
        dom = d.day in self.days
        dow = (d.isoweekday() % 7) in self.weekdays
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return dow
        if self.any_weekday:
            return dom
        return dom or dow

    def matches(self, t: dt.datetime) -> bool:
        return self.day_matches(t.date()) and t.hour in self.hours and t.minute in self.minutes

    def occurrences(self, after: dt.datetime, until: dt.datetime, limit: int = 1000) -> list[dt.datetime]:
        """The moments in (after, until], oldest first, at most `limit` (the newest ones kept)."""
        out: list[dt.datetime] = []
        day = after.date()
        times = sorted((h, m) for h in self.hours for m in self.minutes)
        while day <= until.date():
            if self.day_matches(day):
                for h, m in times:
                    t = dt.datetime(day.year, day.month, day.day, h, m)
                    if after < t <= until:
                        out.append(t)
                        if len(out) > limit:
                            out.pop(0)
            day += dt.timedelta(days=1)
        return out

    def latest(self, until: dt.datetime, horizon_days: int = 366 * 5) -> dt.datetime | None:
        """The last moment at or before `until`."""
        day = until.date()
        times = sorted(((h, m) for h in self.hours for m in self.minutes), reverse=True)
        for _ in range(horizon_days):
            if self.day_matches(day):
                for h, m in times:
                    t = dt.datetime(day.year, day.month, day.day, h, m)
                    if t <= until:
                        return t
            day -= dt.timedelta(days=1)
        return None

    def next_after(self, after: dt.datetime, horizon_days: int = 366 * 5) -> dt.datetime | None:
        day = after.date()
        times = sorted((h, m) for h in self.hours for m in self.minutes)
        for _ in range(horizon_days):
            if self.day_matches(day):
                for h, m in times:
                    t = dt.datetime(day.year, day.month, day.day, h, m)
                    if t > after:
                        return t
            day += dt.timedelta(days=1)
        return None


def parse(text: str) -> Cron:
    if not isinstance(text, str):
        raise CronError('write five fields: minute hour day-of-month month day-of-week, e.g. "0 8 1 * *"')
    parts = text.split()
    if len(parts) != 5:
        raise CronError(
            f"{text!r} has {len(parts)} fields; write five: minute hour day-of-month month "
            'day-of-week, e.g. "0 8 1 * *"'
        )
    minutes, hours, days, months, weekdays = (_field(p, i) for i, p in enumerate(parts))
    return Cron(text, minutes, hours, days, months, weekdays, any_day=parts[2] == "*", any_weekday=parts[4] == "*")
