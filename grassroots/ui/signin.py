"""Sign-in before anything else: who is signed in, the sign-in page, the account box.

dashboard.py asks `current()` for the session's user (checked on every run: idle and total time,
and whether the account changed since), lists the pages the role may open with `pages_for()`, and
calls `gate()`, which shows the sign-in page (or the forced password change) and stops the run until
someone is signed in. Ways in:
- a local account: user name and password (config/auth.toml: lock-out, expiry);
- single sign-on through Streamlit's OIDC support (`st.login`), when .streamlit/secrets.toml has an
  [auth] section: the identity provider vouches for the e-mail, a local account of that name gives
  the role and scope;
- on the demo database only: one click per demo role (config/auth.toml [[demo]]).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import logging
import sqlite3
import time
from collections.abc import Mapping

import streamlit as st

from grassroots import auth, db
from grassroots.auth import places
from grassroots.auth.roles import Scope, ScopeError
from grassroots.ui import data, preload, session
from grassroots.ui.text import LANG_KEY, tr

log = logging.getLogger("grassroots")

NOTICE_KEY = "_signin_notice"
ERROR_KEY = "_signin_error"
SSO_SEEN_KEY = "_signin_sso_seen"
# what a user had typed when their session ran out, by user name, given back when they sign in again
DRAFTS_KEY = "_signin_drafts"
DRAFTED = ("console_sql",)  # the SQL console's text
TIMED_OUT = ("idle", "max")
WATCH_SECONDS = 10  # how often an open page checks whether its session has run out


@functools.lru_cache(maxsize=8)
def _store_at(path: str) -> auth.Store:
    return auth.Store(path)


def store() -> auth.Store:
    """The accounts file of the database the app serves."""
    return _store_at(str(auth.path_for(db.resolve(None))))


def is_demo() -> bool:
    return places.is_demo(data.query)


# --- the session's user -----------------------------------------------------------------------------


def current() -> auth.User | None:
    """The signed-in user, or None (then the sign-in page shows). Never raises: when the accounts
    cannot be read, nobody is signed in."""
    try:
        u = session.user()
        if u is None:
            return _from_sso()
        s = auth.settings()
        reason = auth.expiry(u, st.session_state.get(session.SEEN_KEY, u.signed_in_at), s)
        if reason is None:
            account = None if u.method == "demo" else store().account(u.username)
            reason = auth.still_valid(u, account, u.method == "demo" and is_demo())
        if reason:
            end(reason)
            return None
        st.session_state[session.SEEN_KEY] = time.time()
        return u
    except Exception:  # noqa: BLE001 - fail closed
        log.exception("sign-in state could not be checked")
        return None


def end(reason: str) -> None:
    """End the session: audit it and forget everything the session held (the language stays, and when
    the session ran out, what the user had typed in the SQL console, for them to find on signing in)."""
    u = session.user()
    drafts = dict(st.session_state.get(DRAFTS_KEY, {}))
    if u is not None:
        session.audit("sign_out" if reason == "signed_out" else "session_ended", u.username, {"reason": reason})
        typed = {k: st.session_state[k] for k in DRAFTED if st.session_state.get(k)}
        if typed and reason in TIMED_OUT:
            drafts[u.username] = typed
    keep = {k: st.session_state[k] for k in (LANG_KEY,) if k in st.session_state}
    for k in list(st.session_state.keys()):
        if k not in keep:
            del st.session_state[k]
    if drafts:
        st.session_state[DRAFTS_KEY] = drafts
    st.session_state[NOTICE_KEY] = reason
    if u is not None and u.method == "sso":
        st.logout()


def _begin(account: auth.Account, method: str) -> auth.User | None:
    """Start a session for a checked account: its scope must name a place in this database."""
    try:
        scope, name = places.resolve(account.scope, data.query)
    except ScopeError:
        st.session_state[ERROR_KEY] = ("signin.no_scope", {"scope": account.scope.text()})
        session.audit(
            "sign_in_failed",
            account.username,
            {"reason": "scope_not_in_database", "scope": account.scope.text()},
            ok=False,
        )
        return None
    u = auth.User.of(account, method, scope, name)
    _start(u)
    return u


def _start(u: auth.User) -> None:
    st.session_state[session.USER_KEY] = u
    st.session_state[session.SEEN_KEY] = time.time()
    for k in (NOTICE_KEY, ERROR_KEY):
        st.session_state.pop(k, None)
    drafts = st.session_state.get(DRAFTS_KEY, {})
    for k, v in drafts.pop(u.username, {}).items():  # only the same user gets their text back
        st.session_state[k] = v


# --- the session running out while a page is open ----------------------------------------------------


def time_left(u: auth.User, last_seen: float, s: auth.AuthSettings, now: float) -> float:
    """Seconds until the session ends: idle since `last_seen`, or its longest time since sign-in."""
    return min(last_seen + s.idle_minutes * 60, u.signed_in_at + s.max_hours * 3600) - now


def warn_before(s: auth.AuthSettings) -> float:
    """How long before the end the page warns: two minutes, or half the idle time when that is shorter."""
    return min(120.0, s.idle_minutes * 60 / 2)


@st.fragment(run_every=WATCH_SECONDS)
def watch() -> None:
    """On an open page, every few seconds: a warning shortly before the session runs out, and at its end
    a run of the whole app, which signs out and shows the sign-in page in place of the data. These
    checks are not activity: only the user's own actions run the app and count."""
    u = session.user()
    if u is None:
        return
    s = auth.settings()
    left = time_left(u, st.session_state.get(session.SEEN_KEY, u.signed_in_at), s, time.time())
    if left <= 0:
        st.rerun(scope="app")
    elif left <= warn_before(s):
        st.warning(tr("signin.ending_soon", seconds=int(left)))


