"""The backlog forecast's chart: weekly tickets received (above) and the open backlog at each week's
end (below), the weeks before the origin solid, the forecast dashed with its 80% band shaded. Takes
the dict of grassroots.metrics.forecast.forecast; no streamlit."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from grassroots.charts import FONT, PALETTE

BLUE, ORANGE = PALETTE[1], PALETTE[3]
BAND_ALPHA = 0.18


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def figure(fc: dict, names: dict[str, str], height: int = 460) -> go.Figure:
    """names: received, backlog (panel titles), forecast, band (legend words), axis, week."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, subplot_titles=(names["received"], names["backlog"])
    )
    hist, weeks = fc.get("history", []), fc.get("weeks", [])
    for row, (key, colour) in enumerate((("arrivals", BLUE), ("backlog", ORANGE)), start=1):
        xs = [h["week_start"] for h in hist]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[h[key] for h in hist],
                mode="lines+markers",
                name=names[key if key == "backlog" else "received"],
                line=dict(color=colour),
                legendgroup=key,
                showlegend=False,
                hovertemplate=f"{names['week']} %{{x}}<br>%{{y:,}}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        if not weeks:
            continue
        # the forecast starts at the last observed week so the dashed line joins the solid one
        join = [hist[-1]] if hist else []
        fx = [h["week_start"] for h in join] + [w["week_start"] for w in weeks]
        lo = [h[key] for h in join] + [w[f"{key}_lo"] for w in weeks]
        hi = [h[key] for h in join] + [w[f"{key}_hi"] for w in weeks]
        fig.add_trace(
            go.Scatter(
                x=fx + fx[::-1],
                y=hi + lo[::-1],
                fill="toself",
                mode="lines",
                fillcolor=_rgba(colour, BAND_ALPHA),
                line=dict(width=0),
                name=names["band"],
                hoverinfo="skip",
                showlegend=row == 1,
                legendgroup="band",
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=fx,
                y=[h[key] for h in join] + [w[key] for w in weeks],
                mode="lines+markers",
                name=names["forecast"],
                line=dict(color=colour, dash="dash"),
                marker=dict(symbol="circle-open"),
                customdata=[[None, None] for _ in join] + [[w[f"{key}_lo"], w[f"{key}_hi"]] for w in weeks],
                hovertemplate=f"{names['week']} %{{x}}<br>%{{y:,.1f}} (%{{customdata[0]:,}} – %{{customdata[1]:,}})"
                "<extra></extra>",
                showlegend=row == 1,
                legendgroup="forecast",
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(title_text=names["axis"])
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=1.08, yanchor="bottom", x=1, xanchor="right"),
        dragmode=False,
        hovermode="closest",
    )
    return fig
