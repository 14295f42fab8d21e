"""Funnel plots on a page (grassroots/metrics/funnel.py computes, grassroots/charts/funnel.py draws):
a choice of rate, the plot, and which units are significantly high or low."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import charts, i18n, markup
from grassroots.metrics import explain, funnel
from grassroots.ui.text import default_for, lang, tr

TICKET_RATE_LABELS = {
    "on_time_rate": "tickets.col.on_time_rate",
    "satisfaction_rate": "tickets.col.satisfaction_rate",
    "closure_rate": "tickets.col.closure_rate",
    "response_rate": "tickets.col.response_rate",
}


def names(rate_label: str) -> dict[str, str]:
    return {
        "x": tr("funnel.x"),
        "y": rate_label,
        "target": tr("funnel.target"),
        "l95": tr("funnel.l95"),
        "l998": tr("funnel.l998"),
        "high": tr("funnel.high"),
        "low": tr("funnel.low"),
        "warn": tr("funnel.warn"),
        "within": tr("funnel.within"),
    }


def plot(f: funnel.Funnel, rate_label: str, key: str, higher_is_better: bool = True) -> None:
    """The plot of one computed funnel and, beneath, the units outside its 99.8% limits."""
    if f.units.empty:
        st.info(tr("funnel.no_data"))
        return
    st.plotly_chart(markup.plain_figure(charts.funnel.figure(f, names(rate_label), higher_is_better)), key=key)
    listed = {
        side: i18n.listing(map(markup.md, f.units.loc[f.units["signal"] == side, "label"]), lang()) or tr("funnel.none")
        for side in ("high", "low")
    }
    st.caption(
        tr(
            "funnel.summary",
            overall="—" if f.overall is None else f"{f.overall * 100:.1f}%",
            high=listed["high"],
            low=listed["low"],
        )
    )
    if f.dropped:
        st.caption(tr("funnel.dropped", n=f.dropped))


def ticket_rates(frame: pd.DataFrame, key: str, previous: pd.DataFrame | None = None) -> None:
    """The tickets page's funnel: one of on-time %, satisfaction, closure, response over the rows of
    tickets/rates (grp, label and the rates' counts); with `previous` (the same rows for the
    comparison period), the waterfall of why that rate moved."""
    st.subheader(tr("funnel.title"), help=tr("funnel.help"))
    rate = st.segmented_control(
        tr("funnel.rate"),
        list(TICKET_RATE_LABELS),
        key=f"{key}_rate",
        required=True,
        default=default_for(f"{key}_rate", "on_time_rate"),
        format_func=lambda r: tr(TICKET_RATE_LABELS[r]),
    )
    rate = rate or "on_time_rate"
    label = tr(TICKET_RATE_LABELS[rate])
    plot(funnel.ticket_rate(frame, rate), label, f"{key}_{rate}")
    if previous is not None:
        moved(explain.decompose(frame, previous, *funnel.TICKET_RATES[rate]), label, f"{key}_{rate}_moved")


def moved(d: dict | None, rate_label: str, key: str) -> None:
    """The waterfall of a rate's change against the comparison period, and its largest parts in words."""
    st.subheader(tr("explain.title", rate=rate_label), help=tr("explain.help"))
    if d is None:
        st.info(tr("explain.no_data"))
        return
    names = {k: tr(f"explain.{k}") for k in ("previous", "current", "others")} | {"y": rate_label}
    st.plotly_chart(markup.plain_figure(charts.funnel.waterfall(d, names)), key=key)
    pp = lambda v: f"{v * 100:+.2f}"  # noqa: E731  percentage points
    top = ("；" if lang() == "zh" else "; ").join(
        tr(
            "explain.part",
            name=p["name"],
            total=pp(p["contribution"]),
            rate=pp(p["rate_effect"]),
            mix=pp(p["mix_effect"]),
        )
        for p in d["parts"][:3]
    )
    st.caption(
        tr(
            "explain.summary",
            before=f"{d['previous'] * 100:.1f}%",
            now=f"{d['current'] * 100:.1f}%",
            change=pp(d["total_change"]),
            top=top,
        )
    )


def scorecard(sc, lang: str, key: str) -> None:
    """The assessment page's funnels: one tab per percent indicator of the scorecard's system."""
    inds = funnel.percent_indicators(sc.system)
    if not inds:
        return
    st.subheader(tr("funnel.asm_title"), help=tr("funnel.help"))
    for ind, tab in zip(inds, st.tabs([i.label(lang) for i in inds])):
        with tab:
            plot(funnel.scorecard_indicator(sc, ind.key), ind.label(lang), f"{key}_{ind.key}", ind.higher_is_better)
