"""Chart builders for hot spots: DataFrame in, plotly Figure out (no streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from grassroots.charts.base import FONT, PALETTE


def hotspot_bars(
    hot: pd.DataFrame, labels: list[str], tips: list[str], names: dict[str, str], top: int = 15
) -> go.Figure:
    """The most surprising hot spots: their count (bars) beside their expectation (diamonds); the
    hover text says count, expectation, ratio and p. customdata: the row's position in `hot`."""
    rows = hot.head(top).iloc[::-1]
    lab = labels[:top][::-1]
    tip = tips[:top][::-1]
    idx = list(range(min(top, len(hot))))[::-1]
    fig = go.Figure()
    fig.add_bar(
        y=lab,
        x=rows["n"],
        orientation="h",
        name=names["count"],
        marker_color=PALETTE[0],
        customdata=idx,
        hovertext=tip,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig.add_scatter(
        y=lab,
        x=rows["expected"],
        mode="markers",
        name=names["expected"],
        customdata=idx,
        marker=dict(symbol="diamond", size=11, color="white", line=dict(color=PALETTE[1], width=2)),
        hovertext=tip,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig.update_layout(
        height=max(240, 28 * len(rows) + 90),
        margin=dict(l=10, r=10, t=10, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=-0.15),
        hovermode="closest",
        bargap=0.35,
    )
    fig.update_xaxes(title=names["axis"], rangemode="tozero")
    return fig
