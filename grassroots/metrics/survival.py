"""Kaplan–Meier survival curves for time to close, with open tickets as censored observations.

Input is counts, not records: for each group and time t, how many tickets closed at t (events)
and how many were still open with age t (censored). The database computes those counts, so a
million tickets arrive here as a few thousand rows.

Conventions (those of Kaplan and Meier, and of common packages):
- at a time where events and censorings tie, the censored tickets are still at risk for the
  events (they are known to have lasted at least that long);
- S(t) = prod over event times t_i <= t of (1 - d_i / n_i), with n_i at risk just before t_i;
- the median is the first time the curve falls to 0.5 or below (None when it never does:
  "not reached"), or, where it sits exactly on 0.5, the midpoint to its next drop (so with no
  open tickets it equals the sample median); any quantile q likewise at 1 - q;
- 95% pointwise bounds by Greenwood's variance on the log(-log S) scale; the median's interval
  is where those bounds cross 0.5 (Brookmeyer and Crowley).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z95 = 1.959963984540054


def counts(durations, closed) -> pd.DataFrame:
    """Counts per time from records: `durations` (time to close, or age for open ones) and
    `closed` (True: closed at that time; False: still open at that age). Columns t, events, censored."""
    t = np.asarray(durations, dtype=float)
    e = np.asarray(closed, dtype=bool)
    if t.shape != e.shape:
        raise ValueError("durations and closed differ in length")
    if np.isnan(t).any() or (t < 0).any():
        raise ValueError("durations must be non-negative numbers")
    f = pd.DataFrame({"t": t, "events": e.astype(np.int64), "censored": (~e).astype(np.int64)})
    return f.groupby("t", as_index=False)[["events", "censored"]].sum()


def curve(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """The Kaplan–Meier curve from counts (columns t, events, censored, and the group column `by`).

    Returns one row per group and time: [by,] t, at_risk, events, censored, survival, lower, upper.
    """
    cols = ["t", "events", "censored"]
    missing = [c for c in cols + ([by] if by else []) if c not in frame.columns]
    if missing:
        raise ValueError(f"counts need columns {missing}")
    keys = [by] if by else []
    f = frame[keys + cols].copy()
    f["t"] = f["t"].astype(float)
    f[["events", "censored"]] = f[["events", "censored"]].fillna(0).astype(np.int64)
    if (f[["events", "censored"]] < 0).any().any():
        raise ValueError("counts must be >= 0")
    f = f.groupby(keys + ["t"], as_index=False, sort=True)[["events", "censored"]].sum()
    if f.empty:
        return f.assign(
            at_risk=pd.Series(dtype=np.int64),
            survival=pd.Series(dtype=float),
            lower=pd.Series(dtype=float),
            upper=pd.Series(dtype=float),
        )[keys + ["t", "at_risk", "events", "censored", "survival", "lower", "upper"]]
    leaving = f["events"] + f["censored"]
    if by:
        g = f.groupby(by, sort=False)
        total = g["events"].transform("sum") + g["censored"].transform("sum")
        left_before = leaving.groupby(f[by], sort=False).cumsum() - leaving
    else:
        total = leaving.sum()
        left_before = leaving.cumsum() - leaving
    at_risk = (total - left_before).astype(np.int64)
    d = f["events"].to_numpy(dtype=float)
    n = at_risk.to_numpy(dtype=float)
    factor = np.where(n > 0, 1.0 - d / np.where(n > 0, n, 1.0), 1.0)
    # Greenwood: sum of d / (n (n - d)); infinite once the curve reaches zero
    with np.errstate(divide="ignore", invalid="ignore"):
        gw_term = np.where(d > 0, d / (n * (n - d)), 0.0)
    log_factor = np.log(np.where(factor > 0, factor, 1.0))
    hit_zero = (factor <= 0).astype(float)
    if by:
        grp = f[by]
        survival = np.exp(pd.Series(log_factor).groupby(grp.to_numpy(), sort=False).cumsum().to_numpy())
        zero = pd.Series(hit_zero).groupby(grp.to_numpy(), sort=False).cumsum().to_numpy() > 0
        greenwood = pd.Series(gw_term).groupby(grp.to_numpy(), sort=False).cumsum().to_numpy()
    else:
        survival = np.exp(np.cumsum(log_factor))
        zero = np.cumsum(hit_zero) > 0
        greenwood = np.cumsum(gw_term)
    survival = np.where(zero, 0.0, survival)
    lower, upper = _loglog_bounds(survival, greenwood)
    out = f.assign(at_risk=at_risk, survival=survival, lower=lower, upper=upper)
    return out[keys + ["t", "at_risk", "events", "censored", "survival", "lower", "upper"]].reset_index(drop=True)


def _loglog_bounds(s: np.ndarray, greenwood: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lower = np.full(s.shape, np.nan)
    upper = np.full(s.shape, np.nan)
    ok = (s > 0) & (s < 1) & np.isfinite(greenwood)
    log_s = np.log(s[ok])
    se = np.sqrt(greenwood[ok]) / np.abs(log_s)
    centre = np.log(-log_s)
    lower[ok] = np.exp(-np.exp(centre + Z95 * se))
    upper[ok] = np.exp(-np.exp(centre - Z95 * se))
    lower[s >= 1] = upper[s >= 1] = 1.0
    lower[s <= 0] = upper[s <= 0] = 0.0
    return lower, upper


def _first_at_or_below(t: np.ndarray, s: np.ndarray, level: float) -> float | None:
    hit = np.flatnonzero(s <= level + 1e-12)
    return float(t[hit[0]]) if len(hit) else None


def quantile(c: pd.DataFrame, q: float) -> float | None:
    """The time by which a share `q` of tickets has closed: the first time S <= 1 - q (None if
    never). Where the curve sits exactly on 1 - q, the midpoint between that time and the next drop,
    so that without open tickets the median is the ordinary sample median."""
    if not 0 < q < 1:
        raise ValueError("q must lie strictly between 0 and 1")
    t, s, level = c["t"].to_numpy(float), c["survival"].to_numpy(float), 1 - q
    hit = np.flatnonzero(s <= level + 1e-12)
    if not len(hit):
        return None
    i = hit[0]
    if abs(s[i] - level) > 1e-12:
        return float(t[i])
    drops = np.flatnonzero(s[i + 1 :] < level - 1e-12)
    return float((t[i] + t[i + 1 + drops[0]]) / 2) if len(drops) else float(t[i])


def median(c: pd.DataFrame) -> float | None:
    """The survival median of one curve: first time S(t) <= 0.5, or None (not reached)."""
    return quantile(c, 0.5)


def median_interval(c: pd.DataFrame) -> tuple[float | None, float | None]:
    """95% interval of the median: from the first time the lower bound falls to 0.5 or below to the
    first time the upper bound does (None: not reached)."""
    t = c["t"].to_numpy(float)
    return (
        _first_at_or_below(t, c["lower"].fillna(1.0).to_numpy(float), 0.5),
        _first_at_or_below(t, c["upper"].fillna(1.0).to_numpy(float), 0.5),
    )


def summary(c: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group of a curve from `curve(..., by=by)`: n, closed, open, survival median with its
    95% interval, and the time by which 90% closed (None where not reached)."""
    rows = []
    for key, g in c.groupby(by, sort=False):
        lo, hi = median_interval(g)
        rows.append(
            {
                by: key,
                "n": int(g["events"].sum() + g["censored"].sum()),
                "closed": int(g["events"].sum()),
                "open": int(g["censored"].sum()),
                "km_median": median(g),
                "km_median_low": lo,
                "km_median_high": hi,
                "km_p90": quantile(g, 0.9),
            }
        )
    return pd.DataFrame(
        rows, columns=[by, "n", "closed", "open", "km_median", "km_median_low", "km_median_high", "km_p90"]
    )
