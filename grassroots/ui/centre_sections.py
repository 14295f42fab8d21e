"""The sections of the centre profile (中心画像), one function each, drawing what
grassroots/views/centre.py assembles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import charts, config, markup
from grassroots.metrics import centres
from grassroots.ui import chart_downloads, data
from grassroots.ui.filters import Filters
from grassroots.ui.text import lang, segmented, tr, tr_md
from grassroots.views import centre as view


def own_params(f: Filters, cid: str, **extra) -> dict:
    """The filters' window for this centre alone, wherever it lies."""
    return {**f.params(), "region": "", "centre_id": cid, "centre_type": None, "pilot_batch": None, **extra}


def facts(c: pd.Series) -> None:
    st.subheader(tr("centre.facts"))
    shown = view.facts(c, tr, lang())
    for col, part in zip(st.columns(3), (shown[0:4], shown[4:7], shown[7:])):
        col.markdown(
            "  \n".join(
                tr("common.labelled", label=f"**{markup.md(label)}**", value=markup.md(value)) for label, value in part
            )
        )
    st.caption(tr("centre.office_share_help"))


def vs_peers(f: Filters, c: pd.Series, cid: str, ctype: str) -> None:
    peer_params = {**f.params(), "region": "", "centre_id": None, "centre_type": c.type, "pilot_batch": None}
    peer_params |= {"ext_spans": centres.extended_spans(config.app()), "with_floating": False}
    sources = dict.fromkeys(m.source for m in centres.PROFILE_METRICS)
    peers = view.peers_frame([data.query(q, peer_params) for q in sources])
    tol = config.peers()
    cmp = centres.peer_comparison(peers, cid, tolerance_pp=tol.pp, tolerance_pct=tol.pct)
    helps = tr_md("centre.vs_peers_help", type=ctype, pp=f"{tol.pp:g}", pct=f"{tol.pct:g}")
    st.subheader(tr("centre.vs_peers"), help=helps)
    st.caption(tr_md("centre.peers_caption", type=ctype, n=int((peers.centre_id != cid).sum())))
    table = view.comparison_table(cmp, tr)
    left, right = st.columns([3, 2])
    with left:
        st.dataframe(table, hide_index=True, height=35 * (len(table) + 1) + 3)
        chart_downloads.rows(table, tr("centre.vs_peers_file", name=c["name"]), key="centre_vs_peers_dl")
    with right:
        for unit, axis, shown, standings in view.difference_charts(cmp, table, tr):
            standing = shown.assign(_s=standings)
            fig = charts.activity.vs_peers(
                standing, tr("centre.col.metric"), axis, "_s", text=tr("centre.col.vs_peers")
            )
            name = tr("centre.vs_peers_chart", name=c["name"]) + f" · {axis}"
            chart_downloads.chart(fig, shown, name, key="centre_vs_peers" + ("_pp" if unit == "pp" else ""))


def trend(f: Filters, c: pd.Series, cid: str) -> None:
    st.subheader(tr("centre.trend"), help=tr("centre.trend_help"))
    start = view.trend_start(f.window.end)
    own = own_params(f, cid, date_from=start)
    act, svc = data.query("activities/by_month", own), data.query("services/by_month", own)
    frame = view.trend_frame(act, svc, data.query("volunteers/by_month", own), start, f.window.end)
    pick = segmented(tr("centre.trend_pick"), view.TREND_METRICS, "centre_trend_metric", "metric", "services")
    table, label = view.trend_table(frame, pick, tr)
    name = tr("centre.trend_file", name=c["name"], metric=tr(f"metric.{pick}"))
    chart_downloads.chart(charts.activity.lines(table, tr("act.col.month"), [label]), table, name, key="centre_trend")


def items(f: Filters, c: pd.Series, cid: str) -> None:
    min_n = config.app().min_n
    left, right = st.columns(2)
    with left:
        st.subheader(tr("centre.processing"), help=tr("svc.processing_help", n=min_n))
        table = view.processing_table(data.query("services/processing_time", own_params(f, cid)), min_n, tr)
        st.dataframe(table, hide_index=True, height=320)
        chart_downloads.rows(table, tr("centre.processing_file", name=c["name"]), key="centre_processing_dl")
    with right:
        st.subheader(tr("centre.unused"), help=tr("svc.unused_help"))
        unused = data.query("services/unused_items", own_params(f, cid))
        if unused.empty:
            st.success(tr("centre.unused_none"))
            return
        table = view.unused_table(unused, tr, lang())
        st.dataframe(table, hide_index=True, height=320)
        chart_downloads.rows(table, tr("centre.unused_file", name=c["name"]), key="centre_unused_dl")
