"""The funnel plot (grassroots/metrics/funnel.py) as a plotly figure: units by n against the rate,
the overall rate, the 95% and 99.8% limits, and units outside them marked high or low."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from grassroots.charts.base import FONT, PALETTE
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
                fig.add_trace(
                    go.Scatter(
                        x=c["n"],
                        y=c[f"{side}{lv}"] * 100,
                        mode="lines",
                        name=names[key],
                        line=dict(color=GREY, width=1.2, dash=dash),
                        legendgroup=key,
                        showlegend=side == "lo",
                        hoverinfo="skip",
                    )
                )
        fig.add_trace(
            go.Scatter(
                x=[c["n"].min(), c["n"].max()],
                y=[f.overall * 100] * 2,
                mode="lines",
                name=names["target"],
                line=dict(color=BLUE, width=1.5),
                hoverinfo="skip",
            )
        )
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
        fig.add_trace(
            go.Scatter(
                x=g["n"],
                y=g["rate"] * 100,
                mode="markers",
                name=names[key],
                marker=dict(
                    color=colour,
                    size=10 if key != "within" else 8,
                    symbol=symbol,
                    line=dict(width=2 if symbol == "circle-open" else 0, color=colour),
                ),
                text=g["label"],
                customdata=np.column_stack([g["code"], g["label"]]),
                hovertemplate="%{text}<br>n = %{x:,}<br>%{y:.1f}%<extra></extra>",
            )
        )
    fig.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        xaxis=dict(title=names["x"], type="log" if len(u) and u["n"].max() > 50 * max(1, u["n"].min()) else "linear"),
        yaxis=dict(title=names["y"], ticksuffix="%"),
        dragmode=False,
    )
    return fig


def waterfall(d: dict, names: dict[str, str], top: int = 12) -> go.Figure:
    """Why a rate moved (grassroots/metrics/explain.py): the previous rate, each unit's contribution
    (the `top` largest; the rest as one bar), the current rate. names: previous, current, others, y."""
    parts = d["parts"][:top]
    rest = sum(p["contribution"] for p in d["parts"][top:])
    labels = [names["previous"]] + [p["name"] for p in parts] + ([names["others"]] if len(d["parts"]) > top else [])
    values = [d["previous"] * 100] + [p["contribution"] * 100 for p in parts]
    if len(d["parts"]) > top:
        values.append(rest * 100)
    labels.append(names["current"])
    values.append(d["current"] * 100)
    measure = ["absolute"] + ["relative"] * (len(labels) - 2) + ["total"]
    text = [f"{values[0]:.1f}%"] + [f"{v:+.2f}" for v in values[1:-1]] + [f"{values[-1]:.1f}%"]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measure,
            text=text,
            textposition="outside",
            increasing=dict(marker=dict(color=GREEN)),
            decreasing=dict(marker=dict(color=RED)),
            totals=dict(marker=dict(color=BLUE)),
            connector=dict(line=dict(color=GREY, width=1)),
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    lo = min(d["previous"], d["current"]) * 100
    hi = max(d["previous"], d["current"]) * 100
    swing = sum(abs(p["contribution"]) for p in d["parts"]) * 100
    fig.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        font=dict(family=FONT),
        showlegend=False,
        yaxis=dict(title=names["y"], ticksuffix="%", range=[max(0.0, lo - swing - 2), min(100.0, hi + swing + 2)]),
        dragmode=False,
    )
    return fig
