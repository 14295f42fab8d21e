"""Chart builders of the tickets page: DataFrame in, plotly Figure out (no streamlit, unit-tested).

Clickable marks carry `customdata` that says which tickets lie behind them, so the page can turn a
selection into a drill-down: [kind, a, b] where kind is a ticket_drill kind and a, b its bounds
(a bucket's dates, an hour or day range, or a group label).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from grassroots.charts.base import FONT, PALETTE

RED, BLUE, GREEN, ORANGE, PURPLE, TEAL, GREY = PALETTE[:7]


def _layout(fig: go.Figure, height: int = 340, legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        showlegend=legend,
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def fmt_span(hours: float | None) -> str:
    """A duration for labels: '2 h', '1.5 d' (None: '—')."""
    if hours is None or (isinstance(hours, float) and math.isnan(hours)):
        return "—"
    if hours < 48:
        return f"{hours:.1f} h" if hours % 1 else f"{hours:.0f} h"
    d = hours / 24
    return f"{d:.1f} d" if d % 1 else f"{d:.0f} d"


def hour_bucket_labels(edges) -> list[str]:
    """'0–2 h', '2–8 h', '8 h–1 d', '1–3 d', ..., '30 d+' for hour bucket lower bounds."""

    def unit(h):
        return ("d", h // 24) if h >= 24 and h % 24 == 0 else ("h", h)

    out = []
    for lo, hi in zip(edges, list(edges[1:]) + [None]):
        ul, vl = unit(lo)
        if hi is None:
            out.append(f"{vl} {ul}+")
            continue
        uh, vh = unit(hi)
        if lo == 0:
            ul, vl = uh, 0
        out.append(f"{vl}–{vh} {uh}" if ul == uh else f"{vl} {ul}–{vh} {uh}")
    return out


PERIOD_FORMAT = {"month": "%Y-%m", "week": "%Y-%m-%d", "day": "%Y-%m-%d"}


def period_labels(buckets, grain: str) -> list[str]:
    """Bucket starts as axis labels: '2026-11' for months, the first day for weeks and days."""
    return pd.to_datetime(pd.Series(buckets)).dt.strftime(PERIOD_FORMAT.get(grain, "%Y-%m-%d")).tolist()


def _drill_bar(fig: go.Figure, labels, values, name: str, colour: str, customdata, horizontal: bool = False) -> None:
    """One clickable bar trace (customdata: the tickets behind each bar); the hover gives a bar's label, its
    count and the trace's name."""
    common = dict(name=name, marker_color=colour, customdata=customdata)
    if horizontal:
        fig.add_bar(
            y=labels, x=values, orientation="h", hovertemplate="%{y}: %{x:,}<extra>" + name + "</extra>", **common
        )
    else:
        fig.add_bar(x=labels, y=values, hovertemplate="%{x}: %{y:,}<extra>" + name + "</extra>", **common)


def flow(frame: pd.DataFrame, names: dict[str, str], grain: str = "month") -> go.Figure:
    """Received and closed per bucket (bars) and the open backlog at each bucket's end (line), on
    a category axis (one bucket draws as well as a hundred).
    frame: bucket, bucket_end, received, closed, open_at_end. names: received, closed, open, axis."""
    start = pd.to_datetime(frame["bucket"]).dt.strftime("%Y-%m-%d")
    end = pd.to_datetime(frame["bucket_end"]).dt.strftime("%Y-%m-%d")
    x = period_labels(frame["bucket"], grain)
    fig = go.Figure()
    for column, kind, colour in (("received", "received", BLUE), ("closed", "closed_in", GREEN)):
        _drill_bar(fig, x, frame[column], names[column], colour, np.column_stack([[kind] * len(frame), start, end]))
    fig.add_scatter(
        x=x,
        y=frame["open_at_end"],
        name=names["open"],
        mode="lines+markers",
        line=dict(color=RED, width=2),
        yaxis="y2",
        customdata=np.column_stack([["open_at"] * len(frame), start, end]),
        hovertemplate="%{x}: %{y:,}<extra>" + names["open"] + "</extra>",
    )
    fig.update_layout(
        barmode="group",
        xaxis=dict(type="category"),
        yaxis=dict(title=names["axis"], rangemode="tozero"),
        yaxis2=dict(title=names["open"], overlaying="y", side="right", rangemode="tozero", showgrid=False),
    )
    return _layout(fig)


