"""Composite scores across units (streets, communities, centres) with the minimum-n rule."""

from __future__ import annotations

import numpy as np
import pandas as pd


def composite(frame: pd.DataFrame, weights: tuple[tuple[str, float, bool], ...], n_column: str,
              min_n: int) -> pd.DataFrame:
    """Add `score` (0..100) and `rank` (1 = best) columns.

    Each metric is scaled to 0..1 by min-max across the *ranked* units (reversed when lower is
    better); a missing value scores 0 on that metric. Units with fewer than `min_n` cases are kept,
    flagged `ranked = False`, and given no rank (the minimum-n rule).
    """
    out = frame.copy()
    out["ranked"] = out[n_column].fillna(0) >= min_n
    pool = out[out["ranked"]]
    total_w = sum(w for _, w, _ in weights)
    score = pd.Series(0.0, index=out.index)
    for metric, w, higher_is_better in weights:
        col = pd.to_numeric(out[metric], errors="coerce").astype(float)
        lo, hi = pool[metric].astype(float).min(), pool[metric].astype(float).max()
        if pd.isna(lo) or pd.isna(hi) or hi == lo:
            scaled = pd.Series(np.where(col.notna(), 1.0, 0.0), index=out.index)
        else:
            scaled = ((col - lo) / (hi - lo)).clip(0, 1)
            if not higher_is_better:
                scaled = 1.0 - scaled
            scaled = scaled.fillna(0.0)
        score += w * scaled
    out["score"] = 100.0 * score / total_w if total_w else 0.0
    out["rank"] = out["score"].where(out["ranked"]).rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["ranked", "score"], ascending=[False, False]).reset_index(drop=True)
