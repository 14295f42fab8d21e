"""Plotly figures of a scorecard for the page (pure: scorecard in, figure out)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from grassroots import i18n
from grassroots.assessment.scorecard import Scorecard
from grassroots.charts.base import FONT, PALETTE

LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
MAX_UNITS = 40


def _units(sc: Scorecard) -> pd.DataFrame:
    u = sc.units.dropna(subset=["total"])
    if len(u) > MAX_UNITS:  # the best and the worst halves
        u = pd.concat([u.head(MAX_UNITS // 2), u.tail(MAX_UNITS // 2)])
    return u.iloc[::-1]


def _label(sc_units: pd.DataFrame, lang: str) -> list[str]:
    return [
        n if r else f"{n}（{i18n.t('asm.unranked_short', lang)}）"
        for n, r in zip(sc_units["unit_name"], sc_units["ranked"])
    ]


def totals(sc: Scorecard, lang: str = "zh") -> go.Figure:
    """Each unit's total, coloured by its light, with the green and yellow lines."""
    u = _units(sc)
    fig = go.Figure(
        go.Bar(
            x=u["total"],
            y=_label(u, lang),
            orientation="h",
            marker=dict(
                color=[LIGHT_COLOURS.get(x, "#9e9e9e") if isinstance(x, str) else "#9e9e9e" for x in u["light"]],
                pattern_shape=["" if r else "/" for r in u["ranked"]],
            ),
            text=[f"{v:.1f}" for v in u["total"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    for limit, dash in ((sc.system.lights.green, "dash"), (sc.system.lights.yellow, "dot")):
        fig.add_vline(x=limit, line_dash=dash, line_color="#616161", line_width=1)
    fig.update_xaxes(
        range=[0, sc.system.max_total * 1.1], title=i18n.t("asm.chart.total_axis", lang, max=f"{sc.system.max_total:g}")
    )
    fig.update_layout(
        height=max(220, 26 * len(u) + 80), margin=dict(l=10, r=30, t=10, b=10), font=dict(family=FONT), showlegend=False
    )
    return fig


def composition(sc: Scorecard, lang: str = "zh") -> go.Figure:
    """Each unit's points stacked by indicator (weighted, as they add up to the total)."""
    u = _units(sc)
    labels = _label(u, lang)
    fig = go.Figure()
    for k, ind in enumerate(sc.system.indicators):
        c = sc.cells[sc.cells["indicator"] == ind.key].set_index("unit_id")["weighted"]
        fig.add_trace(
            go.Bar(
                x=u["unit_id"].map(c).fillna(0.0),
                y=labels,
                orientation="h",
                name=ind.label(lang),
                marker_color=PALETTE[k % len(PALETTE)],
                hovertemplate=ind.label(lang) + " %{x:.2f}<extra>%{y}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=max(220, 26 * len(u) + 100),
        margin=dict(l=10, r=10, t=10, b=10),
        font=dict(family=FONT),
        legend=dict(orientation="h", y=-0.15),
    )
    return fig
