"""Backlog forecast: the next four weeks of tickets received and of the open backlog, with an 80% band.

The model, stated in full (every constant is below and in the result's `model`):

- Weeks are 7-day spans starting at the origin: midnight after the data's as-of day, or the end of
  the chosen window when that comes earlier. Only what was known at the origin is used.
- Arrivals: expected tickets on a day = level x season(month of that day).
  season(m) = the mean daily count in calendar month m over the last two years before the origin
  divided by the mean daily count over those years (1 for every month with under a year of history);
  level = tickets in the last 8 weeks / the sum of their days' seasonal indices. A week's count is
  negative binomial around its expectation, with variance = dispersion x mean; the dispersion is
  measured on the model's own 1-4 week forecasts from the 26 weekly origins 4 to 29 weeks before
  the origin (whose weeks are all observed): mean of (actual - expected)^2 / expected, at least 1
  (Poisson).
- Closures: the Kaplan–Meier curve S(t) of time to close for tickets reported in the 52 weeks before
  the origin, closings after the origin unknown (queries/tickets/km_at.sql,
  grassroots.metrics.survival). A ticket open at age a closes in the week (a + 7(k-1) days, a + 7k
  days] with probability (S(a + 7(k-1)d) - S(a + 7kd)) / S(a); a new ticket arrives in the middle of
  one of its week's days, equally likely each day.
- backlog(k) = backlog(k-1) + arrivals(k) - closures(k); backlog(0) is the open backlog at the origin.
  The point forecast is the expectation; the band is the 10th to 90th percentile of 2,000 simulated
  paths (fixed seed), arrivals and closures drawn together so every path keeps that arithmetic.
- Backtest: the same forecast made from each weekly origin of the 26 weeks before, whose four weeks
  are all observed; coverage = the share of those held-back weeks whose actual value lay in the band.

`forecast(fetch, params)` is the one public function: the tickets page and the report call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from grassroots.metrics import survival

Fetch = Callable[[str, dict], pd.DataFrame]

WEEKS = 4  # weeks forecast
BAND = 0.8  # central band: 10th to 90th percentile
LEVEL_WEEKS = 8  # weeks the level is measured on
SEASON_DAYS = 730  # days the month-of-year indices are measured on
MIN_SEASON_DAYS = 365  # fewer days of history: no seasonal index
DISPERSION_WEEKS = 26  # past origins the dispersion is measured on
COHORT_WEEKS = 52  # tickets the closure curve is fitted on
SIMULATIONS = 2000
SEED = 20261206
BACKTEST_WEEKS = 26  # the backtest's origins lie in this many weeks before the forecast's origin
HISTORY_WEEKS = 26  # weeks of history returned for the chart
DAY_MIDPOINTS = np.arange(7) + 0.5  # a new ticket arrives in the middle of a day of its week


@dataclass(frozen=True)
class Series:
    """Daily counts from tickets/flow at grain 'day': first day, tickets received, open backlog at each
    day's end."""

    start: dt.date
    received: np.ndarray
    open_at_end: np.ndarray
    months: np.ndarray  # 1-12, the month of each day

    @classmethod
    def from_flow(cls, flow: pd.DataFrame) -> Series:
        f = flow.sort_values("bucket").reset_index(drop=True)
        seen = f["received"].to_numpy() > 0  # the series starts with the data's first ticket
        f = f.iloc[int(np.argmax(seen)) :] if seen.any() else f
        days = pd.to_datetime(f["bucket"])
        start = days.iloc[0].date() if len(f) else dt.date(2000, 1, 1)
        return cls(
            start,
            f["received"].to_numpy(dtype=float),
            f["open_at_end"].to_numpy(dtype=float),
            days.dt.month.to_numpy(dtype=int),
        )

    def index(self, day: dt.date) -> int:
        return (day - self.start).days


