"""Red/yellow/green for progress towards a programme target (红黄绿灯)."""

from __future__ import annotations

import datetime as dt

GREEN, YELLOW, RED = "green", "yellow", "red"


def _day(v) -> dt.date | None:
    """A date from a date, datetime or pandas Timestamp (None/NaT stay None)."""
    if v is None or v != v:  # NaT and NaN are not equal to themselves
        return None
    return v.date() if isinstance(v, dt.datetime) else v


def expected_share(started_on: dt.date | None, target_date: dt.date, on: dt.date) -> float:
    """Share of the way from the programme's start to the target date that has elapsed on `on`."""
    started_on, target_date, on = _day(started_on), _day(target_date), _day(on)
    if on >= target_date:
        return 1.0
    if started_on is None or started_on >= target_date:
        return 0.0
    return max(0.0, (on - started_on).days / (target_date - started_on).days)


def light(actual: float | None, target: float, started_on: dt.date | None, target_date: dt.date,
          on: dt.date, yellow_gap: float) -> str:
    """green: on schedule or ahead; yellow: behind by less than `yellow_gap` of the target;
    red: further behind, or the target date has passed and the target was not reached."""
    actual = 0.0 if actual is None or actual != actual else float(actual)
    target_date, on = _day(target_date), _day(on)
    if target <= 0:
        return GREEN
    reached = actual / target
    if on >= target_date:
        return GREEN if reached >= 1.0 - 1e-9 else RED
    expected = expected_share(started_on, target_date, on)
    if reached + 1e-9 >= expected:
        return GREEN
    if reached + yellow_gap >= expected:
        return YELLOW
    return RED
