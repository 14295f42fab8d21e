"""The audit log's secret key and head records, kept outside the databases.

The key (32 random bytes, hex) signs every audit row (HMAC-SHA256) and each log's head record. It
lives in one file readable by its owner only (0600), made at first start: $GRASSROOTS_AUDIT_KEY, else
`[audit] key_file` in config/app.toml, else ~/.config/grassroots/audit.key. A path inside the
project's folder is refused, so the key never sits among the tracked files or beside a database
that a backup copies.

A log's head record - its row count, last id and last hash, signed with the key - is written in
`audit-heads/` beside the key file, named by the log's id, so a log that lost its last rows (or all
of them) no longer matches its head.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from grassroots import ROOT

ENV = "GRASSROOTS_AUDIT_KEY"
DEFAULT = Path("~/.config/grassroots/audit.key")


class AuditKeyError(OSError):
    """The key file cannot be used (named with the reason)."""


def key_path() -> Path:
    env = os.environ.get(ENV)
    if env:
        path = Path(env).expanduser()
    else:
        from grassroots import config

        configured = config.app().audit_key_file
        path = Path(configured).expanduser() if configured else DEFAULT.expanduser()
    path = path.resolve()
    if path == ROOT or ROOT in path.parents:
        raise AuditKeyError(f"{path}: the audit key must be kept outside the project's folder ([audit] key_file)")
    return path


def load(create: bool = True) -> bytes | None:
    """The key; made (0600) when missing and `create`, else None when missing."""
    path = key_path()
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return load(create=False)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        return load(create=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"{path}: the audit key cannot be read ({exc})") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise AuditKeyError(f"{path}: not an audit key (expected 64 hexadecimal characters)")
    return key


def fingerprint(key: bytes) -> str:
    """Names a key without revealing it."""
    return hashlib.sha256(b"grassroots-audit-key:" + key).hexdigest()[:16]


def sign(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _head_file(log_id: str) -> Path:
    return key_path().parent / "audit-heads" / f"{log_id}.json"


def _head_body(log_id: str, count: int, last_id: int, last_hash: str) -> str:
    return json.dumps([log_id, count, last_id, last_hash], separators=(",", ":"))


def write_head(key: bytes, log_id: str, count: int, last_id: int, last_hash: str) -> None:
    """The log's head record, replaced whole (a reader sees the old one or the new one)."""
    path = _head_file(log_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    record = {
        "log": log_id,
        "count": count,
        "last_id": last_id,
        "last_hash": last_hash,
        "mac": sign(key, _head_body(log_id, count, last_id, last_hash)),
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_head(key: bytes, log_id: str) -> dict | None:
    """The log's head record: None when there is none; {"bad": True} when it is not signed by the key."""
    try:
        record = json.loads(_head_file(log_id).read_text(encoding="utf-8"))
        body = _head_body(log_id, int(record["count"]), int(record["last_id"]), str(record["last_hash"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return {"bad": True}
    if not hmac.compare_digest(sign(key, body), str(record.get("mac", ""))):
        return {"bad": True}
    return record
