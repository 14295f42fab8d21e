"""Widgets of the admin page: the scope picker, the accounts table, the audit log table."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from grassroots import auth, i18n
from grassroots.auth.roles import LEVELS, Scope
from grassroots.ui import data
from grassroots.ui.text import in_language, lang, tr

_DIGITS = {v: k for k, v in LEVELS.items()}  # level -> code length


def places() -> tuple[pd.DataFrame, pd.DataFrame]:
    return data.query("common/regions"), data.query("common/centres")


def scope_label(scope: Scope, regions: pd.DataFrame, centres: pd.DataFrame) -> str:
    if scope.centre_id:
        name = dict(zip(centres["centre_id"], centres["name"])).get(scope.centre_id, scope.centre_id)
        return f"{name} ({scope.centre_id})"
    if not scope.region:
        return tr("scope.all")
    return f"{dict(zip(regions['code'], regions['name'])).get(scope.region, '?')} ({scope.region})"


def scope_picker(key: str, within: Scope, current: Scope | None = None) -> Scope:
    """Pick a scope no wider than `within` (the administrator's own): a level, then a place."""
    regions, centres = places()
    levels = [lv for lv in ("all", "district", "street", "community", "centre") if _reaches(lv, within)]
    start = current.level if current is not None and current.level in levels else levels[0]
    level = st.selectbox(
        tr("admin.scope_level"),
        levels,
        index=levels.index(start),
        key=f"{key}_level",
        format_func=in_language(lambda lv, tr: tr(f"scope.level.{lv}")),
    )
    if level == "all":
        return Scope()
    if level == "centre":
        pool = centres[centres["community_code"].str.startswith(within.region)]
        if within.centre_id:
            pool = pool[pool["centre_id"] == within.centre_id]
        options = pool["centre_id"].tolist()
        names = dict(zip(pool["centre_id"], pool["name"]))
        chosen = current.centre_id if current is not None else None
    else:
        pool = regions[(regions["level"] == level) & regions["code"].str.startswith(within.region)]
        options = pool["code"].tolist()
        names = dict(zip(pool["code"], pool["name"]))
        chosen = current.region if current is not None else None
    if not options:
        st.warning(tr("common.no_data"))
        return within
    picked = st.selectbox(
        tr("admin.scope_place"),
        options,
        key=f"{key}_place",
        index=options.index(chosen) if chosen in options else 0,
        format_func=lambda c: f"{names.get(c, c)} ({c})",
    )
    if level == "centre":
        community = dict(zip(pool["centre_id"], pool["community_code"]))[picked]
        return Scope(community, picked)
    return Scope(picked)


def _reaches(level: str, within: Scope) -> bool:
    """Can an administrator with scope `within` hand out a scope of `level`?"""
    if within.centre_id:
        return level == "centre"
    if level in ("all", "centre"):
        return level == "centre" or not within.region
    return _DIGITS[level] >= len(within.region)


def _when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "—"


def accounts_frame(accounts: list[auth.Account]) -> pd.DataFrame:
    regions, centres = places()
    now = dt.datetime.now().timestamp()

    def status(a: auth.Account) -> str:
        if not a.enabled:
            return tr("admin.status.disabled")
        if a.locked(now):
            return tr("admin.status.locked", until=_when(a.locked_until))
        return tr("admin.status.must_change") if a.must_change else tr("admin.status.enabled")

    return pd.DataFrame(
        {
            tr("admin.col.username"): [a.username for a in accounts],
            tr("admin.col.name"): [a.display_name for a in accounts],
            tr("admin.col.role"): [tr(f"role.{a.role}") for a in accounts],
            tr("admin.col.scope"): [scope_label(a.scope, regions, centres) for a in accounts],
            tr("admin.col.status"): [status(a) for a in accounts],
            tr("admin.col.password"): [
                tr("admin.method.password" if a.has_password else "admin.method.sso") for a in accounts
            ],
            tr("admin.col.last_sign_in"): [_when(a.last_sign_in) for a in accounts],
            tr("admin.col.created"): [f"{_when(a.created_at)} · {a.created_by or '—'}" for a in accounts],
        }
    )


def _detail_value(key: str, value, lang_: str) -> str:
    if value is None or value == "":
        return i18n.t("audit.detail.value.blank", lang_)
    if isinstance(value, bool):
        return i18n.t("audit.detail.value." + ("yes" if value else "no"), lang_)
    if key == "role":
        return i18n.t(f"role.{value}", lang_)
    if key == "files" and isinstance(value, list):
        return i18n.t("audit.detail.sep", lang_).join(
            i18n.t(
                "audit.detail.file",
                lang_,
                file=f.get("file", ""),
                loaded=f.get("rows_loaded", 0),
                rejected=f.get("rows_rejected", 0),
                table=i18n.t(f"table.{f.get('table')}", lang_),
                status=i18n.t(f"ingest.status.{f.get('status')}", lang_),
            )
            for f in value
            if isinstance(f, dict)
        )
    word = f"audit.detail.{key}.{value}"
    found = i18n.t(word, lang_)
    return str(value) if found == word else found


def detail_text(detail: dict, lang_: str) -> str:
    """An audit entry's details in words: 原因：账户已停用；来源地址：— (never the names the log keeps)."""
    parts = []
    for k, v in detail.items():
        key = f"audit.key.{k}"
        name = i18n.t(key, lang_)
        parts.append(
            i18n.t("audit.detail.pair", lang_, name=name if name != key else k, value=_detail_value(k, v, lang_))
        )
    return i18n.t("audit.detail.sep", lang_).join(parts)


def audit_frame(rows: list[dict]) -> pd.DataFrame:
    def detail(text: str) -> str:
        try:
            d = json.loads(text)
        except ValueError:
            return text
        return detail_text(d, lang()) if isinstance(d, dict) else str(d)

    return pd.DataFrame(
        {
            tr("admin.col.at"): [r["at"][:19].replace("T", " ") for r in rows],
            tr("admin.col.actor"): [r["actor"] for r in rows],
            tr("admin.col.role"): [tr(f"role.{r['role']}") if r["role"] else "" for r in rows],
            tr("admin.col.action"): [tr(f"audit.{r['action']}") for r in rows],
            tr("admin.col.target"): [r["target"] for r in rows],
            tr("admin.col.detail"): [detail(r["detail"]) for r in rows],
            tr("admin.col.ok"): [r["ok"] for r in rows],
        }
    )
