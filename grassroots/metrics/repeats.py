"""Repeat complaints (重复诉求): tickets about the same place and problem within N days, and re-reports
after a closure. No Streamlit, no database: data comes through `fetch(query_name, params)`.

- Place and problem: the same address (where the export has one) and subcategory; a ticket without
  an address: the same grid and subcategory, and a text similar to an earlier one's (the Jaccard
  similarity of their character pairs at least `text_similarity`).
- A group is a chain of such tickets, each within `window_days` of the one before it (for texts: of
  the similar one). Its first ticket is the original; every later one is a repeat.
- A re-report after closure: a repeat reported after an earlier ticket of its group was closed.
- count: repeats reported in the window; rate_pct = count / received tickets of the window x 100.
  By unit and department, the same division within each community or department.

`repeats()` is the report's `repeats{}` and what a supervision list (督办) reads: each group names its
tickets, and whether the problem came back after a ticket about it was closed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from grassroots.metrics.hotspot_config import HotspotConfig
from grassroots.metrics.hotspot_config import hotspots as default_config

Fetch = Callable[[str, dict], pd.DataFrame]
_CHARS = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def bigrams(text) -> frozenset[str]:
    s = _CHARS.sub("", text) if isinstance(text, str) else ""
    if len(s) < 2:
        return frozenset([s]) if s else frozenset()
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def similarity(a, b) -> float:
    """Jaccard similarity of two texts' character pairs (0 when either is empty)."""
    x, y = (a if isinstance(a, frozenset) else bigrams(a)), (b if isinstance(b, frozenset) else bigrams(b))
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Repeats:
    tickets: pd.DataFrame  # every candidate with group (-1: none), is_repeat, after_closure, in_window
    groups: pd.DataFrame  # one row per group with a repeat in the window, largest first
    base: pd.DataFrame  # received by community and department (tickets/repeat_base)
    count: int
    after_closure: int  # repeats in the window reported after a closure in their group
    received: int

    @property
    def rate_pct(self) -> float | None:
        return None if not self.received else round(100.0 * self.count / self.received, 2)


def assign_groups(cands: pd.DataFrame, window_days: int, threshold: float) -> pd.DataFrame:
    """Group the rows of tickets/repeat_candidates (sorted by place, subcategory, time): adds group,
    is_repeat, after_closure (this ticket came after an earlier ticket of its group was closed)."""
    out = cands.sort_values(["place_key", "subcategory", "reported_at", "ticket_id"]).reset_index(drop=True)
    n = len(out)
    group = [-1] * n
    after = [False] * n
    span = pd.Timedelta(days=window_days)
    keys = list(zip(out["place_key"], out["subcategory"]))
    kinds = out["place_kind"].tolist()
    times = pd.to_datetime(out["reported_at"]).tolist()
    closed = [
        c if s == "closed" and pd.notna(c) else None
        for c, s in zip(pd.to_datetime(out["closed_at"]).tolist(), out["status"].tolist())
    ]
    grams = [bigrams(t) if k == "grid" else None for t, k in zip(out["description"].tolist(), kinds)]
    next_group = 0
    start = 0
    while start < n:
        end = start
        while end < n and keys[end] == keys[start]:
            end += 1
        for i in range(start, end):
            # the ticket this one repeats: the latest earlier one within the window (same address), or
            # the most similar earlier one within the window (same grid)
            best, best_sim = None, -1.0
            j = i - 1
            while j >= start and times[i] - times[j] <= span:
                if kinds[i] == "address":
                    best = j
                    break
                s = similarity(grams[i], grams[j])
                if s >= threshold and s > best_sim:
                    best, best_sim = j, s
                j -= 1
            if best is None:
                continue
            if group[best] < 0:
                group[best] = next_group
                next_group += 1
            group[i] = group[best]
        start = end
    out["group"] = group
    first = {}
    for i, g in enumerate(group):
        if g >= 0 and g not in first:
            first[g] = i
    out["is_repeat"] = [g >= 0 and first[g] != i for i, g in enumerate(group)]
    # after a closure: an earlier ticket of the group was closed before this one was reported
    earliest_close: dict[int, pd.Timestamp] = {}
    for i, g in enumerate(group):
        if g < 0:
            continue
        c = earliest_close.get(g)
        after[i] = c is not None and c < times[i]
        if closed[i] is not None and (c is None or closed[i] < c):
            earliest_close[g] = closed[i]
    out["after_closure"] = after
    return out