# --- single sign-on ---------------------------------------------------------------------------------


def sso_providers() -> list[str | None]:
    """The OIDC providers configured in .streamlit/secrets.toml ([auth] alone: [None])."""
    try:
        conf = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: no single sign-on
        return []
    if not isinstance(conf, Mapping):
        return []
    named = [k for k, v in conf.items() if isinstance(v, Mapping)]
    return named or ([None] if conf.get("client_id") else [])


def _from_sso() -> auth.User | None:
    if not sso_providers():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        # an address the identity provider says it has not verified is not an identity
        email = "" if st.user.get("email_verified") is False else auth.store.normalise(str(st.user.get("email") or ""))
    except Exception:  # noqa: BLE001 - no identity cookie
        return None
    account = store().account(email) if email else None
    if account is None or not account.enabled:
        st.session_state[ERROR_KEY] = ("signin.sso_no_account", {"email": email or "?"})
        if st.session_state.get(SSO_SEEN_KEY) != email:  # once per session, not on every rerun
            st.session_state[SSO_SEEN_KEY] = email
            store().record(
                email or "?",
                "sign_in_failed",
                email,
                {"reason": "no_account", "method": "sso", "where": session.client()},
                ok=False,
            )
        return None
    u = _begin(account, "sso")
    if u is not None:
        store().signed_in(u.username, "sso", session.client())
    return u


# --- navigation -------------------------------------------------------------------------------------


def pages_for(user: auth.User | None, pages: dict[str, list]) -> dict[str, list]:
    """The navigation for `user`: sections (translated) with the pages the role may open. Before
    sign-in every page is listed (hidden, never run) so a shared link's page survives the sign-in."""
    s = auth.settings()
    out = {}
    for section, items in pages.items():
        keep = items if user is None else [p for p in items if auth.may_open(user, p.url_path, s)]
        if keep:
            out[tr(section)] = keep
    return out


def gate(user: auth.User | None) -> None:
    """Stop the run with the sign-in page until someone is signed in (and has set a new password
    when an administrator reset it); then show the account in the sidebar."""
    if user is None:
        _signin_page()
        st.stop()
    watch()
    if user.must_change:
        st.title(tr("account.change_password"))
        st.info(tr("account.must_change"))
        _change_password(user, "signin_must_change")
        st.stop()
    account_box(user)


# --- the sign-in page -------------------------------------------------------------------------------


def _signin_page() -> None:
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        st.title(tr("signin.title"))
        notice = st.session_state.get(NOTICE_KEY)
        if notice:
            st.info(tr(f"signin.ended.{notice}"))
        error = st.session_state.get(ERROR_KEY)
        if error:
            st.error(tr(error[0], **error[1]))
        demo = is_demo()
        if demo:
            _demo_panel()
        providers = sso_providers()
        if providers:
            _sso_buttons(providers)
        if not demo and not providers and store().count() == 0:
            st.warning(tr("signin.no_accounts"))
            st.code("python -m grassroots users add <name> --role admin", language="bash")
        if demo or providers:
            st.caption(tr("signin.or"))
        else:
            st.caption(tr("signin.intro"))
        with st.form("signin_form", border=True):
            st.text_input(tr("signin.username"), key="signin_username", autocomplete="username", max_chars=64)
            st.text_input(
                tr("signin.password"),
                key="signin_password",
                type="password",
                autocomplete="current-password",
                max_chars=256,
            )
            st.form_submit_button(tr("signin.submit"), type="primary", on_click=_password_sign_in)
    preload.offer()  # the overview's browser code, while the user signs in


