"""config/auth.toml: password cost, lock-out, session expiry, what each role may do, demo accounts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from grassroots import CONFIG_DIR
from grassroots.auth.roles import CAPABILITIES, ROLES, Scope, ScopeError
from grassroots.config import ConfigError, read_toml


@dataclass(frozen=True)
class DemoAccount:
    role: str
    scope: Scope


@dataclass(frozen=True)
class AuthSettings:
    bcrypt_rounds: int
    min_password_length: int
    max_failures: int
    lockout_minutes: float
    idle_minutes: float
    max_hours: float
    capabilities: dict[str, frozenset[str]]
    pages: dict[str, str]  # url path -> the capability needed to open it
    demo: tuple[DemoAccount, ...]
    client_max_failures: int = 20  # failed sign-ins from one address within client_window_minutes ...
    client_window_minutes: float = 10  # ... that stop it for lockout_minutes


def _need(cond: bool, path: Path, key: str, reason: str) -> None:
    if not cond:
        raise ConfigError(f"{path.name}: {key}: {reason}")


def _number(d: dict, key: str, default, lo, hi, path: Path, section: str, whole: bool = False):
    v = d.get(key, default)
    ok = isinstance(v, int) if whole else isinstance(v, (int, float))
    _need(
        ok and not isinstance(v, bool) and lo <= v <= hi,
        path,
        f"{section}.{key}",
        f"must be a {'whole ' if whole else ''}number from {lo} to {hi}",
    )
    return v


def load(path: Path | None = None) -> AuthSettings:
    path = path or CONFIG_DIR / "auth.toml"
    d = read_toml(path)
    pw, lock, sess = d.get("passwords", {}), d.get("lockout", {}), d.get("session", {})
    rounds = _number(pw, "bcrypt_rounds", 12, 4, 16, path, "passwords", whole=True)
    min_len = _number(pw, "min_length", 10, 6, 128, path, "passwords", whole=True)
    fails = _number(lock, "max_failures", 5, 1, 100, path, "lockout", whole=True)
    minutes = _number(lock, "minutes", 15, 1, 24 * 60, path, "lockout")
    client_fails = _number(lock, "client_max_failures", 20, 1, 10_000, path, "lockout", whole=True)
    client_window = _number(lock, "client_window_minutes", 10, 1, 24 * 60, path, "lockout")
    idle = _number(sess, "idle_minutes", 30, 1, 7 * 24 * 60, path, "session")
    max_hours = _number(sess, "max_hours", 12, 0.1, 24 * 31, path, "session")

    caps_raw = d.get("capabilities", {})
    _need(isinstance(caps_raw, dict), path, "capabilities", "must be a table of role = [capabilities]")
    unknown = sorted(set(caps_raw) - set(ROLES))
    _need(not unknown, path, "capabilities", f"unknown roles {unknown}; known: {list(ROLES)}")
    caps = {}
    for role in ROLES:
        v = caps_raw.get(role, [])
        _need(
            isinstance(v, list) and all(c in CAPABILITIES for c in v),
            path,
            f"capabilities.{role}",
            f"must be a list drawn from {list(CAPABILITIES)}",
        )
        caps[role] = frozenset(v)

    pages = d.get("pages", {})
    _need(
        isinstance(pages, dict) and all(isinstance(v, str) and v in CAPABILITIES for v in pages.values()),
        path,
        "pages",
        f"must be a table of url_path = capability, one of {list(CAPABILITIES)}",
    )

    demo = []
    for i, a in enumerate(d.get("demo", [])):
        key = f"demo[{i}]"
        _need(isinstance(a, dict) and a.get("role") in ROLES, path, f"{key}.role", f"must be one of {list(ROLES)}")
        try:
            scope = Scope.parse(str(a.get("scope", "")), a.get("centre"))
        except ScopeError as exc:
            raise ConfigError(f"{path.name}: {key}: {exc}") from None
        demo.append(DemoAccount(a["role"], scope))
    return AuthSettings(
        rounds,
        min_len,
        fails,
        float(minutes),
        float(idle),
        float(max_hours),
        caps,
        dict(pages),
        tuple(demo),
        client_fails,
        float(client_window),
    )


@functools.lru_cache(maxsize=1)
def current() -> AuthSettings:
    return load()