def _group_bars(f: pd.DataFrame, series: list[tuple[str, str, str, str]]) -> go.Figure:
    """Horizontal bars per group (f: grp, label), one trace per (column, drill kind, colour, name); a
    bar's customdata is [kind, group, label]."""
    fig = go.Figure()
    for col, kind, colour, name in series:
        customdata = np.column_stack([[kind] * len(f), f["grp"], f["label"]])
        _drill_bar(fig, f["label"], f[col], name, colour, customdata, horizontal=True)
    return fig


def group_bars(frame: pd.DataFrame, names: dict[str, str], top: int = 20) -> go.Figure:
    """Closed and open tickets per group, the largest `top` groups, largest at the top.
    frame: grp, label, closed_n, open_n (and n). names: closed, open."""
    f = frame.assign(_n=frame["closed_n"] + frame["open_n"]).nlargest(top, "_n").iloc[::-1]
    fig = _group_bars(f, [("closed_n", "closed", GREEN, names["closed"]), ("open_n", "open", ORANGE, names["open"])])
    fig.update_layout(barmode="stack", yaxis=dict(type="category"))
    return _layout(fig, height=max(220, 26 * len(f) + 80))


def close_histogram(frame: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Time to close of closed tickets beside the age of open ones, on the same hour buckets.
    frame: bucket, lo_hours, hi_hours, closed_n, open_n. names: closed, open, x, y."""
    his = [None if pd.isna(h) else float(h) for h in frame["hi_hours"]]
    labels = hour_bucket_labels([int(v) for v in frame["lo_hours"]])
    fig = go.Figure()
    for col, kind, colour in (("closed_n", "closed", GREEN), ("open_n", "open", ORANGE)):
        customdata = np.array(
            [[kind, float(lo), "" if hi is None else hi] for lo, hi in zip(frame["lo_hours"], his)], dtype=object
        )
        _drill_bar(fig, labels, frame[col], names[kind], colour, customdata)
    fig.update_layout(
        barmode="group", xaxis=dict(title=names["x"], type="category"), yaxis=dict(title=names["y"], rangemode="tozero")
    )
    return _layout(fig)


def stage_boxes(frame: pd.DataFrame, labels: dict[str, str], axis: str) -> go.Figure:
    """Each recorded stage's spread as a box: P25–P75 box, median line, P10 and P90 whiskers.
    frame: stage, n, p10, p25, median, p75, p90 (hours); stages with n = 0 are left out."""
    f = frame[frame["n"] > 0]
    fig = go.Figure()
    for i, r in enumerate(f.itertuples()):
        fig.add_trace(
            go.Box(
                y=[labels.get(r.stage, r.stage)],
                q1=[r.p25],
                median=[r.median],
                q3=[r.p75],
                lowerfence=[r.p10],
                upperfence=[r.p90],
                orientation="h",
                name=labels.get(r.stage, r.stage),
                marker_color=PALETTE[i % len(PALETTE)],
                boxpoints=False,
                hovertemplate=None,
            )
        )
    fig.update_layout(xaxis=dict(title=axis, rangemode="tozero"), yaxis=dict(autorange="reversed"))
    return _layout(fig, height=max(200, 48 * len(f) + 80), legend=False)


def trend(frame: pd.DataFrame, names: dict[str, str], grain: str = "month") -> go.Figure:
    """Median and P90 time to close of closed tickets, and the survival median counting open ones,
    per period of reporting. frame: bucket (DATE), median_hours, p90_hours, km_median. Hours."""
    x = pd.to_datetime(frame["bucket"])
    labels = period_labels(x, grain)
    fig = go.Figure()
    for col, key, colour, dash in (
        ("km_median", "km_median", RED, "solid"),
        ("median_hours", "median", BLUE, "dot"),
        ("p90_hours", "p90", GREY, "dash"),
    ):
        y = pd.to_numeric(frame[col], errors="coerce").astype(float)
        fig.add_scatter(
            x=labels,
            y=y,
            name=names[key],
            mode="lines+markers",
            line=dict(color=colour, dash=dash, width=2),
            customdata=np.column_stack([["closed"] * len(frame), x.dt.strftime("%Y-%m-%d")]),
            hovertemplate="%{x}: %{y:.1f} h<extra>" + names[key] + "</extra>",
        )
    fig.update_layout(
        xaxis=dict(type="category"), yaxis=dict(title=names["axis"], rangemode="tozero"), hovermode="x unified"
    )
    return _layout(fig)


def km_curves(
    curve: pd.DataFrame, labels: dict[str, str], names: dict[str, str], x_max_days: float | None = None
) -> go.Figure:
    """Share of tickets still open against days since reported (Kaplan–Meier), one step line per
    group. curve: grp, t (hours), survival (from survival.curve(by='grp')). x_max_days: where the
    x axis ends (None: at the last time)."""
    fig = go.Figure()
    for i, (grp, g) in enumerate(curve.groupby("grp", sort=False)):
        g = g.sort_values("t")
        x = np.concatenate([[0.0], g["t"].to_numpy(float) / 24.0])
        y = np.concatenate([[1.0], g["survival"].to_numpy(float)])
        fig.add_scatter(
            x=x,
            y=y * 100,
            mode="lines",
            line_shape="hv",
            name=labels.get(grp, grp),
            line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            hovertemplate="%{x:.1f} d: %{y:.1f}%<extra>" + str(labels.get(grp, grp)) + "</extra>",
        )
    fig.add_hline(y=50, line=dict(color=GREY, dash="dot", width=1))
    xaxis: dict[str, object] = dict(title=names["x"], rangemode="tozero")
    if x_max_days:
        xaxis["range"] = [0, x_max_days]
    fig.update_layout(xaxis=xaxis, yaxis=dict(title=names["y"], range=[0, 101]))
    return _layout(fig, height=380)


def age_buckets(frame: pd.DataFrame, labels: list[str], names: dict[str, str]) -> go.Figure:
    """The open backlog by age bucket, overdue and not yet overdue stacked.
    frame: bucket, lo_days, hi_days, open_n, overdue_n. names: overdue, not_overdue, x, y."""
    his = ["" if pd.isna(h) else int(h) for h in frame["hi_days"]]
    fig = go.Figure()
    parts = (("overdue", frame["overdue_n"], RED), ("open", frame["open_n"] - frame["overdue_n"], BLUE))
    for kind, values, colour in parts:
        name = names["overdue"] if kind == "overdue" else names["not_overdue"]
        customdata = np.array([[kind, int(lo), hi] for lo, hi in zip(frame["lo_days"], his)], dtype=object)
        _drill_bar(fig, labels, values, name, colour, customdata)
    fig.update_layout(
        barmode="stack", xaxis=dict(title=names["x"], type="category"), yaxis=dict(title=names["y"], rangemode="tozero")
    )
    return _layout(fig)


def score_bars(frame: pd.DataFrame, names: dict[str, str], top: int = 20) -> go.Figure:
    """Composite score of ranked units, best at the top. frame: grp, label, score, rank, ranked."""
    f = frame[frame["ranked"]].head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=f["label"],
            x=f["score"],
            orientation="h",
            marker_color=BLUE,
            text=f["score"].round(1),
            textposition="auto",
            customdata=np.column_stack([["received"] * len(f), f["grp"], f["label"]]),
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    fig.update_layout(xaxis=dict(title=names["x"], range=[0, 100]), yaxis=dict(type="category"))
    return _layout(fig, height=max(200, 26 * len(f) + 80), legend=False)


def wishes_bars(frame: pd.DataFrame, names: dict[str, str], top: int = 20) -> go.Figure:
    """Wishes collected, claimed and fulfilled per group. frame: grp, label, collected, claimed, fulfilled."""
    f = frame.nlargest(top, "collected").iloc[::-1]
    kinds = (("collected", "all", BLUE), ("claimed", "claimed", ORANGE), ("fulfilled", "fulfilled", GREEN))
    fig = _group_bars(f, [(col, kind, colour, names[col]) for col, kind, colour in kinds])
    fig.update_layout(barmode="group", yaxis=dict(type="category"))
    return _layout(fig, height=max(220, 40 * len(f) + 80))
