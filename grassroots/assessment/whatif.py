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
