"""Shared page widgets: KPI cards, programme progress (the ranking lists are in grassroots/ui/ranking.py)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from grassroots.metrics import catalogue, kpis, targets
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


def pilot_card(operating, progress: pd.DataFrame, on: dt.date) -> None:
    """Operating pilot centres against the centre-count targets due at `on` (the window's last day):
    the shown region's own targets after the slash; a wider region's target only in the caption,
    named as that region's; community-share targets never added to it."""
    goal = targets.pilot_target(progress, on)
    value = f"{int(operating or 0):,}" + (f" / {goal.own:,.0f}" if goal.own else "")
    st.metric(tr("overview.pilots"), value, help=catalogue.get("pilots_operating").help(), border=True)
    notes = []
    if goal.wider:
        notes.append(tr("overview.pilots_wider", target=f"{goal.wider:,.0f}", region="、".join(goal.wider_regions)))
    if goal.shares:
        notes.append(tr("overview.pilots_shares", targets="、".join(f"{v:.0%}" for _, v in goal.shares)))
    if notes:
        st.caption(" ".join(notes))


def target_scope_label(row) -> str:
    """Whose target a progress row carries: the programme's own, or a wider region's (named)."""
    if getattr(row, "target_scope", "own") != "wider":
        return tr("overview.scope.own")
    level = "district" if len(str(row.region_code)) <= 6 else "street"
    return tr(f"overview.scope.wider_{level}", region=row.target_region or row.region_code)


def programme_table(progress: pd.DataFrame, lights: list[str | None]) -> None:
    def show(metric, v):
        if v is None or pd.isna(v):
            return "—"
        return f"{v:.0%}" if metric == "community_share" else f"{v:,.0f}"

    rows = list(progress.itertuples())
    view = pd.DataFrame({
        tr("overview.programme"): progress["programme"],
        tr("overview.target_scope"): [target_scope_label(r) for r in rows],
        tr("overview.target_date"): pd.to_datetime(progress["target_date"]).dt.date,
        tr("overview.target"): [f"{tr('overview.metric.' + m)} {show(m, v)}" for m, v in zip(progress["metric"], progress["target_value"])],
        tr("overview.actual"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_at_target"])],
        tr("overview.actual_now"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_now"])],
        tr("overview.progress"): [(min(1.0, (r.actual_at_target or 0) / r.target_value) if r.target_value else None)
                                  if targets.judged(r) else None for r in rows],
        tr("overview.light"): [tr(f"overview.light.{x}") if x else tr("overview.light.none") for x in lights],
    })
    st.dataframe(view, hide_index=True, column_config={
        tr("overview.progress"): st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0),
    })
    if any(getattr(r, "target_scope", "own") == "wider" for r in rows):
        st.caption(tr("overview.scope.wider_note"))
