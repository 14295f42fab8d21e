"""The tickets page's backlog forecast: the next four weeks of tickets received and open backlog with
their 80% band, the model in words and the band's backtest coverage. The numbers come from
grassroots.metrics.forecast (the report's `forecast` is the same function); this module lays them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import charts, config, db, markup, sql
from grassroots.metrics import catalogue, forecast
from grassroots.report import layout
from grassroots.ui import data, session
from grassroots.ui.text import lang, tr

SCOPE_KEYS = ("region", "centre_id", "centre_type", "pilot_batch", "category", "as_of", "date_to")


@st.cache_data(ttl=config.app().cache_ttl_seconds, show_spinner=False, max_entries=200)
def _forecast(params: tuple, path: str, version: tuple) -> dict:
    # the forecast reads counts only (no resident's data), through the session's clamped scope
    with db.reader(path) as con:
        return forecast.forecast(lambda name, p: sql.run(con, name, p), dict(params))


def compute(params: dict) -> dict:
    """The forecast for the page's filters, clamped to the user's scope, cached per data version."""
    bound = session.clamp({k: params.get(k) for k in SCOPE_KEYS})
    return _forecast(tuple(sorted(bound.items())), data.db_path(), data.data_version())


def weeks_table(fc: dict) -> pd.DataFrame:
    rows = [
        {
            tr("forecast.col.week"): w["week_start"],
            tr("forecast.col.arrivals"): w["arrivals"],
            tr("forecast.col.arrivals_band"): layout.band_text(w["arrivals_lo"], w["arrivals_hi"]),
            tr("forecast.col.closures"): w["closures"],
            tr("forecast.col.backlog"): w["backlog"],
            tr("forecast.col.backlog_band"): layout.band_text(w["backlog_lo"], w["backlog_hi"]),
        }
        for w in fc["weeks"]
    ]
    return pd.DataFrame(rows)


def render(params: dict) -> None:
    st.subheader(tr("forecast.title"), help=tr("forecast.help"))
    with st.spinner(tr("forecast.title")):
        fc = compute(params)
    if not fc["history"] or (sum(h["arrivals"] for h in fc["history"]) == 0 and fc["backlog_now"] == 0):
        st.info(tr("forecast.no_data"))
        return
    names = {k: tr(f"forecast.{k}") for k in ("received", "backlog", "forecast", "band", "axis", "week")}
    st.plotly_chart(markup.plain_figure(charts.forecast.figure(fc, names)), key="tk_forecast")
    st.dataframe(
        weeks_table(fc),
        hide_index=True,
        key="tk_forecast_table",
        column_config={
            tr("forecast.col.arrivals"): st.column_config.NumberColumn(
                format="%.1f", help=catalogue.get("forecast_arrivals").help()
            ),
            tr("forecast.col.closures"): st.column_config.NumberColumn(format="%.1f"),
            tr("forecast.col.backlog"): st.column_config.NumberColumn(
                format="%.1f", help=catalogue.get("forecast_backlog").help()
            ),
        },
    )
    for note in layout.forecast_notes(fc, lang()):
        st.caption(note)