def season(series: Series, origin: int) -> np.ndarray:
    """Index by month (array of 13, [0] unused) from the SEASON_DAYS days before day index `origin`."""
    lo = max(0, origin - SEASON_DAYS)
    out = np.ones(13)
    if origin - lo < MIN_SEASON_DAYS:
        return out
    y, m = series.received[lo:origin], series.months[lo:origin]
    overall = y.mean()
    if overall <= 0:
        return out
    total = np.bincount(m, weights=y, minlength=13)
    days = np.bincount(m, minlength=13)
    has = days > 0
    out[has] = total[has] / days[has] / overall
    return out


def _month_of(origin_day: dt.date, offsets: np.ndarray) -> np.ndarray:
    return np.array([(origin_day + dt.timedelta(days=int(d))).month for d in offsets])


def expected_weeks(series: Series, origin: int, weeks: int = WEEKS) -> np.ndarray:
    """Expected tickets received in each of `weeks` weeks from day index `origin`."""
    s = season(series, origin)
    lo = max(0, origin - 7 * LEVEL_WEEKS)
    weight = s[series.months[lo:origin]].sum()
    level = series.received[lo:origin].sum() / weight if weight > 0 else 0.0
    origin_day = series.start + dt.timedelta(days=origin)
    months = _month_of(origin_day, np.arange(7 * weeks))
    return level * s[months].reshape(weeks, 7).sum(axis=1)


def dispersion(series: Series, origin: int) -> float:
    """Mean of (actual - expected)^2 / expected over the 1-4 week forecasts from the DISPERSION_WEEKS
    weekly origins before `origin` whose weeks all lie before it (at least 1)."""
    ratios = []
    for j in range(WEEKS, WEEKS + DISPERSION_WEEKS):
        o = origin - 7 * j
        if o - 7 * LEVEL_WEEKS < 0:
            break
        mu = expected_weeks(series, o)
        actual = series.received[o : o + 7 * WEEKS].reshape(WEEKS, 7).sum(axis=1)
        ok = mu > 0
        ratios.extend(((actual[ok] - mu[ok]) ** 2 / mu[ok]).tolist())
    return max(1.0, float(np.mean(ratios))) if ratios else 1.0


class Closing:
    """S(t) of a Kaplan–Meier curve as a step function of hours (1 before the first time)."""

    def __init__(self, km: pd.DataFrame):
        c = survival.curve(km[["t", "events", "censored"]]) if len(km) else pd.DataFrame(columns=["t", "survival"])
        self.t = c["t"].to_numpy(dtype=float)
        self.s = c["survival"].to_numpy(dtype=float)

    def __call__(self, hours) -> np.ndarray:
        h = np.asarray(hours, dtype=float)
        i = np.searchsorted(self.t, h, side="right") - 1
        out = np.where(i >= 0, self.s[np.clip(i, 0, None)] if len(self.s) else 1.0, 1.0)
        return np.where(h < 0, 1.0, out)


