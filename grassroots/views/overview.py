"""The overview's (总览) queries without streamlit: what its KPI cards, comparisons, trend and programme
table read for a set of filters. The page (grassroots/ui/widgets.py) and the cache's warm-up after an
import (grassroots/ui/warmup.py) both take them from here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grassroots import charts, i18n, markup, periods

TREND_YEARS = 2  # the cards' sparklines and the trend chart: this many years up to the window's end


def trend_from(window_end: dt.date) -> dt.date:
    first = window_end.replace(day=1)
    return first.replace(year=first.year - TREND_YEARS)


def card_queries(f) -> dict[str, Any]:
    """(query, parameters) of the cards for the filters `f` (grassroots.ui.filters.Filters): `now`,
    `bases` (one per comparison, in periods.comparisons' order), `trend` and `progress`."""
    return {
        "now": ("overview/kpis", f.params()),
        "bases": [("overview/kpis", f.params(c.window)) for c in f.comparisons],
        "trend": ("overview/kpi_trend", {**f.params(), "date_from": trend_from(f.window.end)}),
        "progress": ("overview/programme_progress", f.params()),
    }


def series_end(window: periods.Window, as_of: dt.datetime | None) -> dt.date:
    """Where a series of months or days ending with `window` stops (exclusive): the window's end, or the day after
    the data's newest record (`as_of`) when the window runs past it, as the queries' data_to
    (grassroots/schema/macros/02_windows.sql) cuts their months."""
    if as_of is None:
        return window.end
    return min(window.end, as_of.date() + dt.timedelta(days=1))


def trend_partial(window: periods.Window, lang: str, as_of: dt.datetime | None = None) -> str | None:
    """ "截至11月20日" when the last month of a monthly trend ending with `window` is cut short (by the
    as-of day, or a custom window's end); None when that month is whole. A window running past the data's
    newest record (`as_of`, a link to a month not imported yet) ends its trend at that record's month."""
    end = series_end(window, as_of)
    last = end - dt.timedelta(days=1)
    if not periods.partial_month(last.replace(day=1), end):
        return None
    return i18n.t("compare.upto", lang, upto=periods.upto(periods.Window(last.replace(day=1), end), lang))


def trend_figure(trend, key: str, is_rate: bool, window: periods.Window, lang: str, as_of: dt.datetime | None = None):
    """The overview's trend chart of the KPI `key` from the kpi_trend rows `trend`."""
    label = i18n.t(f"kpi.{key}", lang)
    partial = trend_partial(window, lang, as_of)
    return markup.plain_figure(charts.base.trend_line(trend, "month", key, label, is_rate, partial))


def trend_key(key: str, lang: str) -> str:
    """The name the trend figure is shared under (grassroots.ui.data.shared, with the filters)."""
    return f"overview_trend:{key}:{lang}"
