"""Red/yellow/green for progress towards a programme target (红黄绿灯)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GREEN, YELLOW, RED = "green", "yellow", "red"


def _day(v) -> dt.date | None:
    """A date from a date, datetime or pandas Timestamp (None/NaT stay None)."""
    if v is None or v != v:  # NaT and NaN are not equal to themselves
        return None
    return v.date() if isinstance(v, dt.datetime) else v


def _date(v) -> dt.date:
    """A date that must be there (a target date, the day judged)."""
    d = _day(v)
    if d is None:
        raise ValueError("a date is required")
    return d


def expected_share(started_on: dt.date | None, target_date: dt.date, on: dt.date) -> float:
    """Share of the way from the programme's start to the target date that has elapsed on `on`."""
    started_on, target_date, on = _day(started_on), _date(target_date), _date(on)
    if on >= target_date:
        return 1.0
    if started_on is None or started_on >= target_date:
        return 0.0
    return max(0.0, (on - started_on).days / (target_date - started_on).days)


def light(
    actual: float | None,
    target: float,
    started_on: dt.date | None,
    target_date: dt.date,
    on: dt.date,
    yellow_gap: float,
) -> str:
    """green: on schedule or ahead; yellow: behind by less than `yellow_gap` of the target;
    red: further behind, or the target date has passed and the target was not reached."""
    actual = 0.0 if actual is None or actual != actual else float(actual)
    target_date, on = _date(target_date), _date(on)
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


# --- programme targets in a scope (queries/overview/programme_progress.sql rows) ---------------------


def judged(row) -> bool:
    """Whether a progress row gets a light: always for the programme's own targets and for a share
    of communities (a share applies to any part of the region); never for a centre count set for a
    wider region than the one counted (a street's pilots against a district's number)."""
    return getattr(row, "target_scope", "own") != "wider" or row.metric == "community_share"


def lights(progress, on: dt.date, yellow_gap: float) -> list[str | None]:
    """The light of every progress row on `on` (None where the row is not judged)."""
    return [
        light(r.actual_at_target, r.target_value, r.started_on, r.target_date, on, yellow_gap) if judged(r) else None
        for r in progress.itertuples()
    ]


@dataclass(frozen=True)
class PilotTarget:
    """The centre-count targets the pilot card sets its count against, on one day.

    own: the sum over programmes judged against their own targets of each one's next centre-count
    target (None when none has one); wider: the same for programmes of a wider region than the one
    shown, with wider_regions naming those regions (their targets are not the shown region's);
    shares: (programme, target share of communities) - never added to a number of centres."""

    own: float | None
    wider: float | None
    wider_regions: tuple[str, ...]
    shares: tuple[tuple[str, float], ...]


def _next_target(rows, on: dt.date):
    """The first target on or after `on`, or the last one when every date has passed."""
    rows = sorted(rows, key=lambda r: _date(r.target_date))
    ahead = [r for r in rows if _date(r.target_date) >= on]
    return (ahead[0] if ahead else rows[-1]) if rows else None


def pilot_target(progress, on: dt.date) -> PilotTarget:
    """Per programme, its next target at `on` (the window's last day) for each metric; centre counts
    are summed by scope, shares of communities are listed apart."""
    on = _date(on)
    sums: dict[str, float | None] = {"own": None, "wider": None}
    wider_regions: list[str] = []
    shares: list[tuple[str, float]] = []
    rows = list(progress.itertuples()) if len(progress) else []
    for key in sorted({(r.programme_id, r.metric) for r in rows}):
        row = _next_target([r for r in rows if (r.programme_id, r.metric) == key], on)
        scope = getattr(row, "target_scope", "own")
        if row.metric == "centres":
            sums[scope] = (sums[scope] or 0.0) + float(row.target_value)
            region = getattr(row, "target_region", None)
            if scope == "wider" and region and region not in wider_regions:
                wider_regions.append(str(region))
        else:
            shares.append((str(row.programme), float(row.target_value)))
    return PilotTarget(sums["own"], sums["wider"], tuple(wider_regions), tuple(shares))
