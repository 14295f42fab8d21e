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


def trend_partial(window: periods.Window, lang: str) -> str | None:
    """ "截至11月20日" when the last month of a monthly trend ending with `window` is cut short (by the
    as-of day, or a custom window's end); None when that month is whole."""
    last = window.end - dt.timedelta(days=1)
    if not periods.partial_month(last.replace(day=1), window.end):
        return None
    return i18n.t("compare.upto", lang, upto=periods.upto(window, lang))


def trend_figure(trend, key: str, is_rate: bool, window: periods.Window, lang: str):
    """The overview's trend chart of the KPI `key` from the kpi_trend rows `trend`."""
    label = i18n.t(f"kpi.{key}", lang)
    return markup.plain_figure(charts.base.trend_line(trend, "month", key, label, is_rate, trend_partial(window, lang)))


def trend_key(key: str, lang: str) -> str:
    """The name the trend figure is shared under (grassroots.ui.data.shared, with the filters)."""
    return f"overview_trend:{key}:{lang}"
