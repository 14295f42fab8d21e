"""Shared page widgets: KPI cards, programme progress (the ranking lists are in grassroots/ui/ranking.py)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from grassroots.metrics import catalogue, kpis
from grassroots.ui.text import tr


def kpi_card(k: kpis.Kpi, value, previous, year_ago, trend: list) -> None:
    """A KPI with its 环比 as the delta, 同比 beneath, and its monthly trend as a sparkline."""
    d_prev = kpis.delta(k, value, previous)
    d_year = kpis.fmt_delta(k, kpis.delta(k, value, year_ago))
    spark = [float(v) for v in trend if v is not None and not (isinstance(v, float) and math.isnan(v))]
    st.metric(
        tr(f"kpi.{k.key}"),
        kpis.fmt_value(k, value),
        delta=kpis.fmt_delta(k, d_prev),
        delta_color="normal" if k.higher_is_better else "inverse",
        delta_description=tr("overview.vs_prev"),
        help=catalogue.get(k.key).help(),
        border=True,
        chart_data=spark or None,
    )
    st.caption(tr("overview.yoy_caption", v=d_year or tr("overview.na")))


def nearest_targets(progress: pd.DataFrame, on: dt.date) -> float | None:
    """Sum over programmes of the next target still ahead (or the last one), in centres."""
    if progress.empty:
        return None
    total = 0.0
    for _, g in progress.groupby("programme_id"):
        g = g.sort_values("target_date")
        ahead = g[pd.to_datetime(g["target_date"]).dt.date >= on]
        row = (ahead if len(ahead) else g).iloc[0]
        total += row.target_value if row.metric == "centres" else math.ceil(row.target_value * (row.communities or 0))
    return total


def pilot_card(operating, progress: pd.DataFrame, on: dt.date) -> None:
    target = nearest_targets(progress, on)
    value = f"{int(operating or 0):,}" + (f" / {int(target):,}" if target else "")
    st.metric(tr("overview.pilots"), value, help=tr("overview.pilots_help"), border=True)


def programme_table(progress: pd.DataFrame, lights: list[str]) -> None:
    def show(metric, v):
        if v is None or pd.isna(v):
            return "—"
        return f"{v:.0%}" if metric == "community_share" else f"{v:,.0f}"

    view = pd.DataFrame({
        tr("overview.programme"): progress["programme"],
        tr("overview.target_date"): pd.to_datetime(progress["target_date"]).dt.date,
        tr("overview.target"): [f"{tr('overview.metric.' + m)} {show(m, v)}" for m, v in zip(progress["metric"], progress["target_value"])],
        tr("overview.actual"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_at_target"])],
        tr("overview.actual_now"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_now"])],
        tr("overview.progress"): [min(1.0, (a or 0) / t) if t else None for a, t in zip(progress["actual_at_target"].fillna(0), progress["target_value"])],
        tr("overview.light"): [tr(f"overview.light.{x}") for x in lights],
    })
    st.dataframe(view, hide_index=True, column_config={
        tr("overview.progress"): st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0),
    })
