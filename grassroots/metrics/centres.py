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
    return [[0, _minutes(a), _minutes(b)] for a, b in cfg.extended_weekday] + [
        [1, _minutes(a), _minutes(b)] for a, b in cfg.extended_weekend
    ]


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
    key: str  # string key metric.<key>, and the column in its query's frame
    source: str  # the query whose by-centre frame holds it
    kind: str  # count | share | per1000 | number | hours
    higher_is_better: bool | None = True  # None: neither (e.g. volume of home visits)


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


def peer_comparison(
    frame: pd.DataFrame, centre_id: str, metrics=PROFILE_METRICS, tolerance_pp: float = 0.0, tolerance_pct: float = 0.0
) -> pd.DataFrame:
    """One row per metric: the centre's value, the median of its peers (every other row of `frame`,
    which holds the centres of its type) and how many peers had a value.

    The difference from the median is in percentage points for shares ((value − median) × 100) and
    in percent of the median for everything else ((value ÷ median − 1) × 100; None when the median is
    0 or missing). The centre is better or worse than its peers only when the difference goes beyond
    the tolerance (`tolerance_pp` points for shares, `tolerance_pct` percent otherwise); within it
    the two are similar. A median of 0 leaves only an exact 0 similar.

    columns: key, kind, higher_is_better, value, peer_median, peers, diff, diff_unit ('pp' or '%'),
    standing ('better' / 'worse' / 'similar' / None when neither direction is better, or no value)."""
    me = frame[frame["centre_id"] == centre_id]
    others = frame[frame["centre_id"] != centre_id]
    rows = []
    for m in metrics:
        value = _num(me[m.key].iloc[0]) if len(me) and m.key in me else None
        pool = pd.to_numeric(others[m.key], errors="coerce").dropna() if m.key in others else pd.Series(dtype=float)
        median = float(pool.median()) if len(pool) else None
        diff, unit, within = peer_difference(m.kind, value, median, tolerance_pp, tolerance_pct)
        standing = None
        if within is not None and value is not None and median is not None and m.higher_is_better is not None:
            standing = "similar" if within else ("better" if (value > median) == m.higher_is_better else "worse")
        rows.append(
            {
                "key": m.key,
                "kind": m.kind,
                "higher_is_better": m.higher_is_better,
                "value": value,
                "peer_median": median,
                "peers": int(len(pool)),
                "diff": diff,
                "diff_unit": unit,
                "standing": standing,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["key", "kind", "higher_is_better", "value", "peer_median", "peers", "diff", "diff_unit", "standing"],
    )
    for col in ("value", "peer_median", "diff"):
        out[col] = out[col].astype(float)
    return out


def peer_difference(
    kind: str, value, median, tolerance_pp: float = 0.0, tolerance_pct: float = 0.0
) -> tuple[float | None, str, bool | None]:
    """(difference, its unit, whether it lies within the tolerance) of a value from its peers' median:
    percentage points for a share, percent of the median otherwise. The difference is None where it
    cannot be stated (no value, no median, or a median of 0 for a percent); `within` is None only when
    there is nothing to compare."""
    value, median = _num(value), _num(median)
    unit = "pp" if kind == "share" else "%"
    if value is None or median is None:
        return None, unit, None
    eps = 1e-9
    if kind == "share":
        diff = (value - median) * 100.0
        return diff, unit, abs(diff) <= tolerance_pp + eps
    if median == 0:
        return None, unit, abs(value) <= eps
    diff = (value / median - 1.0) * 100.0
    return diff, unit, abs(diff) <= tolerance_pct + eps


def fmt_difference(diff, unit: str) -> str:
    """A difference from the peers' median as the profile shows it: +0.2 pp, −7.7%."""
    d = _num(diff)
    if d is None:
        return "—"
    return f"{d:+.1f} pp" if unit == "pp" else f"{d:+.1f}%"


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


def item_labels(names: pd.Series, codes: pd.Series) -> pd.Series:
    """The label of each service item: its name, followed by its code where another code in the same
    list has the same name (两个编码同名的事项各自成条)."""
    names = names.fillna("").astype(str).where(names.notna() & (names.astype(str) != ""), codes.astype(str))
    codes_per_name = pd.Series(codes.astype(str).values, index=names.values).groupby(level=0).nunique()
    shared = names.map(codes_per_name).fillna(1) > 1
    return names.where(~shared, names + "（" + codes.astype(str) + "）")


def items_by_total(frame: pd.DataFrame, value: str = "services") -> pd.DataFrame:
    """Service items (one row per item code, as services/by_item gives them) with a `label` column
    (item_labels) in descending order of `value`, ties by code: one bar per item, largest first."""
    out = frame.assign(label=item_labels(frame["item_name"], frame["item_code"]))
    return out.sort_values([value, "item_code"], ascending=[False, True], kind="stable").reset_index(drop=True)
