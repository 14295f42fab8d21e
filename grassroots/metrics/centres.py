"""Centre activity and service metrics that are not SQL: the extended-hours parameter, the
minimum-n ranking of centres, and a centre's standing among its peers (no database, no streamlit)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from grassroots import config

# the 1+6+X functions (docs/domain.md), in the order they are reported
CATEGORIES = ("幼有所育", "老有所养", "病有所医", "食有所安", "居有所乐", "事有所办", "其他")
CHANNELS = ("窗口", "网上办", "掌上办", "自助终端", "帮代办", "上门服务")
# channel groups of rollup_service_hours_monthly (009): group -> its column and the channels it holds
CHANNEL_GROUPS = {
    "window": ("n_window", ("窗口",)),
    "online": ("n_online", ("网上办", "掌上办")),
    "kiosk": ("n_kiosk", ("自助终端",)),
    "proxy": ("n_proxy", ("帮代办",)),
    "home": ("n_home", ("上门服务",)),
}
RATINGS = (5, 4, 3, 2, 1)  # 5 非常满意, 4 满意, 3 基本满意, 1 不满意 (2 only from sources that use 1-5)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def extended_spans(cfg: config.AppConfig | None = None) -> list[list[int]]:
    """config/app.toml [extended_hours] as the $ext_spans parameter of the in_extended_hours macro:
    [[1 weekend or 0 weekday, start minute, end minute], ...] (end exclusive)."""
    cfg = cfg or config.app()
    return ([[0, _minutes(a), _minutes(b)] for a, b in cfg.extended_weekday]
            + [[1, _minutes(a), _minutes(b)] for a, b in cfg.extended_weekend])


def rank_min_n(frame: pd.DataFrame, value: str, n_column: str, min_n: int) -> pd.DataFrame:
    """Rank units on `value` (1 = highest) among those with at least `min_n` cases in `n_column`.

    Every unit is kept; those under the minimum get `ranked = False` and no rank (the minimum-n rule:
    a centre with a handful of activities must not top, or tail, the list). Sorted ranked first, by
    rank, then the unranked by `n_column` descending."""
    out = frame.copy()
    out["ranked"] = out[n_column].fillna(0) >= min_n
    values = pd.to_numeric(out[value], errors="coerce").where(out["ranked"])
    out["rank"] = values.rank(ascending=False, method="min").astype("Int64")
    out["_n"] = out[n_column].fillna(0)
    out = out.sort_values(["ranked", "rank", "_n"], ascending=[False, True, False], na_position="last")
    return out.drop(columns="_n").reset_index(drop=True)


@dataclass(frozen=True)
class Metric:
    key: str            # string key metric.<key>, and the column in its query's frame
    source: str         # the query whose by-centre frame holds it
    kind: str           # count | share | per1000 | number | hours
    higher_is_better: bool | None = True   # None: neither (e.g. volume of home visits)


# everything the centre profile compares with the peers, by the query that defines it
PROFILE_METRICS = (
    Metric("activities", "activities/by_centre", "count"),
    Metric("person_visits", "activities/by_centre", "count"),
    Metric("activities_per_1000", "activities/by_centre", "per1000"),
    Metric("visits_per_1000", "activities/by_centre", "per1000"),
    Metric("weekend_share", "activities/by_centre", "share"),
    Metric("extended_share", "activities/by_centre", "share"),
    Metric("activity_volunteers", "activities/by_centre", "count"),
    Metric("services", "services/by_centre", "count"),
    Metric("services_per_staff", "services/by_centre", "number"),
    Metric("online_share", "services/by_centre", "share"),
    Metric("proxy_share", "services/by_centre", "share", None),
    Metric("home_share", "services/by_centre", "share", None),
    Metric("tongban_share", "services/by_centre", "share"),
    Metric("service_extended_share", "services/by_centre", "share"),
    Metric("satisfaction_rate", "services/by_centre", "share"),
    Metric("unused_share", "services/by_centre", "share", False),
    Metric("volunteers", "volunteers/by_centre", "count"),
    Metric("volunteer_hours", "volunteers/by_centre", "number"),
)


def _num(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def peer_comparison(frame: pd.DataFrame, centre_id: str, metrics=PROFILE_METRICS) -> pd.DataFrame:
    """One row per metric: the centre's value, the median of its peers (every other row of `frame`,
    which holds the centres of its type) and how many peers had a value.

    columns: key, kind, higher_is_better, value, peer_median, peers, vs_peers (value ÷ peer median - 1,
    None when the median is 0 or missing), standing ('better' / 'worse' / 'level' / None)."""
    me = frame[frame["centre_id"] == centre_id]
    others = frame[frame["centre_id"] != centre_id]
    rows = []
    for m in metrics:
        value = _num(me[m.key].iloc[0]) if len(me) and m.key in me else None
        pool = pd.to_numeric(others[m.key], errors="coerce").dropna() if m.key in others else pd.Series(dtype=float)
        median = float(pool.median()) if len(pool) else None
        vs = None if value is None or not median else value / median - 1.0
        standing = None
        if value is not None and median is not None and m.higher_is_better is not None:
            if math.isclose(value, median, rel_tol=1e-9, abs_tol=1e-12):
                standing = "level"
            else:
                standing = "better" if (value > median) == m.higher_is_better else "worse"
        rows.append({"key": m.key, "kind": m.kind, "higher_is_better": m.higher_is_better, "value": value,
                     "peer_median": median, "peers": int(len(pool)), "vs_peers": vs, "standing": standing})
    out = pd.DataFrame(rows)
    for col in ("value", "peer_median", "vs_peers"):
        out[col] = out[col].astype(float)
    return out


def fmt(kind: str, v) -> str:
    """A metric value as the pages show it."""
    v = _num(v)
    if v is None:
        return "—"
    if kind == "share":
        return f"{v * 100:.1f}%"
    if kind == "per1000":
        return f"{v:,.2f}"
    if kind == "number":
        return f"{v:,.1f}"
    if kind == "hours":
        return f"{v:.1f} h" if v < 48 else f"{v / 24:.1f} d"
    return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"  # a count; a median of counts may fall between
