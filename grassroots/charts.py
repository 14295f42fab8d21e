"""Pure chart builders: DataFrame in, plotly Figure out (no streamlit, unit-tested)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
PALETTE = ["#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d", "#d35400"]


def _layout(fig: go.Figure, title: str | None = None, height: int = 320) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=-0.2),
        hovermode="x unified",
    )
    return fig


LIGHT = "#9dc3e6"  # the lighter blue of an incomplete last period


def trend_line(
    frame: pd.DataFrame, x: str, y: str, label: str, is_rate: bool = False, partial: str | None = None
) -> go.Figure:
    """One indicator over time; rates shown in percent. `partial` ("截至11月20日"): the last point is a
    period still running; it is drawn hollow and lighter at the end of a dashed segment, named so in
    the legend and its hover, never as a whole month."""
    values = frame[y].astype(float) * (100.0 if is_rate else 1.0)
    xs = list(frame[x])
    cut = len(xs) - 1 if partial and len(xs) else len(xs)
    fig = go.Figure(
        go.Scatter(x=xs[:cut], y=values[:cut], mode="lines+markers", name=label, line=dict(color=PALETTE[1], width=2))
    )
    if cut < len(xs):
        last = values.iloc[-1]
        if cut > 0:
            fig.add_scatter(
                x=xs[cut - 1 :],
                y=values.iloc[cut - 1 :],
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line=dict(color=LIGHT, width=2, dash="dash"),
            )
        fig.add_scatter(
            x=xs[cut:],
            y=[last],
            mode="markers",
            name=f"{label}（{partial}）",
            marker=dict(color="white", size=9, line=dict(color=LIGHT, width=2)),
            hovertemplate="%{y:,.1f}" + ("%" if is_rate else "") + f" · {partial}<extra></extra>",
        )
    fig.update_yaxes(title=label + (" (%)" if is_rate else ""), rangemode="tozero")
    fig.update_xaxes(tickformat="%Y-%m")  # numeric dates read the same in both languages
    return _layout(fig)


def mark_partial(fig: go.Figure, partial: str | None, n: int) -> go.Figure:
    """On a chart whose x axis holds `n` periods (categories), mark the last one as still running:
    a light band behind it and `partial` ("截至11月20日") above it. Nothing when `partial` is None."""
    if partial and n:
        fig.add_vrect(x0=n - 1.5, x1=n - 0.5, fillcolor="#7f8c8d", opacity=0.12, line_width=0, layer="below")
        fig.add_annotation(
            x=n - 1,
            y=1,
            xref="x",
            yref="paper",
            yanchor="bottom",
            text=partial,
            showarrow=False,
            font=dict(size=11, color="#595959"),
        )
    return fig


def mark_running_month(fig: go.Figure, month: str, partial: str | None) -> go.Figure:
    """On a chart of months as categories ("2026-11"), mark `month` when it is the last one drawn and
    still running (`partial`: "截至11月20日"): a light band behind it and the words above it."""
    if not partial:
        return fig
    order: list = []
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        for x in xs if xs is not None else ():
            if x not in order:
                order.append(x)
    if not order or str(order[-1]) != month or max(map(str, order)) != month:
        return fig
    return mark_partial(fig, partial, len(order))


def sparkline_svg(
    values: list, partial: str | None = None, tips: list[str] | None = None, width: int = 160, height: int = 34
) -> str:
    """A small line of a card's monthly values as inline SVG (a hover on each point tells its month and
    value, `tips` per point when given). With `partial` the last value is a period still running: a
    dashed, lighter last segment and a hollow point whose hover says "截至11月20日". Empty string for
    fewer than two values."""
    pts = [(i, float(v)) for i, v in enumerate(values) if v is not None and v == v]
    if len(pts) < 2:
        return ""
    n = len(values)
    lo, hi = min(v for _, v in pts), max(v for _, v in pts)
    span = (hi - lo) or 1.0
    pad = 3

    def xy(i, v):
        return (pad + (width - 2 * pad) * i / max(n - 1, 1), height - pad - (height - 2 * pad) * (v - lo) / span)

    coords = [xy(i, v) for i, v in pts]
    last_partial = bool(partial) and pts[-1][0] == n - 1
    whole = coords[:-1] if last_partial else coords
    line = " ".join(f"{a:.1f},{b:.1f}" for a, b in whole)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'height="{height}" style="display:block;height:{height}px" preserveAspectRatio="none" '
        f'role="img" class="kpi-spark">',
        f'<polyline points="{line}" fill="none" stroke="{PALETTE[1]}" stroke-width="1.6" '
        f'vector-effect="non-scaling-stroke"/>',
    ]
    if last_partial:
        (a, b), (c, d) = coords[-2], coords[-1]
        parts.append(
            f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}" stroke="{LIGHT}" '
            f'stroke-width="1.6" stroke-dasharray="3,2" vector-effect="non-scaling-stroke" '
            f'class="kpi-spark-partial"/>'
        )
    for k, ((i, v), (a, b)) in enumerate(zip(pts, coords)):
        tip = tips[i] if tips and i < len(tips) else f"{v:,.4g}"
        if last_partial and k == len(pts) - 1:
            tip += f" · {partial}"
            parts.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.6" fill="white" stroke="{LIGHT}" '
                f'stroke-width="1.4"><title>{_esc(tip)}</title></circle>'
            )
        else:
            parts.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="{1.8 if k == len(pts) - 1 else 1.0}" '
                f'fill="{PALETTE[1]}"><title>{_esc(tip)}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def ranking_bar(frame: pd.DataFrame, label_col: str, value_col: str, title: str | None = None) -> go.Figure:
    """Horizontal bars, best at the top."""
    f = frame.sort_values(value_col)
    fig = go.Figure(
        go.Bar(
            x=f[value_col],
            y=f[label_col],
            orientation="h",
            marker_color=PALETTE[1],
            text=f[value_col].round(1),
            textposition="auto",
        )
    )
    return _layout(fig, title, height=max(200, 28 * len(f) + 60))
