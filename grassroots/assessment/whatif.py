"""What-if weights: the scorecard again with other indicator weights, and each unit's rank shift
against the filed system. Nothing is saved: the system file, the filed system and the official list
stay as they are; the trial goes through the one scorecard function (scorecard.compute with
`weights`), so its totals and ranks follow the same rules as the filed ones.

    trial = whatif.trial(filed_scorecard, fetch, params, {"on_time": 2.0, "rework": 0.0})
    table = whatif.compare(filed_scorecard, trial)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from grassroots.assessment import scorecard
from grassroots.assessment.scorecard import Scorecard

Fetch = Callable[[str, dict], pd.DataFrame]

COLUMNS = [
    "unit_id",
    "unit_name",
    "parent_name",
    "cases",
    "ranked",
    "filed_total",
    "filed_rank",
    "total",
    "max_total",
    "rank",
    "shift",
]


def trial(filed: Scorecard, fetch: Fetch, params: dict, weights: Mapping[str, float]) -> Scorecard:
    """The scorecard of the filed one's system, level and minimum n for `params`, with `weights`."""
    return scorecard.compute(filed.system, filed.level, fetch, params, min_n=filed.min_n, weights=weights)


def compare(filed: Scorecard, trial_card: Scorecard) -> pd.DataFrame:
    """One row per unit, by trial rank (unranked last): the filed total and rank, the trial's, and the
    shift (filed rank - trial rank: + moved up, - moved down; none for an unranked unit)."""
    f = filed.units.set_index("unit_id")
    out = trial_card.units[
        ["unit_id", "unit_name", "parent_name", "cases", "ranked", "total", "max_total", "rank"]
    ].copy()
    out["filed_total"] = out["unit_id"].map(f["total"]).astype("float64")
    out["filed_rank"] = out["unit_id"].map(f["rank"]).astype("Int64")
    out["shift"] = (out["filed_rank"] - out["rank"]).astype("Int64")
    out = out.sort_values(["ranked", "rank", "unit_id"], ascending=[False, True, True], na_position="last")
    return out[COLUMNS].reset_index(drop=True)


def changed(weights: Mapping[str, float], filed: Mapping[str, float]) -> dict[str, float]:
    """The weights that differ from the filed ones (what the trial overrides)."""
    return {k: float(w) for k, w in weights.items() if k in filed and abs(float(w) - float(filed[k])) > 1e-12}


def shift_figure(table: pd.DataFrame, names: dict[str, str], max_units: int = 40):
    """Each ranked unit's filed rank and trial rank joined by a line (a slope chart): names holds the
    two axis words `filed` and `trial` and the title word `rank`."""
    import plotly.graph_objects as go

    from grassroots.charts import FONT, PALETTE

    t = table[table["ranked"] & table["rank"].notna() & table["filed_rank"].notna()].head(max_units)
    colour = {1: PALETTE[2], -1: PALETTE[0], 0: "#9e9e9e"}
    fig = go.Figure()
    for r in t.itertuples():
        sign = int(r.shift > 0) - int(r.shift < 0)
        fig.add_trace(
            go.Scatter(
                x=[names["filed"], names["trial"]],
                y=[int(r.filed_rank), int(r.rank)],
                mode="lines+markers+text",
                text=[r.unit_name, f"{r.unit_name} ({int(r.shift):+d})" if r.shift else r.unit_name],
                textposition=["middle left", "middle right"],
                line=dict(color=colour[sign], width=2 if sign else 1),
                hovertemplate=f"{r.unit_name}: %{{y}}<extra></extra>",
                showlegend=False,
            )
        )
    n = max(len(t), 1)
    low = max([n] + [int(v) for v in t["filed_rank"]] + [int(v) for v in t["rank"]])
    fig.update_yaxes(range=[low + 0.5, 0.5], title=names["rank"], dtick=1 if low <= 25 else None)
    fig.update_xaxes(range=[-0.9, 1.9])
    fig.update_layout(
        height=max(260, 24 * n + 80), margin=dict(l=10, r=10, t=10, b=10), font=dict(family=FONT), dragmode=False
    )
    return fig
