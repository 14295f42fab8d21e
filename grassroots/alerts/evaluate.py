"""Which alert rules fire, where, at a moment: `evaluate(fetch, rules, at, scope)`.

Every value comes from the queries the pages use: the ticket rates per street or community from
tickets/rates (the tickets page's breakdowns), overdue open tickets from supervision/list (the 督办
list), volumes from tickets/rates' counts, pilot targets from overview/programme_progress with the
overview's traffic-light rule. A unit whose value rests on fewer than the rule's min_n cases is not
judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from grassroots import periods
from grassroots.alerts.rules import Rule
from grassroots.metrics.ticket_config import load as ticket_config

Fetch = Callable[[str, dict], pd.DataFrame]

RATE_COLUMNS = {  # metric -> (rate column, its denominator)
    "on_time_pct": ("on_time_rate", "on_time_d"),
    "satisfaction_pct": ("satisfaction_rate", "rated_n"),
    "closure_rate_pct": ("closure_rate", "due_to_close"),
}


def _window(at: dt.datetime, days: int) -> tuple[dt.date, dt.date]:
    end = at.date() + dt.timedelta(days=1)
    return end - dt.timedelta(days=days), end


def _rates(fetch: Fetch, scope: dict, at: dt.datetime, start: dt.date, end: dt.date, dim: str) -> pd.DataFrame:
    frame = fetch(
        "tickets/rates",
        {
            **scope,
            "as_of": at,
            "date_from": start,
            "date_to": end,
            "category": None,
            "grain": "month",
            "dim": dim,
            "escalated_only": False,
            "own_due_only": False,
            "response_hours": ticket_config().response_hours,
        },
    )
    return frame[~frame["is_total"] & (frame["grp"] != "")]


def _fired(rule: Rule, code: str, name: str, value: float, n: int | None, start: dt.date, end: dt.date) -> dict:
    return {
        "rule": rule.key,
        "rule_name": rule.name,
        "rule_name_en": rule.name_en,
        "metric": rule.metric,
        "level": rule.level,
        "unit_code": code,
        "unit_name": name,
        "value": round(float(value), 2),
        "threshold": rule.threshold,
        "op": rule.op,
        "n": n,
        "window": {"from": start.isoformat(), "to": (end - dt.timedelta(days=1)).isoformat()},
        "value_text": _text(rule.metric, value),
        "threshold_text": f"{rule.op} {_text(rule.metric, rule.threshold)}",
    }


def _text(metric: str, v: float) -> str:
    if metric.endswith("_pct"):
        return f"{v:.1f}%"
    return f"{v:,.0f}"


def _names(fetch: Fetch) -> dict[str, str]:
    regions = fetch("common/regions", {})
    return dict(zip(regions["code"], regions["name"]))


def evaluate(fetch: Fetch, rules: tuple[Rule, ...], at: dt.datetime, scope: dict) -> list[dict]:
    """Every (rule, unit) that fires at `at` within `scope` (region, centre_id, centre_type, pilot_batch)."""
    scope = {k: scope.get(k) for k in ("region", "centre_id", "centre_type", "pilot_batch")}
    scope["region"] = scope["region"] or ""
    out: list[dict] = []
    names: dict[str, str] | None = None
    for rule in rules:
        start, end = _window(at, rule.window_days)
        if rule.metric in RATE_COLUMNS:
            col, den = RATE_COLUMNS[rule.metric]
            for r in _rates(fetch, scope, at, start, end, rule.level).itertuples():
                n = int(getattr(r, den) or 0)
                v = getattr(r, col)
                if n < max(rule.min_n, 1) or v is None or pd.isna(v):
                    continue
                if rule.fires(v * 100.0):
                    out.append(_fired(rule, r.grp, r.label, v * 100.0, n, start, end))
        elif rule.metric == "overdue_open":
            listed = fetch("supervision/list", {**scope, "at": at, "margin_days": 0.0, "repeat_ids": []})
            listed = listed[listed["overdue"]]
            key = "street_code" if rule.level == "street" else "community_code"
            counts = listed.groupby(key).size()
            names = names or _names(fetch)
            for code, n in counts.items():
                if n >= rule.min_n and rule.fires(float(n)):
                    out.append(_fired(rule, code, names.get(code, code), float(n), int(n), start, end))
        elif rule.metric == "volume_change_pct":
            now = _rates(fetch, scope, at, start, end, rule.level).set_index("grp")
            b_start, b_end = periods._add_months(start, -1), periods._add_months(start, -1) + (end - start)
            base = _rates(fetch, scope, at, b_start, b_end, rule.level).set_index("grp")
            for code, r in now.iterrows():
                n, b = int(r["n"]), int(base["n"].get(code, 0)) if code in base.index else 0
                if n < max(rule.min_n, 1) or b == 0:
                    continue  # no base: a change from nothing is not a percentage
                change = (n - b) / b * 100.0
                if rule.fires(change):
                    out.append(_fired(rule, code, r["label"], change, n, start, end))
        elif rule.metric == "pilot_behind":
            progress = fetch("overview/programme_progress", {**scope, "as_of": at})
            names = names or _names(fetch)
            for p in progress.itertuples():
                due = pd.Timestamp(p.target_date).date()
                reached = (
                    0.0 if p.actual_at_target is None or pd.isna(p.actual_at_target) else float(p.actual_at_target)
                )
                if due < at.date() and reached + 1e-9 < float(p.target_value) and rule.fires(1.0):
                    fired = _fired(rule, p.region_code, names.get(p.region_code, p.region_code), 1.0, None, start, end)
                    fired.update(
                        programme=str(p.programme),
                        target=str(p.label),
                        target_date=due.isoformat(),
                        value_text=f"{reached:g} / {float(p.target_value):g}",
                        threshold_text=str(p.label),
                    )
                    out.append(fired)
    return out
