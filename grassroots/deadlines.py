"""Ticket deadlines (办理时限) from the SLA table in config/sla.toml.

A ticket that carries no due time of its own gets one from its category:
- unit "hours": reported_at + amount calendar hours;
- unit "working_days": the end (23:59:59) of the amount-th working day after the day it was
  reported (the reporting day itself never counts; a fractional amount rounds up). Working days
  follow the Chinese official calendar - public holidays off, swapped weekend working days (调休)
  on - for the years the `chinese_calendar` package covers, and Monday to Friday outside them.
  With calendar="plain" (a foreign export's header profile) working days are Monday to Friday,
  no holidays.

`due_at` is vectorised: a million tickets take well under a second.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd

from grassroots import config
from grassroots.config import Sla

_END_OF_DAY = np.timedelta64(86399, "s")


CALENDARS = ("cn", "plain")


@functools.cache
def _workdays_of_year(year: int, calendar: str = "cn") -> np.ndarray:
    if calendar not in CALENDARS:
        raise ValueError(f"calendar must be one of {CALENDARS}")
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"), dtype="datetime64[D]")
    mask = np.is_busday(days)  # Monday to Friday
    if calendar == "cn":
        try:
            import chinese_calendar

            mask = np.fromiter(
                (chinese_calendar.is_workday(d) for d in days.astype(dt.date)), dtype=bool, count=len(days)
            )
        except (NotImplementedError, ImportError):
            pass
    return days[mask]


def workday_calendar(first_year: int, last_year: int, calendar: str = "cn") -> np.ndarray:
    """Every working day of the years first_year..last_year, sorted (datetime64[D])."""
    return np.concatenate([_workdays_of_year(y, calendar) for y in range(first_year, last_year + 1)])


def is_workday(days, calendar: str = "cn") -> np.ndarray:
    """Vectorised: whether each date is a working day (NaT -> False)."""
    d = pd.to_datetime(pd.Series(days)).to_numpy().astype("datetime64[D]")
    ok = ~np.isnat(d)
    if not ok.any():
        return np.zeros(len(d), dtype=bool)
    years = d[ok].astype("datetime64[Y]").astype(int) + 1970
    cal = workday_calendar(int(years.min()), int(years.max()), calendar)
    out = np.zeros(len(d), dtype=bool)
    idx = np.searchsorted(cal, d[ok])
    out[ok] = (idx < len(cal)) & (cal[np.minimum(idx, len(cal) - 1)] == d[ok])
    return out


def add_working_days(days, n, calendar: str = "cn") -> np.ndarray:
    """The n-th working day strictly after each date (datetime64[D]; NaT stays NaT). n >= 1."""
    d = pd.to_datetime(pd.Series(days)).to_numpy().astype("datetime64[D]")
    n = np.broadcast_to(np.asarray(n, dtype=np.int64), d.shape)
    out = np.full(d.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    ok = ~np.isnat(d)
    if not ok.any():
        return out
    years = d[ok].astype("datetime64[Y]").astype(int) + 1970
    # about 245 working days a year: extend the calendar far enough for the largest n
    extra = int(np.max(n[ok])) // 240 + 1
    cal = workday_calendar(int(years.min()), int(years.max()) + extra, calendar)
    idx = np.searchsorted(cal, d[ok], side="right") + n[ok] - 1
    out[ok] = cal[idx]
    return out


def due_at(reported_at, category, sla: tuple[Sla, dict[str, Sla]] | None = None, calendar: str = "cn") -> np.ndarray:
    """Deadlines for tickets (arrays of equal length); returns datetime64[us], NaT where reported_at is.
    calendar: "cn" (Chinese working days) or "plain" (Monday to Friday)."""
    default, by_cat = sla or config.sla()
    rep = pd.to_datetime(pd.Series(reported_at)).to_numpy().astype("datetime64[us]")
    cat = category if isinstance(category, pd.Categorical) else pd.Series(category, dtype=object)
    codes, uniques = pd.factorize(cat, use_na_sentinel=False)
    if len(codes) != len(rep):
        raise ValueError("reported_at and category differ in length")
    rules = [by_cat.get(c, default) if isinstance(c, str) else default for c in uniques]
    amount = np.array([r.amount for r in rules], dtype=float)[codes]
    hours = np.array([r.unit == "hours" for r in rules], dtype=bool)[codes]
    out = np.full(rep.shape, np.datetime64("NaT"), dtype="datetime64[us]")
    if hours.any():
        out[hours] = rep[hours] + (amount[hours] * 3_600_000_000).astype("timedelta64[us]")
    wd = ~hours
    if wd.any():
        n = np.ceil(amount[wd]).astype(np.int64)
        day = add_working_days(rep[wd], n, calendar)
        out[wd] = day.astype("datetime64[us]") + _END_OF_DAY
    return out


def due_at_one(reported_at: dt.datetime, category: str | None, sla=None, calendar: str = "cn") -> dt.datetime | None:
    """Scalar convenience around `due_at`."""
    v = due_at([reported_at], [category], sla, calendar)[0]
    return None if np.isnat(v) else pd.Timestamp(v).to_pydatetime()
