"""Which table of records stops short of the others. Each source exports on its own schedule: the tickets of the
20th may be in while the service records end on the last day of the month before. The data's "now" (the newest
record of any table, common/data_as_of) then lies past the end of one table, and that table's page would count
the days between as days with nothing done. `behind` says when a page must say so; queries/common/data_as_of.sql
gives each table's newest record (<table>_newest) beside the data's now."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from grassroots.periods import Window

TABLES = ("tickets", "service_records", "activities", "volunteering")  # common/data_as_of's <table>_newest


def newest_day(frame: pd.DataFrame, table: str) -> dt.date | None:
    """The day of `table`'s newest record in a common/data_as_of result (None: the table is empty)."""
    ts = frame[f"{table}_newest"].iloc[0] if len(frame) else None
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).date()


def behind(newest: dt.date | None, as_of: dt.date, window: Window, days: int) -> dt.date | None:
    """The table's last day when it ends at least `days` days before the data's `as_of` day and the `window`
    reaches past it (the page would count the days after it as 0); otherwise None. An empty table is not
    behind: its page says it has no data."""
    if newest is None or (as_of - newest).days < days:
        return None
    return newest if window.end > newest + dt.timedelta(days=1) and window.start <= as_of else None


def tables_behind(ends: pd.DataFrame, as_of: dt.date, window: Window, tables=TABLES) -> dict[str, dt.date]:
    """Of `tables`, those `behind` in `window` by config/app.toml's behind_days, with their last day, in the order
    given; `ends` is a common/data_as_of result. The pages' warnings and the report's period.behind."""
    from grassroots import config

    days = config.app().behind_days
    found = {t: behind(newest_day(ends, t), as_of, window, days) for t in tables}
    return {t: last for t, last in found.items() if last is not None}
