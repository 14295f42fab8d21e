"""Funnel plots on a page (grassroots/metrics/funnel.py computes, grassroots/charts_funnel.py draws):
a choice of rate, the plot, and which units are significantly high or low."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import charts_funnel
from grassroots.metrics import funnel
from grassroots.ui.text import tr

TICKET_RATE_LABELS = {"on_time_rate": "tickets.col.on_time_rate", "satisfaction_rate": "tickets.col.satisfaction_rate",
                      "closure_rate": "tickets.col.closure_rate", "response_rate": "tickets.col.response_rate"}


def names(rate_label: str) -> dict[str, str]:
    return {"x": tr("funnel.x"), "y": rate_label, "target": tr("funnel.target"), "l95": tr("funnel.l95"),
            "l998": tr("funnel.l998"), "high": tr("funnel.high"), "low": tr("funnel.low"),
            "warn": tr("funnel.warn"), "within": tr("funnel.within")}


def plot(f: funnel.Funnel, rate_label: str, key: str, higher_is_better: bool = True) -> None:
    """The plot of one computed funnel and, beneath, the units outside its 99.8% limits."""
    if f.units.empty:
        st.info(tr("funnel.no_data"))
        return
    st.plotly_chart(charts_funnel.figure(f, names(rate_label), higher_is_better), key=key)
    listed = {side: "、".join(f.units.loc[f.units["signal"] == side, "label"]) or tr("funnel.none")
              for side in ("high", "low")}
    st.caption(tr("funnel.summary", overall=f"{f.overall * 100:.1f}%", high=listed["high"], low=listed["low"]))
    if f.dropped:
        st.caption(tr("funnel.dropped", n=f.dropped))


def ticket_rates(frame: pd.DataFrame, key: str) -> None:
    """The tickets page's funnel: one of on-time %, satisfaction, closure, response over the rows of
    tickets/rates (grp, label and the rates' counts)."""
    st.subheader(tr("funnel.title"), help=tr("funnel.help"))
    rate = st.segmented_control(tr("funnel.rate"), list(TICKET_RATE_LABELS), key=f"{key}_rate", required=True,
                                default="on_time_rate", format_func=lambda r: tr(TICKET_RATE_LABELS[r])) or "on_time_rate"
    plot(funnel.ticket_rate(frame, rate), tr(TICKET_RATE_LABELS[rate]), f"{key}_{rate}")


def scorecard(sc, lang: str, key: str) -> None:
    """The assessment page's funnels: one tab per percent indicator of the scorecard's system."""
    inds = funnel.percent_indicators(sc.system)
    if not inds:
        return
    st.subheader(tr("funnel.asm_title"), help=tr("funnel.help"))
    for ind, tab in zip(inds, st.tabs([i.label(lang) for i in inds])):
        with tab:
            plot(funnel.scorecard_indicator(sc, ind.key), ind.label(lang), f"{key}_{ind.key}", ind.higher_is_better)
