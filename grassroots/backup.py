"""python -m grassroots backup --db PATH --to DIR: the whole database as a folder of Parquet files.

A backup folder holds one Parquet file per table (tables/<name>.parquet), a copy of the accounts
file (auth.sqlite, when the database has one) and manifest.json: the schema version, each table's
row count and checksum (grassroots.db.table_checksums), each sequence's value and each file's
SHA-256. It is written from one read-only snapshot (the version current when it starts) into a
temporary folder renamed into place at the end: a folder with a manifest is a complete backup.

`restore` (grassroots/restore.py) builds the database in a temporary file beside the target -
migrations up to the backup's schema version, every table's rows, the sequences - and checks every
table against the manifest's checksum before the file replaces the target under the writer's lock,
then brings the schema up to date. The restore is exact or it does not happen.

Accounts and the audit log are not rolled back: a live accounts file stays as it is, so every audit
row written since the backup stays, and the accounts that differ from the backup's (added, removed,
disabled, enabled, role, scope or password changed since) are reported and recorded with the restore
event instead of being reverted. Only where the target has no accounts file is the backup's copied in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from grassroots import __version__, cli, db
from grassroots.auth import Store, audit, path_for
from grassroots.i18n import t
from grassroots.ingest.statements import q as _quote
from grassroots.progress import NULL, Progress
from grassroots.schema import migrate

FORMAT = "grassroots-backup/1"
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
ACCOUNTS = "auth.sqlite"


class BackupError(RuntimeError):
    """A backup or restore refused, with the reason for the user."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def copy_sqlite(src: Path, dst: Path) -> None:
    """A consistent copy of a SQLite file that others may be using (SQLite's online backup)."""
    with (
        contextlib.closing(sqlite3.connect(src, timeout=30)) as a,
        contextlib.closing(sqlite3.connect(dst, timeout=30)) as b,
    ):
        a.backup(b)


def sequences(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    rows = con.execute(
        "select sequence_name, last_value from duckdb_sequences() where schema_name = 'main'"
        " and database_name = current_database()"
    ).fetchall()
    return {name: (None if value is None else int(value)) for name, value in rows}


def backup(db_path, folder, progress: Progress = NULL) -> dict:
    """Write the backup folder `folder` (which must not exist, or be empty); returns the manifest."""
    source = db.resolve(db_path)
    if not source.exists():
        raise BackupError(f"database not found: {source}")
    target = Path(folder).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty folder; choose a new folder")
    started = time.monotonic()
    tmp = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / TABLES_DIR).mkdir(parents=True)
    try:
        with db.reader(source) as con:
            sums = db.table_checksums(con)
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "app_version": __version__,
                "created_at": dt.datetime.now().astimezone().isoformat(),
                "source": source.name,
                "schema_version": migrate.current_version(con),
                "sequences": sequences(con),
                "tables": {},
                "accounts": None,
            }
            total = sum(n for n, _ in sums.values()) or 1
            done = 0
            for name, (rows, checksum) in sums.items():
                progress(done, total, name)
                file = tmp / TABLES_DIR / f"{name}.parquet"
                con.table(_quote(name)).write_parquet(str(file), compression="zstd")
                manifest["tables"][name] = {
                    "rows": rows,
                    "checksum": checksum,
                    "file": f"{TABLES_DIR}/{file.name}",
                    "sha256": sha256(file),
                }
                done += rows
        accounts = path_for(source)
        if accounts.exists():
            copy_sqlite(accounts, tmp / ACCOUNTS)
            manifest["accounts"] = {"file": ACCOUNTS, "sha256": sha256(tmp / ACCOUNTS)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    progress(1, 1, "")
    manifest["seconds"] = time.monotonic() - started
    return manifest


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup folder, with every file checked against its SHA-256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder}: no {MANIFEST} - not a backup folder, or an unfinished one") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: unreadable ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST}: not a {FORMAT} manifest")
    files = [(name, e) for name, e in manifest.get("tables", {}).items()]
    if manifest.get("accounts"):
        files.append((ACCOUNTS, manifest["accounts"]))
    for name, entry in files:
        path = (folder / str(entry.get("file", ""))).resolve()
        if folder.resolve() not in path.parents:
            raise BackupError(f"{MANIFEST}: {name}: file outside the backup folder")
        if not path.exists():
            raise BackupError(f"{name}: {entry.get('file')} is missing from the backup")
        if sha256(path) != entry.get("sha256"):
            raise BackupError(f"{name}: {entry.get('file')} does not match its checksum (damaged or changed)")
    return manifest


def _parquet_columns(path: Path) -> set[str]:
    with duckdb.connect() as con:
        return {name for (name,) in con.execute("select name from parquet_schema($f)", {"f": str(path)}).fetchall()}