def analyse(fetch: Fetch, params: dict, cfg: HotspotConfig | None = None) -> Repeats:
    cfg = cfg or default_config()
    p = {**params, "category": params.get("category"), "repeat_days": cfg.repeat_days}
    cands = fetch("tickets/repeat_candidates", p)
    base = fetch("tickets/repeat_base", p)
    received = int(base["received"].sum()) if len(base) else 0
    cols = [
        "group",
        "unit_code",
        "unit_name",
        "street",
        "grid_code",
        "address",
        "place_kind",
        "category",
        "subcategory",
        "ticket_ids",
        "tickets",
        "repeats",
        "after_closure",
        "first_reported",
        "last_reported",
    ]
    if cands.empty:
        t = cands.assign(
            group=pd.Series(dtype=int),
            is_repeat=pd.Series(dtype=bool),
            after_closure=pd.Series(dtype=bool),
            in_window=pd.Series(dtype=bool),
        )
        return Repeats(t, pd.DataFrame(columns=cols), base, 0, 0, received)
    t = assign_groups(cands, cfg.repeat_days, cfg.text_similarity)
    lo, hi = pd.Timestamp(params["date_from"]), pd.Timestamp(params["date_to"])
    rep = pd.to_datetime(t["reported_at"])
    t["in_window"] = (rep >= lo) & (rep < hi)
    counted = t["is_repeat"] & t["in_window"]
    live = set(t.loc[counted, "group"])
    rows = []
    for g, members in t[t["group"].isin(live)].groupby("group", sort=False):
        members = members.sort_values(["reported_at", "ticket_id"])
        first = members.iloc[0]
        addresses = members["reporter_address"].dropna()
        rows.append(
            {
                "group": int(g),
                "unit_code": first["community_code"],
                "unit_name": first["community"],
                "street": first["street"],
                "grid_code": first["grid_code"],
                "address": addresses.iloc[0] if first["place_kind"] == "address" and len(addresses) else None,
                "place_kind": first["place_kind"],
                "category": first["category"],
                "subcategory": first["subcategory"],
                "ticket_ids": members["ticket_id"].tolist(),
                "tickets": len(members),
                "repeats": int((members["is_repeat"] & members["in_window"]).sum()),
                "after_closure": bool(members["after_closure"].any()),
                "first_reported": members["reported_at"].min(),
                "last_reported": members["reported_at"].max(),
            }
        )
    groups = pd.DataFrame(rows, columns=cols)
    if len(groups):
        groups = (
            groups.sort_values(
                ["tickets", "after_closure", "last_reported", "group"], ascending=[False, False, False, True]
            )
            .head(cfg.max_groups)
            .reset_index(drop=True)
        )
    return Repeats(t, groups, base, int(counted.sum()), int((counted & t["after_closure"]).sum()), received)


def rates_by(result: Repeats, dim: str) -> pd.DataFrame:
    """Repeat rate by `dim` ('community' or 'department'): received, repeats, after_closure, rate_pct;
    highest rate first (units with no repeat included, at 0)."""
    key = "community_code" if dim == "community" else "department"
    labels = ["community_code", "community", "street"] if dim == "community" else ["department"]
    base = result.base.groupby(labels, dropna=False, as_index=False)["received"].sum()
    t = result.tickets
    counted = t[t["is_repeat"] & t["in_window"]].copy()
    if dim == "department":
        counted["department"] = counted["department"].fillna("")
    agg = counted.groupby(key).agg(repeats=("ticket_id", "size"), after_closure=("after_closure", "sum")).reset_index()
    out = base.merge(agg, on=key, how="left")
    out["repeats"] = out["repeats"].fillna(0).astype(int)
    out["after_closure"] = out["after_closure"].fillna(0).astype(int)
    out["rate_pct"] = (100.0 * out["repeats"] / out["received"].where(out["received"] > 0)).round(2)
    return out.sort_values(["rate_pct", "repeats", key], ascending=[False, False, True]).reset_index(drop=True)


def _plain(v):
    """A JSON value: missing (None, NaN, NA) as None."""
    return None if v is None or (not isinstance(v, (list, str)) and pd.isna(v)) else v


def as_json(result: Repeats) -> dict:
    """The report's `repeats{count, rate_pct, groups[{unit_code, grid_code, address, subcategory,
    ticket_ids[], after_closure}]}`."""
    return {
        "count": result.count,
        "rate_pct": result.rate_pct,
        "groups": [
            {
                "unit_code": _plain(g.unit_code),
                "grid_code": _plain(g.grid_code),
                "address": _plain(g.address),
                "subcategory": _plain(g.subcategory),
                "ticket_ids": list(g.ticket_ids),
                "after_closure": bool(g.after_closure),
            }
            for g in result.groups.itertuples(index=False)
        ],
    }


def repeats(fetch: Fetch, params: dict, cfg: HotspotConfig | None = None) -> dict:
    """The report's `repeats{}` for the window and scope in `params`. The address is as `fetch`
    returns it: the page's gated fetch masks it for roles that may not see personal data."""
    return as_json(analyse(fetch, params, cfg))


def report_section(fetch: Fetch, params: dict, context: dict | None = None) -> dict:
    """The report's `repeats` section (grassroots/report/sections.py): repeats() for its window."""
    return repeats(fetch, params)
