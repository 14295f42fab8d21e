"""Failures of the machine rather than of the data - a full disk, a damaged or truncated database
file, a file another program holds locked - told apart from other errors, so that the user reads what
happened to which file and what to do, never a traceback and never advice about filters.

    kind(exc)                -> "disk_full" | "no_room" | "damaged" | "locked" | "audit_key" | None
    message(kind, path, lang, exc)   the sentence for people (strings error.<kind>)

The app's page guard (grassroots/ui/frame.py), the import (grassroots/ingest/importer.py) and the
command line (grassroots/cli.py) all ask here.
"""

from __future__ import annotations

import errno
import sqlite3

import duckdb

from grassroots.auth.keys import AuditKeyError
from grassroots.i18n import t

KINDS = ("disk_full", "no_room", "damaged", "locked", "audit_key")

_DISK_FULL = ("no space left on device", "disk is full", "database or disk is full", "disk quota exceeded")
_DAMAGED = (
    "not a valid duckdb database file",
    "could not read enough bytes",
    "corrupt",
    "checksum mismatch",
    "file is not a database",
    "database disk image is malformed",
    "failed to read database header",
)
_LOCKED = ("could not set lock on file", "conflicting lock is held", "database is locked")


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def kind(exc: BaseException) -> str | None:
    """What kind of machine failure `exc` (or an exception it came from) is, or None for any other."""
    for e in _chain(exc):
        if isinstance(e, AuditKeyError):  # the audit log's key file (grassroots/auth/keys.py)
            return "audit_key"
        if room(e):  # checked before a writer copies the database (grassroots/db.py)
            return "no_room"
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return "disk_full"
        if not isinstance(e, (OSError, duckdb.Error, sqlite3.Error)):
            continue
        text = str(e).lower()
        if any(w in text for w in _DISK_FULL):
            return "disk_full"
        if any(w in text for w in _DAMAGED):
            return "damaged"
        if any(w in text for w in _LOCKED):
            return "locked"
    return None


def room(exc: BaseException | None) -> dict[str, str]:
    """For a disk without room for a new version (grassroots.db.NoRoom): the bytes needed and free."""
    from grassroots.db import NoRoom

    for e in _chain(exc):
        if isinstance(e, NoRoom):
            return {"need": size_text(e.need), "free": size_text(e.free)}
    return {}


def size_text(n: int) -> str:
    return f"{n / 1e9:,.2f} GB ({n:,} B)"


def message(which: str, path, lang: str | None = None, exc: BaseException | None = None) -> str:
    return t(f"error.{which}", lang or "zh", path=str(path), **room(exc))
