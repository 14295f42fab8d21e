"""Who is looking: the signed-in user of this session, what the role may do and which region it may see."""

from __future__ import annotations

import streamlit as st

from grassroots import auth, db
from grassroots.auth import audit as audit_log
from grassroots.auth.roles import Scope

USER_KEY = "_user"
SEEN_KEY = "_user_seen"
# matches no region and no centre: what a query gets when nobody is signed in
_NOWHERE = "-"


def user() -> auth.User | None:
    return st.session_state.get(USER_KEY)


def role() -> str | None:
    u = user()
    return getattr(u, "role", None)


def scope() -> Scope | None:
    """The signed-in user's scope; None when nobody is signed in."""
    u = user()
    return u.scope if u is not None else None


def may(capability: str) -> bool:
    return auth.may(user(), capability, auth.settings())


def may_see_personal() -> bool:
    return may("personal")


def clamp(params: dict) -> dict:
    """Query parameters narrowed to the user's scope: $region and $centre_id can never leave it.
    With nobody signed in they match nothing."""
    if "region" not in params and "centre_id" not in params:
        return params
    s = scope()
    out = dict(params)
    if s is None:
        out.update({k: _NOWHERE for k in ("region", "centre_id") if k in out})
        return out
    region, centre = s.clamp(out.get("region"), out.get("centre_id"))
    if "region" in out:
        out["region"] = region
    if "centre_id" in out:
        out["centre_id"] = centre
    return out


def client() -> str:
    """Where the session comes from, for the audit log."""
    try:
        return str(getattr(st.context, "ip_address", None) or "")
    except Exception:  # noqa: BLE001 - no request context (tests)
        return ""


def audit(action: str, target: str = "", detail: dict | None = None, ok: bool = True) -> None:
    """Record an action of the signed-in user in the audit log."""
    u = user()
    where = client()
    detail = {**(detail or {}), "where": where} if where else detail
    audit_log.record(db.resolve(None), u.username if u else "?", action, target, detail, ok, u.role if u else None)


def audit_import(reports, was_demo: bool) -> bool:
    """Record an import of the signed-in user (grassroots.auth.audit.record_import): True when it ended
    the demo database's one-click sign-in."""
    u = user()
    return audit_log.record_import(db.resolve(None), u.username if u else "?", reports, was_demo, u.role if u else None)
