"""督办 list: open tickets past their deadline by more than a margin, escalated (吹哨) tickets not yet
closed, and repeat complaints, by department and street. The report, the page and the 督办单
exports call `listing`.

The margin is config/app.toml [supervision] overdue_margin_days (default 3 days)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from grassroots import config, i18n

Fetch = Callable[[str, dict], pd.DataFrame]
REASONS = ("overdue", "escalated", "repeat")


def margin_days(path: Path | None = None) -> float:
    """config/app.toml [supervision] overdue_margin_days (or that of the file `path`), validated with the
    rest of the file by grassroots/config.py."""
    return (config.load_app(path) if path else config.app()).overdue_margin_days


def _reason_text(reasons: list[str], lang: str) -> str:
    return i18n.listing((i18n.t(f"supervision.reason.{r}", lang) for r in reasons), lang)


def listing(
    fetch: Fetch,
    params: dict,
    at: dt.datetime,
    lang: str = "zh",
    margin: float | None = None,
    repeat_ids: set[str] | None = None,
) -> list[dict]:
    """The 督办 list as it stood at `at` (a report's window end, or the data's as-of time): one entry
    per ticket, most overdue first, with every reason it is on the list. `repeat_ids`: tickets of
    repeat-complaint groups (still open at `at`) to add with the reason 'repeat'."""
    margin = margin_days() if margin is None else margin
    frame = fetch(
        "supervision/list", {**params, "at": at, "margin_days": margin, "repeat_ids": sorted(repeat_ids or ())}
    )
    out = []
    for r in frame.itertuples():
        reasons = [
            k for k, flag in (("overdue", r.overdue), ("escalated", r.escalated), ("repeat", r.is_repeat)) if bool(flag)
        ]
        days = (
            None
            if r.days_overdue is None or (isinstance(r.days_overdue, float) and math.isnan(r.days_overdue))
            else round(float(r.days_overdue), 1)
        )
        out.append(
            {
                "ticket_id": str(r.ticket_id),
                "reasons": reasons,
                "reason_text": _reason_text(reasons, lang),
                "days_overdue": days,
                "department": None if pd.isna(r.department) else str(r.department),
                "unit_code": None if pd.isna(r.community_code) else str(r.community_code),
                "unit_name": " · ".join(str(x) for x in (r.street_name, r.community_name) if isinstance(x, str))
                or None,
                "street_code": None if pd.isna(r.street_code) else str(r.street_code),
                "category": None if pd.isna(r.category) else str(r.category),
                "subcategory": None if pd.isna(r.subcategory) else str(r.subcategory),
                "reported_at": pd.Timestamp(r.reported_at).isoformat(sep=" ", timespec="minutes"),
                "due_at": None if pd.isna(r.due_at) else pd.Timestamp(r.due_at).isoformat(sep=" ", timespec="minutes"),
            }
        )
    return out


def by_unit(entries: list[dict], key: str = "department") -> pd.DataFrame:
    """How many listed tickets each department (or street: key='street_code') holds, with the most
    days overdue."""
    if not entries:
        return pd.DataFrame(columns=[key, "tickets", "overdue", "escalated", "max_days_overdue"])
    f = pd.DataFrame(entries)
    f["is_overdue"] = f["reasons"].map(lambda r: "overdue" in r)
    f["is_escalated"] = f["reasons"].map(lambda r: "escalated" in r)
    g = f.groupby(f[key].fillna(""), dropna=False).agg(
        tickets=("ticket_id", "count"),
        overdue=("is_overdue", "sum"),
        escalated=("is_escalated", "sum"),
        max_days_overdue=("days_overdue", "max"),
    )
    return g.reset_index().sort_values(["tickets", key], ascending=[False, True]).reset_index(drop=True)


def report_section(fetch: Fetch, params: dict, context: dict, repeat_ids: set[str] | None = None) -> list[dict]:
    """The report's `supervision[]`: the list as it stood at the end of the report's window."""
    window = context["window"]
    at = min(context["as_of"], dt.datetime.combine(window.end, dt.time()))
    return listing(fetch, params, at, context.get("lang", "zh"), repeat_ids=repeat_ids)
