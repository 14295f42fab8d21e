"""Writing to the audit log from anywhere: the app, command-line imports, backups.

The action has already happened when it is recorded; a log that cannot be written (a full disk, a
read-only folder) is reported on the server log and does not undo or block the action.
"""

from __future__ import annotations

import getpass
import logging
import os
import sqlite3

from grassroots.auth.store import Store

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


def record(
    db_path,
    actor: str,
    action: str,
    target: str = "",
    detail: dict | None = None,
    ok: bool = True,
    role: str | None = None,
) -> bool:
    """Append an audit row for the database at `db_path`; False (and a server-log entry) when it cannot."""
    try:
        Store.for_db(db_path).record(actor, action, target, detail, ok, role)
        return True
    except (sqlite3.Error, OSError) as exc:
        log.error("audit log not written (%s %s %s): %s", actor, action, target, exc)
        return False


def import_detail(reports) -> dict:
    """What the audit log keeps of an import: per file (sheet) its table, outcome and row counts."""
    return {
        "files": [
            {
                "file": r.file,
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
