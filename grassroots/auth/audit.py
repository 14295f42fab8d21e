"""Writing to the audit log from anywhere: the app, command-line imports, backups.

The action has already happened when it is recorded; a log that cannot be written (a full disk, a
read-only folder) is reported on the server log and does not undo or block the action.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sqlite3
from pathlib import Path

import duckdb

from grassroots.auth.store import ChainBreak, Store

log = logging.getLogger("grassroots.audit")

ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "session_ended",
    "import",
    "export",
    "console_query",
    "user_added",
    "user_changed",
    "user_unlocked",
    "password_reset",
    "password_changed",
    "backup",
    "restore",
    "deliver",
    "rekey",
    "demo_off",
    "privacy_purge",
    "privacy_export",
    "privacy_erase",
)


def cli_actor() -> str:
    """Who runs a command: the operating-system account."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = str(os.getuid())
    return f"cli:{name}"


def record(db_path, actor: str, action: str, target: str = "", *detail_ok_role, **named) -> bool:
    """Append an audit row for the database at `db_path` (Store.record: detail, ok and role after the
    target); False (and a server-log entry) when it cannot."""
    try:
        Store.for_db(db_path).record(actor, action, target, *detail_ok_role, **named)
        return True
    except (sqlite3.Error, OSError) as exc:
        log.error("audit log not written (%s %s %s): %s", actor, action, target, exc)
        return False


def record_import(db_path, actor: str, reports, was_demo: bool, role: str | None = None) -> bool:
    """The audit row of an import (the command's and the import page's); when it was the first import
    of other data into the demo database, a "demo_off" row too: True then (its one-click sign-in is off).
    Nothing when the database does not exist (an import that refused everything creates none)."""
    if not Path(db_path).exists():
        return False
    ok = all(r.status != "refused" for r in reports)
    target = import_target(reports)
    record(db_path, actor, "import", target, import_detail(reports), ok=ok, role=role)
    return demo_ended(db_path, actor, target, was_demo, role)


def demo_ended(db_path, actor: str, target: str, was_demo: bool, role: str | None = None) -> bool:
    """After an import of `target`: when the database was the demo database before it and is no longer,
    a "demo_off" row (its one-click sign-in is off) and True."""
    from grassroots.auth import places

    if was_demo and not places.is_demo_database(db_path):
        record(db_path, actor, "demo_off", target, {}, role=role)
        return True
    return False


def import_detail(reports) -> dict:
    """What the audit log keeps of an import: per file (sheet) its table, outcome, row counts and the
    file's SHA-256 (which `verify` matches with the database's import log)."""
    return {
        "files": [
            {
                "file": r.file,
                "file_hash": getattr(r, "file_hash", None),
                "sheet": r.sheet,
                "table": r.table,
                "status": r.status,
                "rows_loaded": r.rows_loaded,
                "rows_rejected": r.rows_rejected,
            }
            for r in reports
        ]
    }


def import_target(reports) -> str:
    return ", ".join(dict.fromkeys(r.file for r in reports))


def verify(db_path) -> ChainBreak | None:
    """The audit log's check (grassroots.auth.store.Store.verify_chain), then every import the database
    committed since the keyed chain began must have its audit row: an import whose audit row was never
    written (the process killed between the two) is reported by its file."""
    from grassroots import db, sql

    store = Store.for_db(db_path)
    broken = store.verify_chain()
    if broken is not None or not store.exists():
        return broken
    since = store.chain_since()
    path = db.resolve(db_path)
    if since is None or not path.exists():
        return None
    audited: set[str] = set()
    for r in store.audit(limit=1_000_000, action="import"):
        try:
            files = json.loads(r["detail"]).get("files", [])
        except (ValueError, AttributeError):
            continue
        audited.update(str(f["file_hash"]) for f in files if isinstance(f, dict) and f.get("file_hash"))
    try:
        with db.reader(path) as con:
            imports = sql.run(con, "auth/imports_since", {"since": since})
    except (duckdb.Error, db.DatabaseBusy, OSError) as exc:
        log.error("audit check: import log of %s not read: %s", path, exc)
        return None
    for row in imports.itertuples():
        if row.file_hash not in audited:
            return ChainBreak(None, "unaudited_import", f"{row.file_name} ({row.imported_at:%Y-%m-%d %H:%M:%S})")
    return None


def break_message(broken: ChainBreak, lang: str) -> str:
    """The check's finding for people (strings admin.chain_broken.*)."""
    from grassroots.i18n import t

    return t(f"admin.chain_broken.{broken.reason}", lang, id=broken.row, detail=broken.detail)
