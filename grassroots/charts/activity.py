"""Chart builders for the activities, services, volunteers and centre-profile pages: DataFrame in,
plotly Figure out (no streamlit). Each draws exactly the frame it is given, so the page can offer
that frame as the chart's data download."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from grassroots.charts.base import PALETTE, layout

GOOD, BAD, LEVEL = "#27ae60", "#c0392b", "#7f8c8d"
HEAT = [[0.0, "#f7fbff"], [0.15, "#c6dbef"], [0.4, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]


def bars_with_line(frame: pd.DataFrame, x: str, bar: str, line: str) -> go.Figure:
    """Counts as bars (left axis) with a second measure as markers on the right axis, e.g. activities
    and person-visits by category."""
    fig = go.Figure()
    fig.add_bar(x=frame[x], y=frame[bar], name=bar, marker_color=PALETTE[1], text=frame[bar], textposition="auto")
    fig.add_scatter(
        x=frame[x], y=frame[line], name=line, mode="lines+markers", yaxis="y2", line=dict(color=PALETTE[0], width=2)
    )
    fig.update_layout(
        yaxis=dict(title=bar, rangemode="tozero"),
        yaxis2=dict(title=line, overlaying="y", side="right", rangemode="tozero", showgrid=False),
    )
    return layout(fig)


def stacked(frame: pd.DataFrame, x: str, stack: str, value: str, order: list[str] | None = None) -> go.Figure:
    """Stacked bars of `value` over `x`, one colour per value of `stack` (e.g. month × category)."""
    keys = list(dict.fromkeys(order or [])) + [k for k in frame[stack].drop_duplicates() if k not in (order or [])]
    fig = go.Figure()
    for i, k in enumerate(k for k in keys if (frame[stack] == k).any()):
        part = frame[frame[stack] == k]
        fig.add_bar(x=part[x], y=part[value], name=str(k), marker_color=PALETTE[i % len(PALETTE)])
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=value, rangemode="tozero")
    fig = layout(fig, height=340)
    fig.update_layout(legend=dict(traceorder="normal"))
    return fig


def _bars(values, labels: pd.Series, colours: list, text: list[str], position: str) -> go.Figure:
    """Horizontal bars of `values` against `labels`, each with its `text` (also its hover)."""
    return go.Figure(
        go.Bar(
            x=values,
            y=labels.astype(str),
            orientation="h",
            marker_color=colours,
            text=text,
            textposition=position,
            textangle=0,
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )


def hbar(
    frame: pd.DataFrame, label: str, value: str, fmt: str = ",.0f", is_share: bool = False, highlight: str | None = None
) -> go.Figure:
    """Horizontal bars in the order given (first on top); `highlight` marks one label in red."""
    f = frame.iloc[::-1]
    values = f[value].astype(float) * (100.0 if is_share else 1.0)
    colours = [PALETTE[0] if highlight is not None and lab == highlight else PALETTE[1] for lab in f[label]]
    text = [("—" if pd.isna(v) else format(v, fmt) + ("%" if is_share else "")) for v in values]
    fig = _bars(values, f[label], colours, text, "auto")
    fig.update_xaxes(title=value + (" (%)" if is_share else ""), rangemode="tozero")
    fig = layout(fig, height=max(220, 26 * len(f) + 70))
    fig.update_layout(hovermode="closest")
    return fig


def shares_pie(frame: pd.DataFrame, label: str, value: str) -> go.Figure:
    """A donut of shares (e.g. services by channel)."""
    fig = go.Figure(
        go.Pie(
            labels=frame[label],
            values=frame[value],
            hole=0.45,
            sort=False,
            marker=dict(colors=PALETTE[: len(frame)]),
            textinfo="label+percent",
        )
    )
    fig = layout(fig, height=320)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def calendar(
    frame: pd.DataFrame, date: str, value: str, start: dt.date, end: dt.date, weekday_labels: list[str]
) -> go.Figure:
    """A calendar heat map: one column per week (Monday first), one row per weekday, every day of
    [start, end) coloured by `value` (0 on days without any)."""
    days = pd.date_range(start, end - dt.timedelta(days=1), freq="D")
    values = pd.Series(0.0, index=days)
    if len(frame):
        got = frame.assign(_d=pd.to_datetime(frame[date])).set_index("_d")[value].astype(float)
        values.loc[values.index.intersection(got.index)] = got.reindex(values.index.intersection(got.index))
    week = days - pd.to_timedelta(days.weekday, unit="D")
    weeks = sorted(week.unique())
    z = np.full((7, len(weeks)), np.nan)
    text = np.full((7, len(weeks)), "", dtype=object)
    col = {w: i for i, w in enumerate(weeks)}
    for d, w, v in zip(days, week, values.to_numpy()):
        z[d.weekday(), col[w]] = v
        text[d.weekday(), col[w]] = f"{d:%Y-%m-%d} ({weekday_labels[d.weekday()]}): {v:,.0f}"
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[w.to_pydatetime().date() for w in weeks],
            y=weekday_labels,
            text=text,
            hovertemplate="%{text}<extra></extra>",
            colorscale=HEAT,
            xgap=2,
            ygap=2,
            colorbar=dict(title=value, thickness=12),
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat="%Y-%m", dtick="M1", showgrid=False)
    fig = layout(fig, height=260)
    fig.update_layout(hovermode="closest")
    return fig


def hour_of_week(
    frame: pd.DataFrame,
    value: str,
    spans: list[list[int]],
    day_labels: list[str],
    span_label: str,
    hour_label: str = "",
) -> go.Figure:
    """A 7 × 24 heat map (rows Monday..Sunday, columns hours 0..23) of `value` from a frame with
    columns dow (1..7), hour (0..23) and `value`; the extended-hours spans are outlined."""
    z = np.zeros((7, 24))
    for d, h, v in zip(frame["dow"], frame["hour"], frame[value]):
        z[int(d) - 1, int(h)] = float(v)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(24)),
            y=day_labels,
            colorscale=HEAT,
            xgap=1,
            ygap=1,
            hovertemplate="%{y} %{x}:00 — %{z:,.0f}<extra></extra>",
            colorbar=dict(title=value, thickness=12),
        )
    )
    for weekend, a, b in spans:
        rows = (5, 6) if weekend else (0, 4)
        fig.add_shape(
            type="rect",
            x0=a / 60 - 0.5,
            x1=b / 60 - 0.5,
            y0=rows[0] - 0.5,
            y1=rows[1] + 0.5,
            line=dict(color=PALETTE[0], width=2, dash="dot"),
            fillcolor="rgba(0,0,0,0)",
        )
    fig.add_scatter(x=[None], y=[None], mode="lines", name=span_label, line=dict(color=PALETTE[0], width=2, dash="dot"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=2, title=hour_label)
    fig = layout(fig, height=300)
    fig.update_layout(hovermode="closest", legend=dict(orientation="h", y=-0.25))
    return fig


def quantile_bars(frame: pd.DataFrame, label: str, median: str, p90: str) -> go.Figure:
    """Horizontal bars of the median with the P90 as a marker beyond it (first row on top)."""
    f = frame.iloc[::-1]
    fig = go.Figure()
    fig.add_bar(
        x=f[median],
        y=f[label].astype(str),
        orientation="h",
        name=median,
        marker_color=PALETTE[1],
        hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
    )
    fig.add_scatter(
        x=f[p90],
        y=f[label].astype(str),
        mode="markers",
        name=p90,
        marker=dict(color=PALETTE[0], symbol="line-ns-open", size=14, line=dict(width=3)),
        hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
    )
    fig.update_xaxes(title=median, rangemode="tozero")
    fig = layout(fig, height=max(240, 26 * len(f) + 80))
    fig.update_layout(hovermode="closest")
    return fig


def vs_peers(frame: pd.DataFrame, label: str, vs: str, standing: str, text: str | None = None) -> go.Figure:
    """Diverging bars: how far each metric lies above or below the peers' median (`vs`), green where
    that is better, red where worse, grey where similar or neither applies. Each bar is labelled with
    its `text` column (e.g. "+0.2 pp" for a share, "−7.7%" for a count), or `vs` in percent."""
    f = frame.iloc[::-1]
    colours = [{"better": GOOD, "worse": BAD}.get(s, LEVEL) for s in f[standing]]
    values = f[vs].astype(float)
    labels = (
        f[text].astype(str).tolist() if text is not None else [("—" if pd.isna(v) else f"{v:+.0f}%") for v in values]
    )
    fig = _bars(values, f[label], colours, labels, "outside")
    fig.add_vline(x=0, line=dict(color="#555", width=1))
    known = values.dropna()
    lo, hi = (min(0.0, float(known.min())), max(0.0, float(known.max()))) if len(known) else (0.0, 1.0)
    pad = 0.45 * (hi - lo or 1.0)  # room beyond the longest bars for their labels
    fig.update_xaxes(title=vs, zeroline=True, range=[lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)])
    fig.update_yaxes(ticklabelstandoff=44)  # room for the labels of bars below zero
    fig = layout(fig, height=max(260, 26 * len(f) + 70))
    fig.update_layout(hovermode="closest")
    return fig


def lines(frame: pd.DataFrame, x: str, left: list[str], right: list[str] | None = None) -> go.Figure:
    """Lines over `x`: the `left` columns on the left axis, the `right` columns on a right axis."""
    fig = go.Figure()
    for i, c in enumerate(left):
        fig.add_scatter(
            x=frame[x], y=frame[c], name=c, mode="lines+markers", line=dict(color=PALETTE[(i + 1) % len(PALETTE)])
        )
    for i, c in enumerate(right or []):
        fig.add_scatter(
            x=frame[x],
            y=frame[c],
            name=c,
            mode="lines",
            yaxis="y2",
            line=dict(color=PALETTE[(i + 4) % len(PALETTE)], dash="dash"),
        )
    fig.update_layout(yaxis=dict(title=" / ".join(left), rangemode="tozero"))
    if right:
        fig.update_layout(
            yaxis2=dict(title=" / ".join(right), overlaying="y", side="right", rangemode="tozero", showgrid=False)
        )
    fig.update_xaxes(type="category")
    return layout(fig)
