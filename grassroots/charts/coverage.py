"""Chart builders for the coverage page: DataFrame in, plotly Figure out (no streamlit)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from grassroots.charts.base import FONT, PALETTE

Tr = Callable[..., str]


def target_count(metric: str, value: float, communities) -> float | None:
    """A target as a count: centres as given; a community share as the communities it takes."""
    if metric == "centres":
        return float(value)
    if communities is None or pd.isna(communities):
        return None
    return float(math.ceil(round(float(value) * float(communities), 9)))


def programme_rollout(monthly: pd.DataFrame, targets: pd.DataFrame, tr: Tr) -> go.Figure:
    """One programme: centres operating and communities with a centre at each month's end (lines),
    and its targets as diamonds at their dates (planned) beside what was reached (hover)."""
    fig = go.Figure()
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["centres"],
        mode="lines+markers",
        name=tr("coverage.series.centres"),
        line=dict(color=PALETTE[1], width=2, shape="hv"),
        marker=dict(size=5),
    )
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["communities_with_centre"],
        mode="lines",
        name=tr("coverage.series.communities"),
        line=dict(color=PALETTE[2], width=2, dash="dot", shape="hv"),
    )
    communities = monthly["communities"].iloc[0] if len(monthly) else None
    for metric, colour, key in (
        ("centres", PALETTE[1], "coverage.series.target_centres"),
        ("community_share", PALETTE[2], "coverage.series.target_communities"),
    ):
        rows = targets[targets["metric"] == metric] if len(targets) else targets
        if rows is None or rows.empty:
            continue
        ys = [target_count(metric, v, communities) for v in rows["target_value"]]
        labels = [
            f"{lab or ''} ({v:.0%})" if metric == "community_share" else (lab or "")
            for lab, v in zip(rows["label"], rows["target_value"])
        ]
        fig.add_scatter(
            x=pd.to_datetime(rows["target_date"]),
            y=ys,
            mode="markers",
            name=tr(key),
            text=labels,
            marker=dict(symbol="diamond", size=13, color="white", line=dict(color=colour, width=2.5)),
            hovertemplate="%{text}<br>%{x|%Y-%m-%d}: %{y}<extra></extra>",
        )
    fig.update_layout(
        height=340,
        margin=dict(l=10, r=10, t=10, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=-0.18),
        hovermode="closest",
    )
    fig.update_xaxes(title=tr("coverage.axis.month"))
    fig.update_yaxes(title=tr("coverage.axis.count"), rangemode="tozero")
    return fig


def street_heatmap(monthly: pd.DataFrame, tr: Tr) -> go.Figure:
    """Centres operating at each month's end, one row per street (streets with the most on top)."""
    wide = monthly.pivot_table(index="street", columns="month", values="operating", aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.iloc[:, -1].sort_values(ascending=True, kind="stable").index] if len(wide.columns) else wide
    fig = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(),
            x=list(wide.columns),
            y=list(wide.index),
            colorscale="Blues",
            zmin=0,
            hovertemplate="%{y}<br>%{x|%Y-%m}: %{z}<extra></extra>",
            colorbar=dict(thickness=10),
        )
    )
    fig.update_layout(
        height=max(220, 24 * len(wide.index) + 80), margin=dict(l=10, r=10, t=10, b=10), font=dict(family=FONT)
    )
    fig.update_xaxes(title=tr("coverage.axis.month"))
    return fig
