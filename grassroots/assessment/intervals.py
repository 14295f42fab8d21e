"""How sure a rank is: a 95% interval for each ranked unit's rank, by a parametric bootstrap over
the scorecard (grassroots/assessment/scorecard.py).

Method. For every draw (1,000, fixed seed, so the same data always give the same intervals):
- an indicator counted out of a count (a numerator over a denominator, no value column; rates such
  as on-time %, and case counts such as rework over closed tickets) has the unit's numerator drawn
  from Binomial(denominator, observed numerator / denominator); every other indicator (a value
  column, a count with nothing to count it out of, a unit with nothing to divide by) is kept as
  observed;
- the value, points and total are recomputed with the system's own rules (rules.score, the same
  if_missing and rescaling as the scorecard), and the ranked units re-ranked (1 = best, ties share
  the better rank).
The interval is the 2.5th and 97.5th percentile of each unit's rank over the draws (the lower and
the higher order statistic, so both ends are ranks). A unit with few tickets has a numerator that
swings widely, hence a wide interval. A unit whose interval spans more than half of the ranked list
is `uncertain`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from grassroots.assessment import rules
from grassroots.assessment.scorecard import Scorecard
from grassroots.assessment.system import Indicator

DRAWS = 1000
SEED = 20261
LEVEL = 0.95


def resampled(ind: Indicator) -> bool:
    """Whether the indicator's numerator is redrawn: a count out of a count."""
    return ind.value is None and ind.denominator is not None


def _scores(ind: Indicator, values: np.ndarray) -> np.ndarray:
    """rules.score over an array of values, each distinct value scored once."""
    uniq, inverse = np.unique(values, return_inverse=True)
    pts = np.array([rules.score(ind, float(v)) for v in uniq], dtype="float64")
    return pts[inverse].reshape(values.shape)


def _ranks(totals: np.ndarray) -> np.ndarray:
    """Rank of each unit in each draw (rows): 1 + the number of units with a higher total."""
    out = np.empty(totals.shape, dtype="int64")
    step = max(1, 4_000_000 // max(1, totals.shape[1] ** 2))
    for s in range(0, totals.shape[0], step):
        t = totals[s : s + step]
        out[s : s + step] = 1 + (t[:, None, :] > t[:, :, None]).sum(axis=2)
    return out


def draws(sc: Scorecard, n_draws: int = DRAWS, seed: int = SEED) -> tuple[list[str], np.ndarray]:
    """The ranked units (by unit_id) and their ranks in each draw (draws x units)."""
    u = sc.units
    ranked = u[u["ranked"] & u["total"].notna() & u["rank"].notna()]
    ids = sorted(str(x) for x in ranked["unit_id"])
    m = len(ids)
    if m == 0:
        return ids, np.zeros((n_draws, 0), dtype="int64")
    if not {"unit_id", "indicator", "numerator", "denominator", "score", "excluded"} <= set(sc.cells.columns):
        # a scorecard without its cells: nothing to redraw, each unit keeps its total
        observed = ranked.set_index(ranked["unit_id"].astype(str)).loc[ids, "total"].to_numpy(dtype="float64")
        return ids, _ranks(np.broadcast_to(observed, (n_draws, m)))
    rng = np.random.default_rng(seed)
    cells = sc.cells.assign(unit_id=sc.cells["unit_id"].astype(str))
    got = np.zeros((n_draws, m))
    possible = np.zeros(m)
    any_excluded = np.zeros(m, dtype=bool)
    for ind in sc.system.indicators:
        c = cells[cells["indicator"] == ind.key].set_index("unit_id").reindex(ids)
        excluded = c["excluded"].fillna(True).astype(bool).to_numpy()
        observed = pd.to_numeric(c["score"], errors="coerce").fillna(0.0).to_numpy(dtype="float64")
        pts = np.broadcast_to(observed, (n_draws, m)).copy()
        if resampled(ind):
            num = pd.to_numeric(c["numerator"], errors="coerce").to_numpy(dtype="float64")
            den = pd.to_numeric(c["denominator"], errors="coerce").to_numpy(dtype="float64")
            ok = ~excluded & np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0) & (num <= den)
            ok &= np.isclose(den, np.round(den))
            if ok.any():
                n = np.round(den[ok]).astype("int64")
                k = rng.binomial(n, num[ok] / den[ok], size=(n_draws, int(ok.sum()))).astype("float64")
                value = k if ind.rule.kind == "deduction" else k / n * ind.scale
                pts[:, ok] = _scores(ind, value)
        kept = ~excluded
        got += np.where(kept, pts * ind.weight, 0.0)
        possible += np.where(kept, ind.max_weighted, 0.0)
        any_excluded |= excluded
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(possible > 0, got / np.where(possible > 0, possible, 1) * sc.system.max_total, got)
    totals = np.round(np.where(any_excluded, scaled, got), 6)
    return ids, _ranks(totals)


def rank_intervals(
    sc: Scorecard, n_draws: int = DRAWS, seed: int = SEED, level: float = LEVEL
) -> dict[str, tuple[int, int]]:
    """unit_id -> (lo, hi), the `level` interval of each ranked unit's rank (see the module docstring)."""
    ids, ranks = draws(sc, n_draws, seed)
    if not ids:
        return {}
    tail = (1 - level) / 2 * 100
    lo = np.percentile(ranks, tail, axis=0, method="lower")
    hi = np.percentile(ranks, 100 - tail, axis=0, method="higher")
    return {uid: (int(a), int(b)) for uid, a, b in zip(ids, lo, hi)}


def is_uncertain(interval: tuple[int, int] | None, ranked_count: int) -> bool:
    """The interval spans more than half of the ranked list."""
    if interval is None or ranked_count < 2:
        return False
    lo, hi = interval
    return (hi - lo + 1) > ranked_count / 2
