"""Funnel plots: is a unit's rate noise or a real outlier? Each unit's rate against its n, with
control limits around the overall rate.

Method. The target is the overall rate p = sum of numerators / sum of denominators over the units
shown. For a unit of n cases, the limits are exact binomial limits at 95% and 99.8% (two-sided)
with the interpolation of Spiegelhalter (2005, "Funnel plots for comparing institutional
performance"): for the tail probability q, r is the smallest count with P(X <= r) >= q for
X ~ Binomial(n, p), and the limit is (r - a) / n with a = (P(X <= r) - q) / P(X = r), so the limits
run smoothly in n. A unit above its 99.8% upper limit is significantly high (`signal` "high"), below
its lower limit significantly low ("low"); outside the 95% limits only, `warn` says which side.
Units with no denominator are left out (`dropped`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

LEVELS = (0.95, 0.998)

# each rate of tickets/rates: its numerator and denominator columns
TICKET_RATES = {
    "on_time_rate": ("on_time_n", "on_time_d"),
    "satisfaction_rate": ("satisfied_n", "rated_n"),
    "closure_rate": ("closed_n", "due_to_close"),
    "response_rate": ("response_n", "response_d"),
}


@dataclass(frozen=True)
class Funnel:
    overall: float | None  # the target: sum of numerators / sum of denominators
    # one row per unit: code, label, n, k, rate, lo95, hi95, lo998, hi998, warn, signal
    units: pd.DataFrame
    # the limits along n (for the plot): n, lo95, hi95, lo998, hi998
    curve: pd.DataFrame
    dropped: int = 0  # units with nothing to divide by


def _cdf(n: int, p: float) -> tuple[np.ndarray, np.ndarray]:
    """P(X <= r) and P(X = r) for r = 0..n, X ~ Binomial(n, p), 0 < p < 1, in logs to stay clear of
    underflow."""
    k = np.arange(n + 1, dtype="float64")
    log_choose = np.concatenate(([0.0], np.cumsum(np.log(n - k[:-1]) - np.log(k[:-1] + 1))))
    log_pmf = log_choose + k * math.log(p) + (n - k) * math.log1p(-p)
    pmf = np.exp(log_pmf - log_pmf.max())
    pmf /= pmf.sum()
    return np.cumsum(pmf), pmf


def _at(cdf: np.ndarray, pmf: np.ndarray, n: int, q: float) -> float:
    r = min(int(np.searchsorted(cdf, q)), n)
    a = (cdf[r] - q) / pmf[r] if pmf[r] > 0 else 0.0
    return float(min(1.0, max(0.0, (r - a) / n)))


def limit(n: int, p: float, q: float) -> float:
    """The rate at tail probability q for n cases around p (see the module docstring)."""
    return _all(n, p, (q,))[0]


def _all(n: int, p: float, qs: tuple[float, ...]) -> list[float]:
    if n <= 0:
        return [float("nan")] * len(qs)
    if p <= 0.0 or p >= 1.0:
        return [float(p)] * len(qs)
    cdf, pmf = _cdf(int(n), p)
    return [_at(cdf, pmf, int(n), q) for q in qs]


def limits(n: int, p: float, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    lo, hi = _all(n, p, (tail, 1 - tail))
    return lo, hi


def _table(ns, p: float) -> pd.DataFrame:
    """lo95, hi95, lo998, hi998 for each n (each distinct n worked out once)."""
    qs = tuple(q for lv in LEVELS for q in ((1 - lv) / 2, 1 - (1 - lv) / 2))
    cols = [f"{s}{_key(lv)}" for lv in LEVELS for s in ("lo", "hi")]
    found = {int(x): _all(int(x), p, qs) for x in set(int(v) for v in ns)}
    return pd.DataFrame([found[int(x)] for x in ns], columns=cols)


def _key(level: float) -> str:
    return f"{level * 100:g}".replace(".", "")  # 95, 998


def compute(
    frame: pd.DataFrame, numerator: str, denominator: str, code: str = "grp", label: str = "label", points: int = 80
) -> Funnel:
    """The funnel of `numerator` / `denominator` over the rows of `frame` (one unit a row)."""
    den = pd.to_numeric(frame[denominator], errors="coerce").fillna(0)
    keep = den > 0
    f = frame[keep]
    n = den[keep].round().astype("int64").to_numpy()
    k = pd.to_numeric(f[numerator], errors="coerce").fillna(0).to_numpy(dtype="float64")
    units = pd.DataFrame(
        {"code": f[code].astype(str).to_numpy(), "label": f[label].astype(str).to_numpy(), "n": n, "k": k}
    )
    empty_curve = pd.DataFrame(columns=["n"] + [f"{s}{_key(lv)}" for lv in LEVELS for s in ("lo", "hi")])
    if units.empty:
        for lv in LEVELS:
            units[f"lo{_key(lv)}"] = units[f"hi{_key(lv)}"] = pd.Series(dtype=float)
        units["rate"], units["warn"], units["signal"] = pd.Series(dtype=float), "", ""
        return Funnel(None, units, empty_curve, int((~keep).sum()))
    p = float(k.sum() / n.sum())
    units["rate"] = k / n
    units = pd.concat([units, _table(n, p)], axis=1)

    def side(lo: str, hi: str) -> list[str]:
        eps = 1e-12
        return [
            "high" if r > h + eps else "low" if r < lo_ - eps else ""
            for r, lo_, h in zip(units["rate"], units[lo], units[hi])
        ]

    units["warn"] = side("lo95", "hi95")
    units["signal"] = side("lo998", "hi998")
    top = max(int(n.max()), 2)
    grid = np.unique(np.round(np.geomspace(max(1.0, n.min() * 0.8), top * 1.05, points)).astype("int64"))
    curve = pd.concat([pd.DataFrame({"n": grid}), _table(grid, p)], axis=1)
    return Funnel(p, units.reset_index(drop=True), curve, int((~keep).sum()))


def ticket_rate(frame: pd.DataFrame, rate: str, code: str = "grp", label: str = "label") -> Funnel:
    """The funnel of one tickets/rates rate (a TICKET_RATES key) over its group rows."""
    numerator, denominator = TICKET_RATES[rate]
    return compute(frame, numerator, denominator, code, label)


def percent_indicators(system) -> list:
    """The indicators of an assessment system shown as a funnel: percent rates, a count out of a count."""
    return [
        i
        for i in system.indicators
        if i.format == "percent" and i.value is None and i.denominator is not None and i.rule.kind != "deduction"
    ]


def scorecard_indicator(sc, key: str) -> Funnel:
    """The funnel of one indicator of a scorecard (grassroots/assessment/scorecard.py) over its units."""
    cells = sc.cells[sc.cells["indicator"] == key][["unit_id", "numerator", "denominator"]]
    names = sc.units.set_index("unit_id")["unit_name"]
    frame = cells.assign(label=cells["unit_id"].map(names).fillna(cells["unit_id"]))
    return compute(frame, "numerator", "denominator", code="unit_id", label="label")
