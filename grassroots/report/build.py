"""The report as data: every number the report's files show, computed by the functions the pages use.

`build(fetch, period, scope)` returns a plain dict (the report's `.json`), which the `.docx`, `.pdf`
and `.xlsx` writers lay out and the written summary reads. Nothing in the files is computed anywhere
else, so a test that compares a page with the JSON compares it with every file.

`fetch(query_name, params) -> DataFrame` is the page's cached query function or `sql.run` bound to a
connection: this module knows no database and no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from grassroots import config, fmt, i18n, periods, privacy
from grassroots.errors import Refused
from grassroots.metrics import targets
from grassroots.metrics.ticket_config import load as ticket_config
from grassroots.report import summary
from grassroots.report.period import Period

Fetch = Callable[[str, dict], pd.DataFrame]

# report key -> (overview/kpis column or tickets/rates total column, source, kind)
KPI_SOURCES = {
    "tickets_received": ("received", "kpis", "count"),
    "tickets_closed": ("closed", "kpis", "count"),
    "median_hours_to_close": ("median_hours_to_close", "kpis", "hours"),
    "p90_hours_to_close": ("p90_hours", "rates", "hours"),
    "on_time_pct": ("on_time_rate", "kpis", "rate"),
    "closure_rate_pct": ("closure_rate", "rates", "rate"),
    "activities": ("activities", "kpis", "count"),
    "person_visits": ("person_visits", "kpis", "count"),
    "services": ("services", "kpis", "count"),
    "online_share_pct": ("online_share", "kpis", "rate"),
    "satisfaction_pct": ("satisfaction_rate", "kpis", "rate"),
}
KPI_ORDER = tuple(KPI_SOURCES)
# report key -> the metric catalogue's key (grassroots/metrics/catalogue.toml): names and definitions
CATALOGUE_KEYS = {
    "tickets_received": "received",
    "tickets_closed": "closed",
    "median_hours_to_close": "median_hours_to_close",
    "p90_hours_to_close": "p90_hours_to_close",
    "on_time_pct": "on_time_rate",
    "closure_rate_pct": "closure_rate",
    "activities": "activities",
    "person_visits": "person_visits",
    "services": "services",
    "online_share_pct": "online_share",
    "satisfaction_pct": "satisfaction_rate",
}


def _value(v, kind: str) -> float | int | None:
    """A JSON value: counts as integers, rates in percent (0-100) to 2 decimals, hours to 2."""
    f = fmt.number(v)
    if f is None:
        return None
    if kind == "count":
        return int(round(f))
    if kind == "rate":
        return round(f * 100.0, 2)
    return round(f, 2)


def scope_params(scope: str | None, as_of: dt.datetime) -> dict:
    """Query parameters for a scope code ('' or None: the whole database; 6/9/12 digits: a region;
    `centre:<id>`: one centre)."""
    code = (scope or "").strip()
    centre = None
    if code.startswith("centre:"):
        centre, code = code[len("centre:") :], ""
    return {"region": code, "centre_id": centre, "centre_type": None, "pilot_batch": None, "as_of": as_of}


def scope_name(fetch: Fetch, scope: str | None, lang: str = "zh") -> str:
    code = (scope or "").strip()
    if not code:
        return "全部区县" if lang == "zh" else "All districts"
    if code.startswith("centre:"):
        cid = code[len("centre:") :]
        centres = fetch("common/centres", {})
        hit = centres[centres["centre_id"] == cid]
        return str(hit["name"].iloc[0]) if len(hit) else cid
    regions = fetch("common/regions", {})
    names = dict(zip(regions["code"], regions["name"]))
    if code not in names:
        raise KeyError(code)
    # 官渡区 · 关上街道: the district first, for a street or a community
    chain = [names[code[:n]] for n in (6, 9, 12) if len(code) >= n and code[:n] in names]
    return " · ".join(chain)


def as_of_of(fetch: Fetch) -> dt.datetime:
    frame = fetch("common/data_as_of", {})
    ts = frame["newest_record"].iloc[0] if len(frame) else None
    if ts is None or pd.isna(ts):
        return dt.datetime.combine(dt.date.today(), dt.time())
    return pd.Timestamp(ts).to_pydatetime()


def outside_data(fetch: Fetch, period: Period, day: dt.date, lang: str = "zh") -> Refused | None:
    """Why there is no report of `period` when the data runs to `day`, or None. A period the data does not
    reach (wholly after its newest record or before its oldest, as the filters' warning judges a window)
    would read 0 in every figure and "-100%" beside the year before."""
    w = period.window(day)
    if w.start > day:
        return Refused("report.after_data", period=period.label(lang), as_of=day.isoformat())
    oldest = oldest_record(fetch)
    if oldest is not None and w.end <= oldest:
        return Refused("report.before_data", period=period.label(lang), oldest=oldest.isoformat())
    return None


def oldest_record(fetch: Fetch) -> dt.date | None:
    """The first day any record starts on (common/data_as_of), or None for a database without records."""
    frame = fetch("common/data_as_of", {})
    ts = frame["oldest_record"].iloc[0] if len(frame) else None
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).date()


def _rates_params(base: dict) -> dict:
    return {
        **base,
        "category": None,
        "grain": "month",
        "dim": "",
        "escalated_only": False,
        "own_due_only": False,
        "response_hours": ticket_config().response_hours,
    }


def kpi_values(fetch: Fetch, params: dict) -> dict:
    """The report's KPIs for one window: overview/kpis (the overview's cards) and the tickets page's
    headline row of tickets/rates."""
    row = fetch("overview/kpis", params).iloc[0]
    rates = fetch("tickets/rates", _rates_params(params))
    head = rates[rates["is_total"]]
    head_row = head.iloc[0] if len(head) else None
    out = {}
    for key, (col, source, kind) in KPI_SOURCES.items():
        v = row.get(col) if source == "kpis" else (None if head_row is None else head_row.get(col))
        out[key] = _value(v, kind)
    return out


def _change(cur, base, kind: str) -> float | None:
    """同比/环比 of a report value: percent for counts and hours, percentage points for rates (the
    report's rates are already in percent)."""
    if cur is None or base is None:
        return None
    if kind == "rate":
        return round(cur - base, 2)
    if base == 0:
        return None
    return round((cur - base) / base * 100.0, 2)


def comparisons(now: dict, prev: dict | None, year: dict) -> dict:
    out = {}
    for key, (_, _, kind) in KPI_SOURCES.items():
        out[key] = {
            "yoy": _change(now[key], year[key], kind),
            "mom": None if prev is None else _change(now[key], prev[key], kind),
        }
    return out


def programme_progress(fetch: Fetch, params: dict, on: dt.date, lang: str = "zh") -> list[dict]:
    cfg = config.app()
    progress = fetch("overview/programme_progress", params)
    out = []
    lights = targets.lights(progress, on, cfg.yellow_gap)  # None: a wider region's count, not judged
    for r, light in zip(progress.itertuples(), lights):
        wider = getattr(r, "target_scope", "own") == "wider"
        level = "district" if len(str(r.region_code)) <= 6 else "street"
        out.append(
            {
                "programme": str(r.programme),
                "target": str(r.label),
                "metric": str(r.metric),
                "target_value": fmt.number(r.target_value),
                "target_date": pd.Timestamp(r.target_date).date().isoformat(),
                "actual": fmt.number(r.actual_at_target),
                "actual_now": fmt.number(r.actual_now),
                "light": light,
                "target_for": i18n.t(f"overview.scope.wider_{level}", lang, region=r.target_region or r.region_code)
                if wider
                else None,
            }
        )
    return out


def _masked(fetch: Fetch) -> Fetch:
    def masked(name: str, params: dict) -> pd.DataFrame:
        return privacy.mask_frame(fetch(name, params), may_see_personal=False)

    return masked


def build(
    fetch: Fetch,
    period: Period,
    scope: str | None = None,
    lang: str = "zh",
    as_of: dt.datetime | None = None,
    generated_at: dt.datetime | None = None,
    extras: dict[str, Callable[[Fetch, dict, dict], object]] | None = None,
) -> dict:
    """The report for `period` and `scope`. `extras` adds sections computed by other modules
    (`ranking`, `hotspots`, `repeats`, `alerts`, `supervision`, `definitions`): each a callable
    `(fetch, params, context) -> JSON value`. A report travels to chat groups and mailboxes: every
    frame it reads has its personal columns masked (grassroots/schema/personal.toml), whoever made it."""
    fetch = _masked(fetch)
    as_of = as_of or as_of_of(fetch)
    day = as_of.date()
    w = period.window(day)
    refused = outside_data(fetch, period, day, lang)
    if refused is not None:
        raise refused
    # what the period is compared with: the pages' one function (a year: 同比 only; a custom window: the
    # preceding window of equal length; a running period: the same days)
    by_key = {c.key: c for c in periods.comparisons(period.kind, w)}
    first = by_key.get(periods.PREVIOUS) or by_key.get(periods.PRECEDING)
    prev_w = None if first is None else first.window
    year_w = by_key[periods.YEAR_AGO].window
    base = scope_params(scope, as_of)
    params = {**base, **w.params()}
    now = kpi_values(fetch, params)
    prev = None if prev_w is None else kpi_values(fetch, {**base, **prev_w.params()})
    year = kpi_values(fetch, {**base, **year_w.params()})
    complete = period.complete(day)
    generated = (generated_at or dt.datetime.now()).replace(microsecond=0)
    report: dict[str, Any] = {
        "title": "",
        "scope": {"code": (scope or ""), "name": scope_name(fetch, scope, lang)},
        "period": {
            "text": period.text,
            "kind": period.kind,
            "label": period.label(lang),
            "from": w.start.isoformat(),
            "to": (w.end - dt.timedelta(days=1)).isoformat(),
            "as_of": as_of.isoformat(sep=" ", timespec="minutes"),
            "complete": complete,
            # the calendar has not reached the period's end (else the data stop short of it: not imported yet)
            "running": period.full_end() > generated.date(),
            "comparison_labels": {c.key: periods.label(c, lang) for c in by_key.values()},
            "previous": None
            if prev_w is None
            else {"from": prev_w.start.isoformat(), "to": (prev_w.end - dt.timedelta(days=1)).isoformat()},
            "year_ago": {"from": year_w.start.isoformat(), "to": (year_w.end - dt.timedelta(days=1)).isoformat()},
            "behind": behind(fetch, w, day, lang),
        },
        "generated_at": generated.isoformat(sep=" "),
        "kpis": now,
        "comparisons": comparisons(now, prev, year),
        "base": {"previous": prev, "year_ago": year},
        "programmes": programme_progress(fetch, params, day, lang),
        "ranking": None,
        "hotspots": [],
        "repeats": {"count": 0, "rate_pct": None, "groups": []},
        "alerts": [],
        "supervision": [],
        "forecast": None,
        "definitions": definitions(lang),
    }
    context = {"period": period, "window": w, "previous": prev_w, "year_ago": year_w, "lang": lang, "as_of": as_of}
    context["sections"] = report  # a section may read those computed before it
    for key, fn in (extras or {}).items():
        report[key] = fn(fetch, params, context)
    report["title"] = (
        f"{report['scope']['name']}{period.label(lang)}{period.report_name(lang)}"
        if lang == "zh"
        else f"{report['scope']['name']} {period.report_name(lang)}, {period.label(lang)}"
    )
    report["summary"] = summary.write(report, lang)
    return report


def behind(fetch: Fetch, w: periods.Window, day: dt.date, lang: str = "zh") -> list[dict]:
    """The tables of records that end well before the data's `day` while the window reaches past their end, as the
    pages warn of them (grassroots/views/freshness.py): [{"table", "name", "last"}], the last day ISO."""
    from grassroots.views import freshness

    late = freshness.tables_behind(fetch("common/data_as_of", {}), day, w)
    return [
        {"table": t, "name": i18n.t(f"ingest.table.{t}", lang), "last": last.isoformat()} for t, last in late.items()
    ]


def kpi_name(key: str, lang: str = "zh") -> str:
    from grassroots.metrics import catalogue

    return catalogue.get(CATALOGUE_KEYS[key]).name(lang)


def definitions(lang: str = "zh") -> list[dict]:
    """The appendix: each KPI's definition from the metric catalogue (formula, then which records)."""
    from grassroots.metrics import catalogue

    out = []
    for key in KPI_ORDER:
        m = catalogue.get(CATALOGUE_KEYS[key])
        out.append(
            {
                "key": key,
                "metric": m.key,
                "name": m.name(lang),
                "definition": f"{m.formula(lang)} {m.population(lang)}".strip(),
            }
        )
    return out


def kpi_kind(key: str) -> str:
    return KPI_SOURCES[key][2]
