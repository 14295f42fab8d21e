"""The demo's days: three years ending at as_of, with working days, weekends and festivals.

Times are kept as whole minutes since 1970-01-01 (int64) while generating; `to_timestamps` turns
them into datetime64 for the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from grassroots import deadlines
from grassroots.demo import draw

MIN_PER_DAY = 24 * 60


def _festival(day: dt.date) -> bool:
    """An official public holiday (春节, 国庆 ...) as opposed to an ordinary weekend."""
    try:
        import chinese_calendar

        return chinese_calendar.get_holiday_detail(day)[1] is not None
    except (NotImplementedError, ImportError):
        return False


@dataclass(frozen=True)
class Timeline:
    as_of: dt.date
    days: np.ndarray  # datetime64[D], first .. as_of
    workday: np.ndarray  # official working day (调休 weekends count as working days)
    festival: np.ndarray  # official public holiday
    weekend: np.ndarray  # Saturday or Sunday
    progress: np.ndarray  # 0 at the first day .. 1 at as_of (for trends)
    ymd: np.ndarray  # each day as an int64 like 20261120 (for record ids)

    @property
    def end_minute(self) -> int:
        """The first minute after as_of: nothing in the data happens at or after it."""
        return int((self.days[-1] + np.timedelta64(1, "D")).astype("datetime64[m]").astype(np.int64))

    def day_start_minute(self, idx: np.ndarray) -> np.ndarray:
        return self.days[idx].astype("datetime64[m]").astype(np.int64)

    def months(self) -> list[tuple[str, np.ndarray]]:
        """(YYYY-MM, indexes of its days) for every calendar month the window touches, in order."""
        month_of = self.days.astype("datetime64[M]")
        out = []
        for m in np.unique(month_of):
            out.append((str(m), np.flatnonzero(month_of == m)))
        return out


def window(as_of: dt.date, years: int = 3) -> Timeline:
    """The days from the day after as_of minus `years` years up to as_of."""
    try:
        start = as_of.replace(year=as_of.year - years) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = as_of.replace(year=as_of.year - years, day=28) + dt.timedelta(days=1)
    days = np.arange(np.datetime64(start), np.datetime64(as_of) + np.timedelta64(1, "D"), dtype="datetime64[D]")
    workday = deadlines.is_workday(days)
    festival = np.fromiter((_festival(d) for d in days.astype(dt.date)), dtype=bool, count=len(days))
    weekday = (days.astype(np.int64) + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
    progress = np.arange(len(days)) / max(1, len(days) - 1)
    return Timeline(as_of, days, workday, festival, weekday >= 5, progress, draw.yyyymmdd(days))


def to_timestamps(minutes: np.ndarray) -> np.ndarray:
    """Minutes since the epoch -> datetime64[s] (NaT where minutes is the NULL sentinel)."""
    missing = minutes == NULL_MINUTE
    out = (np.where(missing, 0, minutes).astype(np.int64) * 60).astype("datetime64[s]")
    out[missing] = np.datetime64("NaT")
    return out


NULL_MINUTE = np.iinfo(np.int64).min
