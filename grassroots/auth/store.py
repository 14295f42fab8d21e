"""Accounts and the audit log, in a small SQLite file beside the database.

Why not in the DuckDB file: viewers hold read-only DuckDB connections and an import holds the one
writer for minutes, so a sign-in (which writes a failure counter and an audit row) could not be
recorded while the dashboard is being viewed or fed. SQLite lets many processes - the app serving
every session, command-line imports, backups - write short transactions to one file, each waiting
its turn on SQLite's own lock (WAL journal, busy timeout). The file sits beside the database it
guards (`<database>.auth.sqlite`, or $GRASSROOTS_AUTH_DB), so a database and its accounts travel
together and `backup` carries both. The few statements below are SQLite's, not the analytics
queries of queries/; values are always bound, never formatted into the text.

The audit log is append-only and chained: each row stores an HMAC-SHA256, keyed by a secret kept
outside the databases (grassroots/auth/keys.py), of the previous row's hash and its own contents; a
head record (row count, last id and hash, signed too) is kept beside the key. An edited, removed,
inserted or re-hashed row, and a log that lost its last rows or all of them, show in `verify_chain`.
A log chained with the former unkeyed SHA-256 formula is re-chained once, with a "rekey" row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grassroots import sidefile
from grassroots.auth import keys, passwords
from grassroots.auth.roles import ROLES, Scope
from grassroots.auth.settings import AuthSettings, current

SCHEMA = """
create table if not exists users (
    username text primary key,                 -- lower case
    display_name text not null default '',
    role text not null,
    scope_region text not null default '',
    scope_centre text,
    password_hash text,                        -- null: no local password (single sign-on only)
    enabled integer not null default 1,
    failed_count integer not null default 0,
    locked_until real,                         -- epoch seconds
    version integer not null default 1,        -- raised by a password, role or scope change: open sessions end
    must_change integer not null default 0,    -- set by an administrator's reset: choose a new one at sign-in
    created_at real not null,
    created_by text not null default '',
    last_sign_in real
);
create table if not exists audit (
    id integer primary key autoincrement,
    at text not null,                          -- local time, ISO 8601 with offset
    actor text not null,
    role text,
    action text not null,
    target text not null default '',
    detail text not null default '{}',         -- JSON
    ok integer not null default 1,
    prev_hash text not null,
    hash text not null
);
create index if not exists audit_action on audit (action, id);
create table if not exists throttle (       -- failed sign-ins of names that are no account, and of clients
    kind text not null,                        -- name | client
    key text not null,
    failures integer not null default 0,
    since real not null,                       -- start of the client's counting window (epoch seconds)
    locked_until real,
    primary key (kind, key)
);
create table if not exists audit_meta (
    key text primary key,                      -- log_id, scheme, key (fingerprint), count, since
    value text not null
);
"""
SCHEME = "hmac-sha256/1"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
_GENESIS = "0" * 64
log = logging.getLogger("grassroots.audit")


class AccountError(ValueError):
    """A request the store refuses; `code` names the reason for the interface (strings auth.error.*)."""

    def __init__(self, code: str, **params):
        super().__init__(code if not params else f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    scope: Scope
    enabled: bool
    failed_count: int
    locked_until: float | None
    version: int
    must_change: bool
    has_password: bool
    created_at: float
    created_by: str
    last_sign_in: float | None

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class SignIn:
    outcome: str  # ok | bad | locked | disabled | throttled (too many failures from the client)
    account: Account | None = None
    locked_until: float | None = None


def path_for(db_path: str | os.PathLike) -> Path:
    """The accounts file of a database: $GRASSROOTS_AUTH_DB, or `<database>.auth.sqlite` beside it."""
    env = os.environ.get("GRASSROOTS_AUTH_DB")
    if env:
        return Path(env).resolve()
    db = Path(db_path).resolve()
    return db.with_name(db.name + ".auth.sqlite")


def normalise(username: str) -> str:
    return (username or "").strip().lower()


def _check_role(role: str, scope: Scope) -> None:
    if role not in ROLES:
        raise AccountError("bad_role", role=role)
    if role == "centre_staff" and scope.level not in ("community", "centre"):
        raise AccountError("centre_scope")


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="microseconds")


def _row_body(prev: str, at: str, actor: str, role, action: str, target: str, detail: str, ok: int) -> str:
    return json.dumps([prev, at, actor, role, action, target, detail, ok], ensure_ascii=False, separators=(",", ":"))


def _old_row_hash(*fields) -> str:
    """The former, unkeyed formula: anyone could re-hash an edited row (read only to migrate a log)."""
    return hashlib.sha256(_row_body(*fields).encode("utf-8")).hexdigest()


def _row_hash(key: bytes, *fields) -> str:
    return keys.sign(key, _row_body(*fields))


@dataclass(frozen=True)
class ChainBreak:
    """Where and why an audit log fails its check; `row` is the first bad (or first missing) row's id.

    reason: row (edited, removed, inserted or re-hashed), truncated (rows at the end removed, or all),
    no_head (no head record for a log with rows), head (a head record not signed by the key), no_key
    (the key file is missing), key_changed (the key is not the one the log was chained with),
    unaudited_import (an import in the database with no audit row)."""

    row: int | None
    reason: str
    detail: str = ""


class _Connection(sqlite3.Connection):
    head: tuple | None = None  # the head record a write moves the log to, written just before its commit


class Store:
    """The accounts file of one database. Every call opens its own short connection (thread-safe)."""

    def __init__(self, path: str | os.PathLike, settings: AuthSettings | None = None):
        self.path = Path(path)
        self.settings = settings or current()
        self._ready = False
        self._key = b""

    @classmethod
    def for_db(cls, db_path: str | os.PathLike, settings: AuthSettings | None = None) -> Store:
        return cls(path_for(db_path), settings)

    def exists(self) -> bool:
        return self.path.exists()

    # --- connections -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _con(self, write: bool = False) -> Iterator[_Connection]:
        if not self._ready or not self.path.exists():
            self._create()
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None, factory=_Connection)
        try:
            con.execute("pragma busy_timeout = 30000")
            if write:
                con.execute("begin immediate")  # take the write lock now: read-then-write is atomic
                try:
                    yield con
                    if con.head is not None:  # the head moves with the rows, under the same lock
                        keys.write_head(self._key, *con.head)
                    con.execute("commit")
                except BaseException:
                    con.execute("rollback")
                    if con.head is not None:
                        self._write_head(con)  # back to the rows that stay
                    raise
            else:
                yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _raw(self) -> Iterator[sqlite3.Connection]:
        """A read connection without the key (the check of a log whose key is missing)."""
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("pragma busy_timeout = 30000")
            yield con
        finally:
            con.close()

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # password hashes: readable by the owner only
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None, factory=_Connection)
        try:
            con.execute("pragma busy_timeout = 30000")
            con.execute("pragma journal_mode = wal")
            con.executescript(SCHEMA)
            meta = self._meta(con)
            # a new key only for a log that has none yet: a chained log whose key went missing must not be
            # signed on with another one (keys.AuditKeyError names the file to restore)
            key = keys.load(create="key" not in meta)
            if key is None:
                raise keys.AuditKeyError(f"{keys.key_path()}: the audit key of {self.path.name} is missing")
            self._key = key
            if meta.get("scheme") != SCHEME:
                with sidefile.immediate(con):
                    self._start_chain(con)
                    if con.head is not None:
                        keys.write_head(self._key, *con.head)
        finally:
            con.close()
        self._ready = True

    @staticmethod
    def _meta(con: sqlite3.Connection) -> dict[str, str]:
        return dict(con.execute("select key, value from audit_meta").fetchall())

    @staticmethod
    def _set_meta(con: _Connection, **values) -> None:
        con.executemany(
            "insert into audit_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
            [(k, str(v)) for k, v in values.items()],
        )

    def _start_chain(self, con: _Connection) -> None:
        """A new log's identity; a log chained with the former unkeyed formula is checked, re-chained with
        the key and a "rekey" row records it (with where the former chain was broken, if it was)."""
        meta = self._meta(con)
        if meta.get("scheme") == SCHEME:  # another process did it first
            return
        log_id = meta.get("log_id") or secrets.token_hex(16)
        rows = con.execute(
            "select id, at, actor, role, action, target, detail, ok, prev_hash, hash from audit order by id"
        ).fetchall()
        old_prev, new_prev, broken = _GENESIS, _GENESIS, None
        for rid, at, actor, role, action, target, detail, ok, stored_prev, stored in rows:
            fields = (at, actor, role, action, target, detail, ok)
            if broken is None and (stored_prev != old_prev or _old_row_hash(old_prev, *fields) != stored):
                broken = rid
            old_prev = stored
            h = _row_hash(self._key, new_prev, *fields)
            con.execute("update audit set prev_hash = ?, hash = ? where id = ?", (new_prev, h, rid))
            new_prev = h
        self._set_meta(
            con, log_id=log_id, scheme=SCHEME, key=keys.fingerprint(self._key), count=len(rows), since=now_iso()
        )
        if rows:
            detail = {"rows": len(rows), "former_chain_broken_at": broken, "key": keys.fingerprint(self._key)}
            self._audit(con, "system", None, "rekey", "", detail)
            if broken is not None:
                log.error("audit log %s: the former chain was broken at row %s before re-chaining", self.path, broken)
        else:
            self._write_head(con)

    def _write_head(self, con: _Connection) -> None:
        """The head record from the log's rows as they are in `con`."""
        meta = self._meta(con)
        last = con.execute("select id, hash from audit order by id desc limit 1").fetchone() or (0, _GENESIS)
        if "log_id" in meta:
            keys.write_head(self._key, meta["log_id"], int(meta.get("count", 0)), *last)

    # --- accounts ----------------------------------------------------------------------------------

    _COLUMNS = (
        "username, display_name, role, scope_region, scope_centre, enabled, failed_count, locked_until, "
        "version, must_change, password_hash is not null, created_at, created_by, last_sign_in"
    )

    @staticmethod
    def _account(row) -> Account:
        (name, display, role, region, centre, enabled, failed, locked, version, must, has_pw, created, by, last) = row
        return Account(
            name,
            display,
            role,
            Scope(region or "", centre),
            bool(enabled),
            int(failed),
            locked,
            int(version),
            bool(must),
            bool(has_pw),
            created,
            by,
            last,
        )

    def account(self, username: str) -> Account | None:
        with self._con() as con:
            row = con.execute(
                f"select {self._COLUMNS} from users where username = ?", (normalise(username),)
            ).fetchone()
        return self._account(row) if row else None

    def _written(self, name: str) -> Account:
        """The account just written (gone only if removed meanwhile)."""
        account = self.account(name)
        if account is None:
            raise AccountError("no_user", name=name)
        return account

    def accounts(self) -> list[Account]:
        with self._con() as con:
            rows = con.execute(f"select {self._COLUMNS} from users order by username").fetchall()
        return [self._account(r) for r in rows]

    def count(self) -> int:
        if not self.exists():
            return 0
        with self._con() as con:
            return con.execute("select count(*) from users").fetchone()[0]

    def check_password(self, password: str, username: str = "") -> None:
        """Refuse a weak password (AccountError with the reason)."""
        if not isinstance(password, str) or len(password) < self.settings.min_password_length:
            raise AccountError("password_short", n=self.settings.min_password_length)
        if normalise(password) == normalise(username) or len(set(password)) < 4:
            raise AccountError("password_weak")

    def add(
        self,
        username: str,
        role: str,
        scope: Scope,
        password: str | None = None,
        display_name: str = "",
        by: str = "",
        must_change: bool = False,
    ) -> Account:
        """A new account; without a password it can sign in only through single sign-on."""
        name = normalise(username)
        if not _USERNAME.match(name):
            raise AccountError("bad_username")
        _check_role(role, scope)
        if password is not None:
            self.check_password(password, name)
        digest = passwords.hash_password(password, self.settings.bcrypt_rounds) if password is not None else None
        with self._con(write=True) as con:
            if con.execute("select 1 from users where username = ?", (name,)).fetchone():
                raise AccountError("exists", name=name)
            con.execute(
                "insert into users (username, display_name, role, scope_region, scope_centre, password_hash,"
                " must_change, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    display_name.strip(),
                    role,
                    scope.region,
                    scope.centre_id,
                    digest,
                    int(must_change),
                    time.time(),
                    by,
                ),
            )
            self._audit(
                con,
                by,
                None,
                "user_added",
                name,
                {"role": role, "scope": scope.text(), "password": password is not None},
            )
        return self._written(name)

    def set_password(self, username: str, password: str, by: str, must_change: bool = False) -> None:
        """A new password (and an end to any lock); `must_change`: the user chooses another at sign-in."""
        name = normalise(username)
        self.check_password(password, name)
        digest = passwords.hash_password(password, self.settings.bcrypt_rounds)
        with self._con(write=True) as con:
            n = con.execute(
                "update users set password_hash = ?, must_change = ?, failed_count = 0, locked_until = null,"
                " version = version + 1 where username = ?",
                (digest, int(must_change), name),
            ).rowcount
            if not n:
                raise AccountError("no_user", name=name)
            self._audit(
                con,
                by,
                None,
                "password_changed" if by == name else "password_reset",
                name,
                {"must_change": must_change},
            )

    def update(
        self,
        username: str,
        by: str,
        role: str | None = None,
        scope: Scope | None = None,
        enabled: bool | None = None,
        display_name: str | None = None,
    ) -> Account:
        name = normalise(username)
        old = self.account(name)
        if old is None:
            raise AccountError("no_user", name=name)
        _check_role(role or old.role, scope or old.scope)
        changes: dict[str, str | bool] = {}
        if role is not None and role != old.role:
            changes["role"] = role
        if scope is not None and scope != old.scope:
            changes["scope"] = scope.text()
        if enabled is not None and enabled != old.enabled:
            changes["enabled"] = enabled
        if display_name is not None and display_name.strip() != old.display_name:
            changes["display_name"] = display_name.strip()
        if not changes:
            return old
        new_scope = scope or old.scope
        with self._con(write=True) as con:
            con.execute(
                "update users set role = ?, scope_region = ?, scope_centre = ?, enabled = ?, display_name = ?,"
                " version = version + 1 where username = ?",
                (
                    role or old.role,
                    new_scope.region,
                    new_scope.centre_id,
                    int(old.enabled if enabled is None else enabled),
                    old.display_name if display_name is None else display_name.strip(),
                    name,
                ),
            )
            self._audit(con, by, None, "user_changed", name, changes)
        return self._written(name)

    def unlock(self, username: str, by: str) -> None:
        name = normalise(username)
        with self._con(write=True) as con:
            if not con.execute(
                "update users set failed_count = 0, locked_until = null where username = ?", (name,)
            ).rowcount:
                raise AccountError("no_user", name=name)
            self._audit(con, by, None, "user_unlocked", name, {})

    def authenticate(
        self, username: str, password: str, where: str = "", now: float | None = None, method: str = "password"
    ) -> SignIn:
        """Check a password; count failures and lock the account after too many. A name that is no
        account counts and locks exactly the same way, so the answers never tell which names exist; a
        client (`where`) with too many failures, whatever the names, is stopped for a while. Every
        attempt is audited (`method` names the purpose of a successful one in the log)."""
        s = self.settings
        now = time.time() if now is None else now
        name = normalise(username)
        client = where or "?"
        with self._con() as con:
            stopped = self._locked(con, "client", client, now)
        if stopped:
            detail = {"reason": "throttled", "where": where}
            self.record(name or "?", "sign_in_failed", name, detail, ok=False)
            return SignIn("throttled", locked_until=stopped)
        acc = self.account(name) if name else None
        if acc is None or not acc.has_password:
            passwords.burn(password or "", s.bcrypt_rounds)
            with self._con(write=True) as con:
                locked = self._locked(con, "name", name, now)
                if locked is None:
                    locked = self._fail(con, "name", name, now, s.max_failures, None)
                self._fail(con, "client", client, now, s.client_max_failures, s.client_window_minutes)
                reason = {"reason": "unknown", "locked": locked is not None, "where": where}
                self._audit(con, name or "?", None, "sign_in_failed", name, reason, ok=False)
            return SignIn("locked", locked_until=locked) if locked else SignIn("bad")
        if acc.locked(now):
            with self._con(write=True) as con:
                self._fail(con, "client", client, now, s.client_max_failures, s.client_window_minutes)
                reason = {"reason": "locked", "where": where}
                self._audit(con, name, acc.role, "sign_in_failed", name, reason, ok=False)
            return SignIn("locked", locked_until=acc.locked_until)
        with self._con() as con:
            digest = con.execute("select password_hash from users where username = ?", (name,)).fetchone()[0]
        good = passwords.verify(password or "", digest)
        if not good:
            until = now + s.lockout_minutes * 60
            with self._con(write=True) as con:
                con.execute(
                    "update users set failed_count = failed_count + 1,"
                    " locked_until = case when failed_count + 1 >= ? then ? else locked_until end"
                    " where username = ?",
                    (s.max_failures, until, name),
                )
                failed, locked = con.execute(
                    "select failed_count, locked_until from users where username = ?", (name,)
                ).fetchone()
                now_locked = locked is not None and locked > now
                self._fail(con, "client", client, now, s.client_max_failures, s.client_window_minutes)
                self._audit(
                    con,
                    name,
                    acc.role,
                    "sign_in_failed",
                    name,
                    {"reason": "password", "failures": failed, "locked": now_locked, "where": where},
                    ok=False,
                )
                if now_locked:
                    con.execute("update users set failed_count = 0 where username = ?", (name,))
            return SignIn("locked", locked_until=locked) if now_locked else SignIn("bad")
        if not acc.enabled:
            self.record(name, "sign_in_failed", name, {"reason": "disabled", "where": where}, ok=False, role=acc.role)
            return SignIn("disabled")
        rehash = passwords.needs_rehash(digest, s.bcrypt_rounds)
        new_digest = passwords.hash_password(password, s.bcrypt_rounds) if rehash else digest
        with self._con(write=True) as con:
            con.execute(
                "update users set failed_count = 0, locked_until = null, last_sign_in = ?, password_hash = ?"
                " where username = ?",
                (now, new_digest, name),
            )
            self._audit(con, name, acc.role, "sign_in", name, {"method": method, "where": where})
        return SignIn("ok", self.account(name))

    @staticmethod
    def _locked(con: _Connection, kind: str, key: str, now: float) -> float | None:
        row = con.execute("select locked_until from throttle where kind = ? and key = ?", (kind, key)).fetchone()
        return row[0] if row and row[0] is not None and row[0] > now else None

    def _fail(self, con: _Connection, kind: str, key: str, now: float, limit: int, window_min) -> float | None:
        """One more failure of a name (consecutive, like an account's) or a client (within its window);
        the lock's end when this one reaches `limit`."""
        con.execute("delete from throttle where coalesce(locked_until, 0) < ? and since < ?", (now, now - 86400))
        row = con.execute("select failures, since from throttle where kind = ? and key = ?", (kind, key)).fetchone()
        failures, since = row if row else (0, now)
        if window_min is not None and now - since > window_min * 60:
            failures, since = 0, now
        failures += 1
        until = now + self.settings.lockout_minutes * 60 if failures >= limit else None
        con.execute(
            "insert into throttle (kind, key, failures, since, locked_until) values (?, ?, ?, ?, ?)"
            " on conflict (kind, key) do update set failures = excluded.failures, since = excluded.since,"
            " locked_until = excluded.locked_until",
            (kind, key, 0 if until else failures, now if until else since, until),
        )
        return until

    def change_own_password(self, username: str, old: str, new: str, where: str = "") -> SignIn:
        """The user's own change: the current password is checked (failures count towards the lock)."""
        self.check_password(new, username)
        checked = self.authenticate(username, old, where, method="password_check")
        if checked.outcome == "ok":
            self.set_password(username, new, by=normalise(username))
            return SignIn("ok", self.account(username))
        return checked

    def signed_in(self, username: str, method: str, where: str = "") -> None:
        """Note a sign-in made elsewhere (single sign-on)."""
        name = normalise(username)
        with self._con(write=True) as con:
            role = con.execute("select role from users where username = ?", (name,)).fetchone()
            con.execute("update users set last_sign_in = ? where username = ?", (time.time(), name))
            self._audit(con, name, role[0] if role else None, "sign_in", name, {"method": method, "where": where})

    # --- the audit log -----------------------------------------------------------------------------

    def _audit(
        self, con: _Connection, actor: str, role, action: str, target: str, detail: dict, ok: bool = True
    ) -> None:
        at = now_iso()
        text = json.dumps(detail or {}, ensure_ascii=False, default=str, sort_keys=True)
        row = con.execute("select hash from audit order by id desc limit 1").fetchone()
        prev = row[0] if row else _GENESIS
        h = _row_hash(self._key, prev, at, actor, role, action, target, text, int(ok))
        rid = con.execute(
            "insert into audit (at, actor, role, action, target, detail, ok, prev_hash, hash)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (at, actor, role, action, target, text, int(ok), prev, h),
        ).lastrowid
        meta = self._meta(con)
        count = int(meta.get("count", 0)) + 1
        self._set_meta(con, count=count)
        con.head = (meta["log_id"], count, rid, h)

    def record(
        self,
        actor: str,
        action: str,
        target: str = "",
        detail: dict | None = None,
        ok: bool = True,
        role: str | None = None,
    ) -> None:
        """Append one row to the audit log."""
        with self._con(write=True) as con:
            self._audit(con, actor or "?", role, action, target or "", detail or {}, ok)

    def audit(self, limit: int = 1000, action: str | None = None, actor: str | None = None) -> list[dict]:
        """The newest rows first."""
        if not self.exists():
            return []
        with self._con() as con:
            rows = con.execute(
                "select id, at, actor, role, action, target, detail, ok from audit"
                " where (? is null or action = ?) and (? is null or actor = ?) order by id desc limit ?",
                (action, action, actor, actor, int(limit)),
            ).fetchall()
        keys = ("id", "at", "actor", "role", "action", "target", "detail", "ok")
        return [dict(zip(keys, r), ok=bool(r[7])) for r in rows]

    def fork(self) -> None:
        """This file, a copy of another log (a restored backup's), becomes a log of its own: a new id and
        head record, so the original's head and this one's no longer describe each other."""
        with self._con(write=True) as con:
            self._set_meta(con, log_id=secrets.token_hex(16))
            self._write_head(con)

    def chain_since(self) -> dt.datetime | None:
        """When the keyed chain began (local time, naive like the database's timestamps)."""
        if not self.exists():
            return None
        with self._con() as con:
            since = self._meta(con).get("since")
        return dt.datetime.fromisoformat(since).astimezone().replace(tzinfo=None) if since else None

    def verify_chain(self) -> ChainBreak | None:
        """Where the log fails its check (ChainBreak), or None when every row and the head record hold."""
        if not self.exists():
            return None
        with contextlib.suppress(keys.AuditKeyError):  # reported below as no_key
            self._create()  # a log of the former formula is re-chained first
        key = keys.load(create=False)
        with self._raw() as con:
            meta = self._meta(con)
            first = con.execute("select min(id) from audit").fetchone()[0]
            if key is None:
                return ChainBreak(first, "no_key", str(keys.key_path())) if first is not None else None
            if meta.get("key") != keys.fingerprint(key):
                return ChainBreak(first, "key_changed", str(keys.key_path()))
            prev, n, last_id = _GENESIS, 0, 0
            hashes = {}
            for row in con.execute(
                "select id, at, actor, role, action, target, detail, ok, prev_hash, hash from audit order by id"
            ):
                rid, at, actor, role, action, target, detail, ok, stored_prev, stored = row
                expected = _row_hash(key, prev, at, actor, role, action, target, detail, ok)
                if stored_prev != prev or not hmac.compare_digest(expected, stored):
                    return ChainBreak(rid, "row")
                prev, n, last_id = stored, n + 1, rid
                hashes[rid] = stored
        head = keys.read_head(key, meta.get("log_id", ""))
        if head is None:
            return ChainBreak(first, "no_head") if n else None
        if head.get("bad"):
            return ChainBreak(None, "head")
        count, head_last = int(head["count"]), int(head["last_id"])
        # rows beyond the head are signed with the key, so only the key's holder (the app) wrote them
        if n < count or (count and hashes.get(head_last) != head["last_hash"]):
            return ChainBreak(last_id + 1, "truncated", f"{n}/{count}")
        return None
