"""The funnel plot (grassroots/metrics/funnel.py) as a plotly figure: units by n against the rate,
the overall rate, the 95% and 99.8% limits, and units outside them marked high or low."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from grassroots.charts import FONT, PALETTE
from grassroots.metrics.funnel import Funnel

RED, BLUE, GREEN, ORANGE, PURPLE, TEAL, GREY = PALETTE[:7]


def figure(f: Funnel, names: dict[str, str], higher_is_better: bool = True) -> go.Figure:
    """names: x, y, target, l95, l998, high, low, within, warn (the words of the axes and legend).
    A significantly high unit is green when a higher rate is better, red otherwise."""
    fig = go.Figure()
    c = f.curve
    if f.overall is not None and len(c):
        for lv, dash, key in (("998", "solid", "l998"), ("95", "dash", "l95")):
            for side in ("lo", "hi"):
                fig.add_trace(go.Scatter(
                    x=c["n"], y=c[f"{side}{lv}"] * 100, mode="lines", name=names[key],
                    line=dict(color=GREY, width=1.2, dash=dash), legendgroup=key, showlegend=side == "lo",
                    hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=[c["n"].min(), c["n"].max()], y=[f.overall * 100] * 2, mode="lines",
                                 name=names["target"], line=dict(color=BLUE, width=1.5), hoverinfo="skip"))
    u = f.units
    good, bad = (GREEN, RED) if higher_is_better else (RED, GREEN)
    groups = (
        ("high", u["signal"] == "high", good, "circle"),
        ("low", u["signal"] == "low", bad, "circle"),
        ("warn", (u["signal"] == "") & (u["warn"] != ""), ORANGE, "circle-open"),
        ("within", (u["signal"] == "") & (u["warn"] == ""), GREY, "circle"),
    )
    for key, mask, colour, symbol in groups:
        g = u[mask]
        if g.empty:
            continue
        fig.add_trace(go.Scatter(
            x=g["n"], y=g["rate"] * 100, mode="markers", name=names[key],
            marker=dict(color=colour, size=10 if key != "within" else 8, symbol=symbol,
                        line=dict(width=2 if symbol == "circle-open" else 0, color=colour)),
            text=g["label"], customdata=np.column_stack([g["code"], g["label"]]),
            hovertemplate="%{text}<br>n = %{x:,}<br>%{y:.1f}%<extra></extra>"))
    fig.update_layout(
        height=380, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        xaxis=dict(title=names["x"], type="log" if len(u) and u["n"].max() > 50 * max(1, u["n"].min()) else "linear"),
        yaxis=dict(title=names["y"], ticksuffix="%"), dragmode=False,
    )
    return fig
