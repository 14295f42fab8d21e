"""The 接诉即办 composite: a weighted mean of the response, resolution and satisfaction rates, and a
ranking of units under the minimum-n rule.

score = 100 × Σ wᵢ·rateᵢ ÷ Σ wᵢ over the rates with a weight (config/tickets.toml [weights]). The
rates are used as they are, not rescaled across units, so a score means the same in every
selection (that is how cities publish it). A unit missing a weighted rate gets no score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RATE_COLUMNS = {"response": "response_rate", "resolution": "resolution_rate", "satisfaction": "satisfaction_rate"}


def score(frame: pd.DataFrame, weights: tuple[tuple[str, float], ...]) -> pd.Series:
    """The composite per row of `frame` (which holds the *_rate columns), 0..100, NaN if a weighted
    rate is missing."""
    used = [(RATE_COLUMNS[name], w) for name, w in weights if w > 0]
    if not used:
        raise ValueError("no rate has a weight > 0")
    total = sum(w for _, w in used)
    acc = pd.Series(0.0, index=frame.index)
    for col, w in used:
        acc = acc + w * pd.to_numeric(frame[col], errors="coerce").astype(float)
    return 100.0 * acc / total


def rank(frame: pd.DataFrame, weights: tuple[tuple[str, float], ...], n_column: str, min_n: int) -> pd.DataFrame:
    """Add `score`, `ranked` (enough tickets and a score) and `rank` (1 = best, ties share the
    better rank; none for unranked units). Ranked units come first, best first (more tickets first
    on a tie), then the unranked ones, most tickets first."""
    out = frame.copy()
    out["score"] = score(out, weights)
    n = pd.to_numeric(out[n_column], errors="coerce").fillna(0)
    out["ranked"] = (n >= min_n) & out["score"].notna()
    out["rank"] = out["score"].where(out["ranked"]).rank(ascending=False, method="min").astype("Int64")
    by_score = out["score"].where(out["ranked"]).fillna(-1.0).to_numpy(float)
    order = np.lexsort((-n.to_numpy(float), -by_score, ~out["ranked"].to_numpy(bool)))
    return out.iloc[order].reset_index(drop=True)
