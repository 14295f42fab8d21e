"""The overview's (总览) queries without streamlit: what its KPI cards, comparisons, trend and programme
table read for a set of filters. The page (grassroots/ui/widgets.py) and the cache's warm-up after an
import (grassroots/ui/warmup.py) both take them from here."""

from __future__ import annotations

import datetime as dt

TREND_YEARS = 2  # the cards' sparklines and the trend chart: this many years up to the window's end


def trend_from(window_end: dt.date) -> dt.date:
    first = window_end.replace(day=1)
    return first.replace(year=first.year - TREND_YEARS)


def card_queries(f) -> dict[str, object]:
    """(query, parameters) of the cards for the filters `f` (grassroots.ui.filters.Filters): `now`,
    `bases` (one per comparison, in periods.comparisons' order), `trend` and `progress`."""
    return {
        "now": ("overview/kpis", f.params()),
        "bases": [("overview/kpis", f.params(c.window)) for c in f.comparisons],
        "trend": ("overview/kpi_trend", {**f.params(), "date_from": trend_from(f.window.end)}),
        "progress": ("overview/programme_progress", f.params()),
    }