def open_closing(S: Closing, ages: np.ndarray, weeks: int = WEEKS) -> np.ndarray:
    """For tickets open at the origin with these ages (hours): the probability of closing in each week
    (rows: ages, columns: weeks), given open at the origin."""
    edges = ages[:, None] + 168.0 * np.arange(weeks + 1)[None, :]
    s = S(edges)
    base = s[:, :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(base > 0, (s[:, :-1] - s[:, 1:]) / base, 0.0)
    return np.clip(p, 0.0, 1.0)


def new_closing(S: Closing, weeks: int = WEEKS) -> np.ndarray:
    """q[j, k]: the probability that a ticket arriving in week j closes in week k (k >= j)."""
    q = np.zeros((weeks, weeks))
    for j in range(weeks):
        arrive = 24.0 * (7 * j + DAY_MIDPOINTS)  # hours after the origin
        for k in range(j, weeks):
            q[j, k] = float(np.mean(S(168.0 * k - arrive) - S(168.0 * (k + 1) - arrive)))
    return q


def _with_rest(p: np.ndarray) -> np.ndarray:
    rest = max(0.0, 1.0 - float(p.sum()))
    out = np.append(p, rest)
    return out / out.sum()


def project(
    series: Series,
    km: pd.DataFrame,
    origin: dt.date,
    weeks: int = WEEKS,
    simulations: int = SIMULATIONS,
    seed: int = SEED,
) -> dict:
    """The forecast from `origin` (a day: weeks start at its midnight) given the daily series up to it
    and the km_at counts at it (columns recent, t, events, censored)."""
    o = series.index(origin)
    mu = expected_weeks(series, o, weeks)
    phi = dispersion(series, o)
    S = Closing(km[km["recent"]] if "recent" in km.columns else km)
    opened = km.groupby("t", as_index=False)["censored"].sum()
    opened = opened[opened["censored"] > 0]
    ages, counts = opened["t"].to_numpy(dtype=float), opened["censored"].to_numpy(dtype=np.int64)
    backlog0 = int(counts.sum())
    p_open = open_closing(S, ages, weeks)
    q_new = new_closing(S, weeks)

    # expectations
    exp_closures = (counts[:, None] * p_open).sum(axis=0) + mu @ q_new
    # simulation: negative binomial arrivals (gamma-Poisson), multinomial closings
    rng = np.random.default_rng(seed)
    if phi > 1.0:
        lam = rng.gamma(shape=mu / (phi - 1.0), scale=phi - 1.0, size=(simulations, weeks))
    else:
        lam = np.broadcast_to(mu, (simulations, weeks))
    arrivals = rng.poisson(lam)
    closures = np.zeros((simulations, weeks), dtype=np.int64)
    for n, p in zip(counts, p_open):
        if p.sum() > 0:
            closures += rng.multinomial(int(n), _with_rest(p), size=simulations)[:, :weeks]
    for j in range(weeks):
        closures[:, j:] += rng.multinomial(arrivals[:, j], _with_rest(q_new[j, j:]))[:, : weeks - j]
    paths = backlog0 + np.cumsum(arrivals - closures, axis=1)
    lo_q, hi_q = (1 - BAND) / 2, 1 - (1 - BAND) / 2

    out, backlog = [], float(backlog0)
    for k in range(weeks):
        a, c = round(float(mu[k]), 1), round(float(exp_closures[k]), 1)
        backlog = round(backlog + a - c, 1)
        out.append(
            {
                "week_start": (origin + dt.timedelta(days=7 * k)).isoformat(),
                "arrivals": a,
                "arrivals_lo": int(np.quantile(arrivals[:, k], lo_q, method="inverted_cdf")),
                "arrivals_hi": int(np.quantile(arrivals[:, k], hi_q, method="inverted_cdf")),
                "closures": c,
                "backlog": backlog,
                "backlog_lo": int(np.quantile(paths[:, k], lo_q, method="inverted_cdf")),
                "backlog_hi": int(np.quantile(paths[:, k], hi_q, method="inverted_cdf")),
            }
        )
    return {"origin": origin.isoformat(), "backlog_now": backlog0, "dispersion": round(phi, 3), "weeks": out}


def history(series: Series, origin: dt.date, weeks: int = HISTORY_WEEKS) -> list[dict]:
    """The weeks before the origin (7-day spans ending at it): tickets received, backlog at the end."""
    o = series.index(origin)
    out = []
    for k in range(weeks, 0, -1):
        lo, hi = o - 7 * k, o - 7 * (k - 1)
        if lo < 0:
            continue
        out.append(
            {
                "week_start": (origin - dt.timedelta(days=7 * k)).isoformat(),
                "arrivals": int(series.received[lo:hi].sum()),
                "backlog": int(series.open_at_end[hi - 1]),
            }
        )
    return out


def origin_of(params: dict) -> dt.date:
    """Midnight after the data's as-of day, or the window's end when that is earlier."""
    after_as_of = pd.Timestamp(params["as_of"]).date() + dt.timedelta(days=1)
    end = params.get("date_to")
    return min(after_as_of, pd.Timestamp(end).date()) if end is not None else after_as_of


def _scope(params: dict) -> dict:
    keys = ("region", "centre_id", "centre_type", "pilot_batch")
    return {
        **{k: params.get(k) for k in keys},
        "region": params.get("region") or "",
        "category": params.get("category"),
    }


def _km_at(fetch: Fetch, scope: dict, origin: dt.date) -> pd.DataFrame:
    at = dt.datetime.combine(origin, dt.time())
    return fetch("tickets/km_at", {**scope, "origin": at, "cohort_from": at - dt.timedelta(weeks=COHORT_WEEKS)})


def _series(fetch: Fetch, scope: dict, origin: dt.date, days: int) -> Series:
    flow = fetch(
        "tickets/flow",
        {**scope, "grain": "day", "date_from": origin - dt.timedelta(days=days), "date_to": origin, "as_of": origin},
    )
    return Series.from_flow(flow)


def backtest(fetch: Fetch, scope: dict, origin: dt.date, series: Series, simulations: int = SIMULATIONS) -> dict:
    """The band's coverage on held-back weeks: forecasts from each weekly origin of the BACKTEST_WEEKS
    weeks before `origin` whose four weeks are all observed, compared with what happened."""
    hit_a, hit_b, origins = [], [], []
    for j in range(WEEKS, BACKTEST_WEEKS + 1):
        o_day = origin - dt.timedelta(days=7 * j)
        o = series.index(o_day)
        if o - 7 * LEVEL_WEEKS < 0:
            continue
        f = project(series, _km_at(fetch, scope, o_day), o_day, simulations=simulations)
        origins.append(o_day)
        for k, w in enumerate(f["weeks"]):
            actual_a = series.received[o + 7 * k : o + 7 * (k + 1)].sum()
            actual_b = series.open_at_end[o + 7 * (k + 1) - 1]
            hit_a.append(w["arrivals_lo"] <= actual_a <= w["arrivals_hi"])
            hit_b.append(w["backlog_lo"] <= actual_b <= w["backlog_hi"])
    if not origins:
        return {"arrivals": None, "backlog": None, "origins": 0, "weeks": 0, "from": None, "to": None}
    return {
        "arrivals": round(100.0 * float(np.mean(hit_a)), 1),
        "backlog": round(100.0 * float(np.mean(hit_b)), 1),
        "origins": len(origins),
        "weeks": len(hit_a),
        "from": min(origins).isoformat(),
        "to": max(origins).isoformat(),
    }


def model() -> dict:
    """The model's constants, as the result states them."""
    return {
        "arrivals": "seasonal_level_negative_binomial",
        "closures": "kaplan_meier",
        "band": BAND,
        "level_weeks": LEVEL_WEEKS,
        "season_days": SEASON_DAYS,
        "dispersion_weeks": DISPERSION_WEEKS,
        "cohort_weeks": COHORT_WEEKS,
        "simulations": SIMULATIONS,
        "seed": SEED,
        "backtest_weeks": BACKTEST_WEEKS,
    }


def forecast(fetch: Fetch, params: dict, with_backtest: bool = True) -> dict:
    """The backlog forecast for the scope and category in `params` (the shared filter params, with
    `as_of`, `date_to` and `category`): {model, origin, backlog_now, dispersion, weeks[{week_start,
    arrivals, arrivals_lo, arrivals_hi, closures, backlog, backlog_lo, backlog_hi}], history[{week_start,
    arrivals, backlog}], backtest_coverage{arrivals, backlog (percent), origins, weeks, from, to}}."""
    scope = _scope(params)
    origin = origin_of(params)
    span = SEASON_DAYS + 7 * (BACKTEST_WEEKS + DISPERSION_WEEKS + LEVEL_WEEKS + WEEKS)
    series = _series(fetch, scope, origin, span)
    out = {"model": {**model()}, **project(series, _km_at(fetch, scope, origin), origin)}
    out["model"]["dispersion"] = out.pop("dispersion")
    out["history"] = history(series, origin)
    out["backtest_coverage"] = backtest(fetch, scope, origin, series) if with_backtest else None
    return out


def report_section(fetch: Fetch, params: dict, context: dict) -> dict:
    """The report's `forecast`: from the end of the report's window (or the data's as-of day)."""
    return forecast(fetch, params)
