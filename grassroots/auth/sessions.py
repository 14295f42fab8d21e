"""A signed-in session: who, with which role and scope, since when; when it must end."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from grassroots.auth.roles import Scope
from grassroots.auth.settings import AuthSettings
from grassroots.auth.store import Account

METHODS = ("password", "sso", "demo")


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    scope: Scope
    method: str  # password | sso | demo
    version: int = 0  # the account's version at sign-in; a later change ends the session
    signed_in_at: float = 0.0  # epoch seconds
    scope_name: str = ""  # the scope's place, for display
    must_change: bool = False  # choose a new password before anything else

    @classmethod
    def of(cls, account: Account, method: str, scope: Scope, scope_name: str, now: float | None = None) -> User:
        return cls(
            account.username,
            account.display_name or account.username,
            account.role,
            scope,
            method,
            account.version,
            time.time() if now is None else now,
            scope_name,
            account.must_change and method == "password",
        )

    def renewed(self, account: Account) -> User:
        """The same session after the user changed their own password."""
        return replace(self, must_change=False, version=account.version)


def may(user: User | None, capability: str, settings: AuthSettings) -> bool:
    return user is not None and capability in settings.capabilities.get(user.role, frozenset())


def expiry(user: User, last_seen: float, settings: AuthSettings, now: float | None = None) -> str | None:
    """'idle' or 'max' when the session has run out, else None."""
    now = time.time() if now is None else now
    if now - user.signed_in_at > settings.max_hours * 3600:
        return "max"
    if now - last_seen > settings.idle_minutes * 60:
        return "idle"
    return None


def still_valid(user: User, account: Account | None, demo_database: bool) -> str | None:
    """Why an open session may no longer go on (the account changed since sign-in), or None."""
    if user.method == "demo":
        return None if demo_database else "not_demo"
    if account is None or not account.enabled:
        return "account_gone"
    if account.version != user.version or account.role != user.role:
        return "account_changed"
    return None


def may_open(user: User | None, url_path: str, settings: AuthSettings) -> bool:
    """Pages listed in config/auth.toml [pages] need their capability; the others are open to every role."""
    needed = settings.pages.get(url_path)
    return user is not None and (needed is None or may(user, needed, settings))
