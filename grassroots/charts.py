"""Pure chart builders: DataFrame in, plotly Figure out (no streamlit, unit-tested)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
PALETTE = ["#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d", "#d35400"]


def _layout(fig: go.Figure, title: str | None = None, height: int = 320) -> go.Figure:
    fig.update_layout(
        title=title, height=height, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=dict(family=FONT), legend=dict(orientation="h", y=-0.2), hovermode="x unified",
    )
    return fig


def trend_line(frame: pd.DataFrame, x: str, y: str, label: str, is_rate: bool = False) -> go.Figure:
    """One indicator over time; rates shown in percent."""
    values = frame[y].astype(float) * (100.0 if is_rate else 1.0)
    fig = go.Figure(go.Scatter(x=frame[x], y=values, mode="lines+markers", name=label,
                               line=dict(color=PALETTE[1], width=2)))
    fig.update_yaxes(title=label + (" (%)" if is_rate else ""), rangemode="tozero")
    fig.update_xaxes(tickformat="%Y-%m")  # numeric dates read the same in both languages
    return _layout(fig)


def ranking_bar(frame: pd.DataFrame, label_col: str, value_col: str, title: str | None = None) -> go.Figure:
    """Horizontal bars, best at the top."""
    f = frame.sort_values(value_col)
    fig = go.Figure(go.Bar(x=f[value_col], y=f[label_col], orientation="h", marker_color=PALETTE[1],
                           text=f[value_col].round(1), textposition="auto"))
    return _layout(fig, title, height=max(200, 28 * len(f) + 60))