def _password_sign_in() -> None:
    username = st.session_state.get("signin_username") or ""
    password = st.session_state.get("signin_password") or ""
    st.session_state["signin_password"] = ""  # never kept in the session
    st.session_state.pop(ERROR_KEY, None)
    try:
        result = store().authenticate(username, password, where=session.client())
    except (OSError, sqlite3.Error) as exc:  # the accounts file or the audit key cannot be used: nobody signs in
        log.error("sign-in refused: %s", exc)
        st.session_state[ERROR_KEY] = ("signin.unavailable", {})
        return
    if result.outcome == "ok" and result.account is not None:
        _begin(result.account, "password")
    elif result.outcome in ("locked", "throttled"):
        lock = result.locked_until
        until = "" if lock is None else dt.datetime.fromtimestamp(lock).strftime("%H:%M")
        st.session_state[ERROR_KEY] = (f"signin.{result.outcome}", {"until": until})
    elif result.outcome == "disabled":
        st.session_state[ERROR_KEY] = ("signin.disabled", {})
    else:
        st.session_state[ERROR_KEY] = ("signin.bad", {})


def _demo_panel() -> None:
    st.subheader(tr("signin.demo_title"))
    st.info(tr("signin.demo_note"))
    for i, (role, scope, name) in enumerate(places.demo_accounts(auth.settings(), data.query)):
        label = tr("signin.demo_as", role=tr(f"role.{role}"), scope=name or tr("scope.all"))
        st.button(label, key=f"signin_demo_{i}", width="stretch", on_click=_demo_sign_in, args=(role, scope, name))


def _demo_sign_in(role: str, scope: Scope, name: str) -> None:
    if not is_demo():  # the buttons exist only on the demo database; check again all the same
        return
    u = auth.User(
        f"demo:{role}:{scope.text() or 'all'}",
        tr(f"role.{role}"),
        role,
        scope,
        "demo",
        signed_in_at=time.time(),
        scope_name=name,
    )
    _start(u)
    session.audit("sign_in", u.username, {"method": "demo"})


def _sso_buttons(providers: list[str | None]) -> None:
    if importlib.util.find_spec("authlib") is None:
        st.warning(tr("signin.sso_missing"))
        return
    for p in providers:
        label = tr("signin.sso") + (f" · {p}" if p else "")
        st.button(
            label,
            key=f"signin_sso_{p or 'default'}",
            type="primary",
            width="stretch",
            on_click=st.login,
            args=(p,) if p else (),
        )
    if st.session_state.get(ERROR_KEY, ("",))[0] == "signin.sso_no_account":
        st.button(tr("signin.sso_sign_out"), key="signin_sso_out", on_click=st.logout)


# --- the account box and password change ------------------------------------------------------------


def account_box(user: auth.User) -> None:
    sb = st.sidebar
    role = tr(f"role.{user.role}")
    # a demo account is named by its role, in the language shown now (not the one it signed in with)
    name = tr("account.demo", name=role) if user.method == "demo" else user.display_name
    sb.caption(tr("account.line", name=name, role=role, scope=user.scope_name or tr("scope.all")))
    if user.method == "password":
        with sb.expander(tr("account.change_password")):
            _change_password(user, "account_change_password")
    sb.button(tr("account.sign_out"), key="account_sign_out", on_click=end, args=("signed_out",))


def _change_password(user: auth.User, key: str) -> None:
    with st.form(key, clear_on_submit=True, border=False):
        old = st.text_input(tr("account.old_password"), type="password", autocomplete="current-password")
        new = st.text_input(tr("account.new_password"), type="password", autocomplete="new-password")
        again = st.text_input(tr("account.repeat_password"), type="password", autocomplete="new-password")
        if not st.form_submit_button(tr("account.save_password")):
            return
    if new != again:
        st.error(tr("account.mismatch"))
        return
    if new == old:
        st.error(tr("account.same_password"))
        return
    try:
        result = store().change_own_password(user.username, old, new, session.client())
    except auth.AccountError as exc:
        st.error(tr(f"auth.error.{exc.code}", **exc.params))
        return
    if result.outcome == "ok" and result.account is not None:
        st.session_state[session.USER_KEY] = user.renewed(result.account)
        st.success(tr("account.password_saved"))
        if user.must_change:
            st.rerun()
    elif result.outcome == "locked":
        end("signed_out")
        st.rerun()
    else:
        st.error(tr("account.old_wrong"))