def _build(tmp: Path, folder: Path, manifest: dict, progress: Progress) -> dict[str, tuple[int, int]]:
    """The database of the backup, in the file `tmp`, checked table by table."""
    version = int(manifest.get("schema_version", 0))
    tables = manifest["tables"]
    con = duckdb.connect(str(tmp))
    try:
        migrate.upgrade(con, up_to=version)
        entry = tables.get("schema_migrations")
        if entry and "checksum" not in _parquet_columns(folder / entry["file"]):
            # a backup from before migrations were checksummed: its table as it was; the upgrade at
            # the end adds the column back and records the checksums
            con.execute("alter table schema_migrations drop column checksum")
        have = set(db.table_checksums(con))
        missing, unknown = sorted(have - set(tables)), sorted(set(tables) - have)
        if missing or unknown:
            raise BackupError(
                f"the backup does not fit schema version {version}: missing tables {missing}, unknown tables {unknown}"
            )
        total = sum(int(e["rows"]) for e in tables.values()) or 1
        done = 0
        con.execute("begin transaction")
        for name, entry in tables.items():
            progress(done, total, name)
            con.execute(f"delete from {_quote(name)}")  # rows a migration seeds are in the backup too
            con.execute(
                f"insert into {_quote(name)} by name select * from read_parquet($file)",
                {"file": str(folder / entry["file"])},
            )
            done += int(entry["rows"])
        known = sequences(con)
        for name, value in (manifest.get("sequences") or {}).items():
            if name not in known:
                raise BackupError(f"sequence {name} is not in schema version {version}")
            if value is not None:
                con.execute("select setval($name, $value)", {"name": name, "value": int(value)})
        con.execute("commit")
        got = db.table_checksums(con)
        wrong = [n for n, e in tables.items() if got.get(n) != (int(e["rows"]), int(e["checksum"]))]
        if wrong:
            raise BackupError(f"restored tables differ from the backup: {wrong}")
        migrate.upgrade(con)  # then up to this version of the code
        con.execute("checkpoint")
        return got
    finally:
        con.close()


def restore(folder, db_path, force: bool = False, progress: Progress = NULL) -> dict:
    """Replace (or create) the database at `db_path` with the backup in `folder`; returns the manifest."""
    folder = Path(folder).resolve()
    target = db.resolve(db_path)
    if target.exists() and not force:
        raise BackupError(f"{target} exists; add --force to replace it with the backup")
    started = time.monotonic()
    manifest = read_manifest(folder)
    newest = max((v for v, _ in migrate.available()), default=0)
    if int(manifest.get("schema_version", 0)) > newest:
        raise BackupError(
            f"the backup has schema version {manifest['schema_version']}, newer than this "
            f"program's {newest}; restore it with a newer version"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        p.unlink(missing_ok=True)
    try:
        _build(tmp, folder, manifest, progress)
        with db.exclusive(target):  # viewers and imports wait, then see the restored database
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
            os.replace(tmp, target)
    finally:
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            p.unlink(missing_ok=True)
    manifest["account_changes"] = []
    if manifest.get("accounts"):
        manifest["account_changes"] = _restore_accounts(folder / manifest["accounts"]["file"], path_for(target))
    progress(1, 1, "")
    manifest["seconds"] = time.monotonic() - started
    return manifest


def _restore_accounts(src: Path, live: Path) -> list[dict]:
    """The live accounts and audit log stay; the backup's are copied in only where there are none.
    Returns how the live accounts differ from the backup's (nothing is reverted)."""
    if live.exists():
        return account_differences(src, live)
    copy_sqlite(src, live)
    Store(live).fork()  # a copy of the backup's log carries on as a log of its own
    return []


_ACCOUNT_FIELDS = "username, role, scope_region, coalesce(scope_centre, ''), enabled, coalesce(password_hash, '')"


def _accounts_in(path: Path) -> dict[str, tuple]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as con:
        return {r[0]: r[1:] for r in con.execute(f"select {_ACCOUNT_FIELDS} from users")}


def account_differences(backup_file: Path, live_file: Path) -> list[dict]:
    """The accounts that changed since the backup: [{user, change, before, after}], change one of
    added, removed, disabled, enabled, role, scope, password (a reset or a change; no hash is shown)."""
    before, after = _accounts_in(backup_file), _accounts_in(live_file)
    out = []
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        if b is None or a is None:
            out.append({"user": name, "change": "added" if b is None else "removed", "before": "", "after": ""})
            continue
        (b_role, b_region, b_centre, b_on, b_pw), (a_role, a_region, a_centre, a_on, a_pw) = b, a
        if b_role != a_role:
            out.append({"user": name, "change": "role", "before": b_role, "after": a_role})
        if (b_region, b_centre) != (a_region, a_centre):
            scope = lambda region, centre: f"centre:{centre}" if centre else region  # noqa: E731
            out.append(
                {
                    "user": name,
                    "change": "scope",
                    "before": scope(b_region, b_centre),
                    "after": scope(a_region, a_centre),
                }
            )
        if b_on != a_on:
            out.append({"user": name, "change": "enabled" if a_on else "disabled", "before": "", "after": ""})
        if b_pw != a_pw:
            out.append({"user": name, "change": "password", "before": "", "after": ""})
    return out


# --- the command ------------------------------------------------------------------------------------


def configure(p) -> None:
    cli.add_db(p)
    p.add_argument("--to", required=True, metavar="DIR", help="a new (or empty) folder for the backup")
    cli.add_quiet(p)
    cli.add_lang(p)


def run(args) -> int:
    progress = cli.progress_bar(args)
    try:
        m = backup(args.db, args.to, progress)
    except (BackupError, db.DatabaseBusy, OSError, duckdb.Error) as exc:
        print(t("backup.error", args.lang, reason=exc), file=sys.stderr)
        return 1
    rows = sum(e["rows"] for e in m["tables"].values())
    audit.record(
        db.resolve(args.db),
        audit.cli_actor(),
        "backup",
        str(Path(args.to).resolve()),
        {"tables": len(m["tables"]), "rows": rows},
    )
    print(t("backup.done", args.lang, tables=len(m["tables"]), rows=rows, dir=args.to, seconds=m["seconds"]))
    return 0
