"""Hot spots (热点诉求) and proactive-work candidates (未诉先办, 每月一题). No Streamlit, no database:
data comes through `fetch(query_name, params) -> DataFrame` (the page passes its cached, gated query
function; tests and reports pass `sql.run` on a connection).

Expectation model (config/hotspots.toml): a cell is a community x subcategory x calendar month. Its
expectation is the mean count of the same cell over the previous `baseline_months` months that the
data holds any ticket in, scaled by the share of the month already past for the month holding as_of. The
count is judged against a Poisson distribution with that mean, floored at `min_expected`:
p = P(X >= count), surprise = -log10(p). A cell is a hot spot when count >= min_count,
count / max(expected, min_expected) >= min_ratio and p <= max_p; nothing below min_count is ever
called one. Hot spots are ranked by p (most surprising first), then by count.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd

from grassroots import keywords as kw
from grassroots.metrics.hotspot_config import HotspotConfig
from grassroots.metrics.hotspot_config import hotspots as default_config

Fetch = Callable[[str, dict], pd.DataFrame]
LN10 = math.log(10)
MAX_SURPRISE = 300.0


def poisson_log_sf(n: int, lam: float) -> float:
    """ln P(X >= n) for X ~ Poisson(lam)."""
    if n <= 0:
        return 0.0
    if lam <= 0:
        return -math.inf
    if lam >= n:  # the upper tail is large: 1 - P(X < n), summed directly
        log_pmf = -lam
        total = math.exp(log_pmf)
        for k in range(1, n):
            log_pmf += math.log(lam) - math.log(k)
            total += math.exp(log_pmf)
        return math.log(max(1.0 - total, 1e-300))
    # P(X >= n) = e^-lam lam^n / n! * sum_k lam^k / ((n+1)...(n+k)), a series that converges for lam < n
    head = n * math.log(lam) - lam - math.lgamma(n + 1)
    term, total, k = 1.0, 1.0, 1
    while term > 1e-17 * total and k < 100000:
        term *= lam / (n + k)
        total += term
        k += 1
    return min(0.0, head + math.log(total))


def poisson_sf(n: int, lam: float) -> float:
    """P(X >= n) for X ~ Poisson(lam)."""
    return math.exp(poisson_log_sf(n, lam))


def _month_end(m: dt.date) -> dt.date:
    return (pd.Timestamp(m) + pd.DateOffset(months=1)).date()


def judge(cells: pd.DataFrame, cfg: HotspotConfig) -> pd.DataFrame:
    """Expected, ratio, p, surprise and the verdict `hot` for each row of tickets/hotspot_cells. p is
    computed for the rows that pass every other test; the others carry p = 1."""
    out = cells.copy()
    if out.empty:
        for c in ("expected", "ratio", "p_value", "surprise", "judged", "hot"):
            out[c] = pd.Series(dtype=float if c not in ("judged", "hot") else bool)
        return out
    months = out["baseline_months"].astype(float)
    judged = months >= cfg.min_baseline_months
    mean = (out["baseline_n"].astype(float) / months.where(months > 0)).fillna(0.0)
    expected = mean * out["month_share"].astype(float)
    floor = expected.clip(lower=cfg.min_expected)
    n = out["n"].astype(int)
    ratio = (n / floor).round(2)
    # p only where the other tests pass (the rest are not hot whatever p is): a year of cells at city
    # scale holds tens of thousands of candidates, few of them above the ratio
    need = (judged & (n >= cfg.min_count) & (ratio >= cfg.min_ratio)).to_numpy()
    log_p = [poisson_log_sf(int(k), float(lam)) if w else 0.0 for k, lam, w in zip(n, floor, need)]
    out["expected"] = expected.round(2)
    out["ratio"] = ratio
    out["p_value"] = [math.exp(v) for v in log_p]
    out["surprise"] = [min(MAX_SURPRISE, -v / LN10) for v in log_p]
    out["judged"] = judged
    out["hot"] = judged & (n >= cfg.min_count) & (out["ratio"] >= cfg.min_ratio) & (out["p_value"] <= cfg.max_p)
    return out


def cell_key(month, community_code, category, subcategory) -> str:
    return f"{pd.Timestamp(month):%Y-%m-%d}|{community_code}|{category}|{subcategory}"


def hot_frame(fetch: Fetch, params: dict, cfg: HotspotConfig | None = None, with_keywords: bool = True) -> pd.DataFrame:
    """The hot spots of every month starting in the window, most surprising first: the columns of
    tickets/hotspot_cells, then expected, ratio, p_value, surprise, keywords (a list)."""
    cfg = cfg or default_config()
    p = {
        **params,
        "category": params.get("category"),
        "baseline_months": cfg.baseline_months,
        "min_count": cfg.min_count,
        "pairs": None,
    }
    found = judge(fetch("tickets/hotspot_cells", p), cfg)
    hot = (
        found[found["hot"]]
        .sort_values(
            ["p_value", "n", "month", "community_code", "subcategory"], ascending=[True, False, True, True, True]
        )
        .reset_index(drop=True)
    )
    hot["keywords"] = [[] for _ in range(len(hot))]
    if with_keywords and len(hot) and cfg.keywords:
        cells = hot[["month", "community_code", "category", "subcategory"]]
        keys = [cell_key(*r) for r in cells.itertuples(index=False)]
        first = pd.Timestamp(hot["month"].min()).date()
        last = _month_end(pd.Timestamp(hot["month"].max()).date())
        texts = fetch(
            "tickets/hotspot_texts",
            {**params, "texts_from": first, "texts_to": last, "cells": keys, "texts_per_cell": cfg.texts_per_cell},
        )
        by_cell = texts.groupby("cell")["description"].apply(list).to_dict() if len(texts) else {}
        hot["keywords"] = [kw.extract(by_cell.get(k, []), cfg.keywords) for k in keys]
    return hot


def as_json(hot: pd.DataFrame) -> list[dict]:
    """Hot spots as the report's JSON: unit_code, unit_name, category, subcategory, keywords, count,
    expected, ratio, and month, p_value, street."""

    def plain(v):
        return None if v is None or pd.isna(v) else v

    out = []
    for r in hot.itertuples(index=False):
        out.append(
            {
                "unit_code": r.community_code,
                "unit_name": plain(r.community),
                "category": r.category,
                "subcategory": r.subcategory,
                "keywords": list(r.keywords),
                "count": int(r.n),
                "expected": float(r.expected),
                "ratio": float(r.ratio),
                "month": f"{pd.Timestamp(r.month):%Y-%m}",
                "p_value": float(r.p_value),
                "street": plain(r.street),
            }
        )
    return out


def hotspots(fetch: Fetch, params: dict, cfg: HotspotConfig | None = None, with_keywords: bool = True) -> list[dict]:
    """The report's `hotspots[]` for the window and scope in `params` (the filter bar's parameters,
    optionally `category`)."""
    return as_json(hot_frame(fetch, params, cfg, with_keywords))


def last_months(end: dt.date, as_of: dt.datetime | dt.date, months: int) -> tuple[dt.date, dt.date]:
    """[first, end) of the `months` calendar months ending with the last month that starts before
    `end` and not after as_of."""
    as_of_day = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    last = min(end - dt.timedelta(days=1), as_of_day).replace(day=1)
    first = (pd.Timestamp(last) - pd.DateOffset(months=months - 1)).date()
    return first, _month_end(last)


def proactive(fetch: Fetch, params: dict, cfg: HotspotConfig | None = None) -> pd.DataFrame:
    """未诉先办 candidates: community x subcategory pairs that were hot spots in at least
    min_hot_months of the last `proactive_months` months up to the window's end, with their history.
    One row per pair, most hot months first: community_code, community, street, category,
    subcategory, hot_months, total, and history (a list of {month, count, expected, hot})."""
    cfg = cfg or default_config()
    first, end = last_months(params["date_to"], params["as_of"], cfg.proactive_months)
    window = {**params, "date_from": first, "date_to": end}
    hot = hot_frame(fetch, window, cfg, with_keywords=False)
    cols = ["community_code", "community", "street", "category", "subcategory", "hot_months", "total", "history"]
    if hot.empty:
        return pd.DataFrame(columns=cols)
    counts = hot.groupby(["community_code", "category", "subcategory"]).size()
    pairs = counts[counts >= cfg.min_hot_months]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    keys = [f"{c}|{a}|{s}" for c, a, s in pairs.index]
    hist = judge(
        fetch(
            "tickets/hotspot_cells",
            {
                **window,
                "category": params.get("category"),
                "baseline_months": cfg.baseline_months,
                "min_count": cfg.min_count,
                "pairs": keys,
            },
        ),
        cfg,
    )
    rows = []
    for (code, cat, sub), g in hist.groupby(["community_code", "category", "subcategory"], sort=False):
        g = g.sort_values("month")
        rows.append(
            {
                "community_code": code,
                "community": g["community"].iloc[0],
                "street": g["street"].iloc[0],
                "category": cat,
                "subcategory": sub,
                "hot_months": int(g["hot"].sum()),
                "total": int(g["n"].sum()),
                "history": [
                    {"month": f"{pd.Timestamp(m):%Y-%m}", "count": int(n), "expected": float(e), "hot": bool(h)}
                    for m, n, e, h in zip(g["month"], g["n"], g["expected"], g["hot"])
                ],
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(
        ["hot_months", "total", "community_code", "subcategory"], ascending=[False, False, True, True]
    ).reset_index(drop=True)


def report_section(fetch: Fetch, params: dict, context: dict | None = None) -> list[dict]:
    """The report's `hotspots` section (grassroots/report/sections.py): hotspots() for its window."""
    return hotspots(fetch, params)
