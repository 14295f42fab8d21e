"""python -m grassroots restore --from DIR --db PATH [--force]: a backup folder back into a database
(see grassroots/backup.py). Exit status 0 when every table matches its checksum, 1 otherwise.

The accounts and the audit log are not rolled back: the restore is appended to the log, and the
accounts that changed since the backup are listed (and recorded with it), not reverted."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from grassroots import cli, db
from grassroots.auth import audit
from grassroots.backup import BackupError, restore
from grassroots.i18n import t


def configure(p) -> None:
    p.add_argument("--from", dest="source", required=True, metavar="DIR", help="a folder written by `backup`")
    cli.add_db(p, help="database file to create or replace (default: data/demo.duckdb or $GRASSROOTS_DB)")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    cli.add_quiet(p)
    cli.add_lang(p)


def run(args) -> int:
    progress = cli.progress_bar(args)
    try:
        m = restore(args.source, args.db, force=args.force, progress=progress)
    except (BackupError, db.DatabaseBusy, OSError, duckdb.Error) as exc:
        print(t("backup.error", args.lang, reason=exc), file=sys.stderr)
        return 1
    rows = sum(e["rows"] for e in m["tables"].values())
    target = db.resolve(args.db)
    audit.record(
        target,
        audit.cli_actor(),
        "restore",
        str(Path(args.source).resolve()),
        {
            "tables": len(m["tables"]),
            "rows": rows,
            "backup_created_at": m.get("created_at"),
            "account_changes": m["account_changes"],
        },
    )
    print(
        t(
            "backup.restored",
            args.lang,
            tables=len(m["tables"]),
            rows=rows,
            dir=args.source,
            db=target,
            seconds=m["seconds"],
        )
    )
    if m["account_changes"]:
        print(t("backup.accounts_kept", args.lang, n=len(m["account_changes"])))
        for c in m["account_changes"]:
            print("  " + t(f"backup.account_change.{c['change']}", args.lang, **c))
    return 0
