"""The records as a lake: Hive-partitioned Parquet that a distributed engine can read, and back.

`python -m grassroots lake export --db PATH --to DIR` writes every record table as
`DIR/<table>/district=<6-digit code>/month=<YYYY-MM>/data_0.parquet` (the partition columns live in
the folder names, not in the files) and every reference table (regions, centres, the service-item
catalogue, programmes, boundaries) as `DIR/reference/<table>.parquet`, then `DIR/manifest.json`:
each partition's and reference file's row count, the rows' checksum and each file's SHA-256.

Exports are incremental: the partitions' counts and checksums are computed in the database and
compared with the manifest already in DIR; only partitions whose rows changed (an import touched
them) are written again, partitions whose rows are gone are removed, the rest are left as they are.
New files are written beside the lake first and moved in partition by partition; the manifest is
replaced last, so a lake with a manifest always lists files that are there.

`python -m grassroots lake import --lake DIR --db PATH` checks every file the manifest lists (present,
same SHA-256, the table's columns) before it opens the database, then loads everything in one
transaction - reference rows and records upserted on their keys, rollups rebuilt, an import_log row
per table - and writes one audit row. A lake that fails a check changes nothing.

How a record falls into a partition is declared once per table in queries/lake/<table>.sql.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from grassroots import __version__, cli, db, privacy, rollups, sql
from grassroots.auth import audit, places
from grassroots.backup import sha256 as _sha256
from grassroots.i18n import t
from grassroots.ingest import model, statements
from grassroots.ingest.statements import q as _quote
from grassroots.progress import NULL, Progress

FORMAT = "grassroots-lake/1"
MANIFEST = "manifest.json"
PARTITION_BY = ("district", "month")
# personal columns in the lake's files: masked as for a role without the personal right (the default), or kept
PERSONAL = ("mask", "keep")
# record tables, partitioned by district and month (queries/lake/<table>.sql says how)
RECORDS = ("tickets", "service_records", "activities", "volunteering", "wishes", "party_member_reports")
# reference tables, one file each; loaded first, since records point at them
REFERENCE = (
    "regions",
    "programmes",
    "programme_targets",
    "centres",
    "service_items",
    "centre_items",
    "region_boundaries",
)


class LakeError(RuntimeError):
    """A lake export or import refused, with the reason for the user."""


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = 'main' and table_name = $t"
        " order by ordinal_position",
        {"t": table},
    ).fetchall()
    return [r[0] for r in rows]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE'"
    ).fetchall()
    return {r[0] for r in rows}


def read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LakeError(f"{path}: not a readable manifest ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise LakeError(f"{path}: format {manifest.get('format')!r} is not {FORMAT}")
    return manifest


def _partition_key(district: str, month: str) -> str:
    return f"district={district}/month={month}"


def rows(con: duckdb.DuckDBPyConnection, table: str, personal: str = "mask") -> duckdb.DuckDBPyRelation:
    """The rows of `table` with their district and month (queries/lake/<table>.sql); with personal="mask" every
    personal column (grassroots/schema/personal.toml) passes through its mask, as for a role without the
    personal right."""
    text, bound = sql.bind(f"lake/{table}", {})
    rel = con.sql(text, params=bound or None)
    if personal == "keep":
        return rel
    masks = privacy.sql_masks(con, list(rel.columns), may_see_personal=False)
    return rel.project(f"* replace ({', '.join(masks.values())})") if masks else rel


def _partition_stats(rel: duckdb.DuckDBPyRelation) -> dict[str, dict]:
    """Each partition's row count and checksum (an order-free hash of its rows)."""
    cols = [c for c in rel.columns if c not in PARTITION_BY]
    row = "row(" + ", ".join(_quote(c) for c in cols) + ")"
    stats = rel.aggregate(f"district, month, count(*) as n, sum(hash({row}))::varchar as checksum", "district, month")
    return {
        _partition_key(d, m): {"district": d, "month": m, "rows": int(n), "checksum": c}
        for d, m, n, c in stats.fetchall()
    }


def _move_into_place(staged: Path, target: Path) -> None:
    """Replace the folder `target` by `staged` (the old one is set aside first, then removed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def open_lake(folder) -> tuple[Path, dict]:
    """The lake folder (refused when it holds something else) and its manifest (empty when new)."""
    lake = Path(folder).resolve()
    if lake.exists() and not lake.is_dir():
        raise LakeError(f"{lake} is a file, not a folder")
    ours = {*RECORDS, "reference"}
    foreign = (
        [p.name for p in lake.iterdir() if p.name not in ours and not p.name.startswith(".")] if lake.exists() else []
    )
    if foreign and not (lake / MANIFEST).exists():
        raise LakeError(f"{lake} is not empty and holds no {MANIFEST}; choose a new folder or an existing lake")
    return lake, read_manifest(lake) or {"tables": {}, "reference": {}}


class Writer:
    """Writes partitions and reference files into a lake, and its manifest last (`close`).

    `table(con, name)` writes the partitions of `name` (as queries/lake/<name>.sql places the rows
    `con` holds) whose count or checksum differs from the manifest and removes those the connection
    no longer has (an export); `add(con, name)` appends the rows `con` holds to their partitions, as
    another file where a partition exists (a generator that writes a month at a time)."""

    def __init__(self, lake: Path, old: dict, source: str, personal: str = "mask"):
        if personal not in PERSONAL:
            raise LakeError(f"personal data: {personal!r} is not one of {', '.join(PERSONAL)}")
        if old.get("personal", personal) != personal:
            raise LakeError(
                f"{lake} was written with --personal {old['personal']}; export with --personal {old['personal']}"
                " or into a new folder"
            )
        self.lake, self.old, self.personal = lake, old, personal
        self.staging = lake / f".staging-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.summary = {"written": 0, "kept": 0, "removed": 0, "rows_written": 0}
        self.manifest: dict = {
            "format": FORMAT,
            "app_version": __version__,
            "written_at": dt.datetime.now().astimezone().isoformat(),
            "source": source,
            "partition_by": list(PARTITION_BY),
            "personal": personal,
            "tables": {},
            "reference": {},
        }

    def table(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        rel = rows(con, table, self.personal)
        stats = _partition_stats(rel)
        before = self.old["tables"].get(table, {}).get("partitions", {})
        changed = [
            key
            for key, s in stats.items()
            if key not in before
            or (before[key]["rows"], before[key]["checksum"]) != (s["rows"], s["checksum"])
            or not all((self.lake / f["file"]).exists() for f in before[key]["files"])
        ]
        if changed:
            if len(changed) < len(stats):
                partition = duckdb.FunctionExpression(
                    "concat",
                    duckdb.ConstantExpression("district="),
                    duckdb.ColumnExpression("district"),
                    duckdb.ConstantExpression("/month="),
                    duckdb.ColumnExpression("month"),
                )
                rel = rel.filter(partition.isin(*[duckdb.ConstantExpression(k) for k in changed]))
            shutil.rmtree(self.staging / table, ignore_errors=True)
            rel.write_parquet(str(self.staging / table), compression="zstd", partition_by=list(PARTITION_BY))
        for key in changed:
            _move_into_place(self.staging / table / key, self.lake / table / key)
            self.summary["written"] += 1
            self.summary["rows_written"] += stats[key]["rows"]
        entry = self.manifest["tables"].setdefault(table, {"columns": columns(con, table), "partitions": {}})
        for key in set(before) - set(stats):
            shutil.rmtree(self.lake / table / key, ignore_errors=True)
            self.summary["removed"] += 1
        self.summary["kept"] += len(stats) - len(changed)
        for key, s in stats.items():
            if key in changed:
                files = sorted((self.lake / table / key).glob("*.parquet"))
                listed = [{"file": f"{table}/{key}/{f.name}", "sha256": _sha256(f)} for f in files]
            else:
                listed = before[key]["files"]
            entry["partitions"][key] = {**s, "files": listed}
        entry["partitions"] = dict(sorted(entry["partitions"].items()))

    def add(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        rel = rows(con, table, self.personal)
        stats = _partition_stats(rel)
        entry = self.manifest["tables"].setdefault(table, {"columns": columns(con, table), "partitions": {}})
        if not stats:
            return
        staged = self.staging / table
        shutil.rmtree(staged, ignore_errors=True)
        rel.write_parquet(str(staged), compression="zstd", partition_by=list(PARTITION_BY))
        for key, s in stats.items():
            have = entry["partitions"].setdefault(key, {**s, "rows": 0, "checksum": "0", "files": []})
            folder = self.lake / table / key
            folder.mkdir(parents=True, exist_ok=True)
            for file in sorted((staged / key).glob("*.parquet")):
                dest = folder / f"data_{len(have['files'])}.parquet"
                os.replace(file, dest)
                have["files"].append({"file": f"{table}/{key}/{dest.name}", "sha256": _sha256(dest)})
            have["rows"] += s["rows"]
            have["checksum"] = str(int(have["checksum"]) + int(s["checksum"]))
            self.summary["written"] += 1
            self.summary["rows_written"] += s["rows"]

    def reference(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        row = "row(" + ", ".join(_quote(c) for c in columns(con, table)) + ")"
        n, checksum = con.execute(f"select count(*), sum(hash({row}))::varchar from {_quote(table)}").fetchall()[0]
        before = self.old["reference"].get(table)
        file = self.lake / "reference" / f"{table}.parquet"
        if before and (before["rows"], before["checksum"]) == (n, checksum) and file.exists():
            self.summary["kept"] += 1
            self.manifest["reference"][table] = before
            return
        staged = self.staging / "reference" / f"{table}.parquet"
        staged.parent.mkdir(parents=True, exist_ok=True)
        ref = con.table(_quote(table))
        masks = {} if self.personal == "keep" else privacy.sql_masks(con, list(ref.columns), may_see_personal=False)
        (ref.project(f"* replace ({', '.join(masks.values())})") if masks else ref).write_parquet(
            str(staged), compression="zstd"
        )
        file.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, file)
        self.summary["written"] += 1
        self.summary["rows_written"] += int(n)
        self.manifest["reference"][table] = {
            "rows": int(n),
            "checksum": checksum,
            "file": f"reference/{file.name}",
            "sha256": _sha256(file),
        }

    def close(self) -> dict:
        """Write the manifest (last, atomically); returns the summary."""
        for entry in self.manifest["tables"].values():
            entry["partitions"] = dict(sorted(entry["partitions"].items()))
        tmp = self.lake / f".{MANIFEST}.{os.getpid()}"
        tmp.write_text(json.dumps(self.manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.lake / MANIFEST)
        self.discard()
        self.summary["partitions"] = sum(len(e["partitions"]) for e in self.manifest["tables"].values())
        return self.summary

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def export(db_path, folder, progress: Progress = NULL, personal: str = "mask") -> dict:
    """Write or bring up to date the lake in `folder`; returns a summary of what was written."""
    source = db.resolve(db_path)
    if not source.exists():
        raise LakeError(f"database not found: {source}")
    lake, old = open_lake(folder)
    started = time.monotonic()
    writer = Writer(lake, old, source.name, personal)
    try:
        with db.reader(source) as con:
            present = _tables(con)
            steps = len(RECORDS) + len(REFERENCE)
            for i, table in enumerate(RECORDS):
                progress(i, steps, table)
                writer.table(con, table)
            for j, table in enumerate(REFERENCE):
                progress(len(RECORDS) + j, steps, table)
                if table in present:
                    writer.reference(con, table)
            progress(steps, steps, "")
        summary = writer.close()
    finally:
        writer.discard()
    summary["seconds"] = round(time.monotonic() - started, 2)
    return summary


def check(lake: Path, manifest: dict, progress: Progress) -> dict[str, list[Path]]:
    """Every file the manifest lists, present and unchanged: table -> files. Raises LakeError naming the file."""
    files: dict[str, list[Path]] = {}
    listed = [(name, e["file"], e["sha256"]) for name, e in manifest.get("reference", {}).items()]
    for table, entry in manifest.get("tables", {}).items():
        for part in entry.get("partitions", {}).values():
            listed.extend((table, f["file"], f["sha256"]) for f in part["files"])
    for i, (table, rel, digest) in enumerate(listed):
        progress(i, len(listed) or 1, rel)
        path = (lake / rel).resolve()
        if lake not in path.parents:
            raise LakeError(f"{lake / MANIFEST}: file {rel} lies outside the lake")
        if not path.exists():
            raise LakeError(f"{path}: listed in {MANIFEST} but missing")
        if _sha256(path) != digest:
            raise LakeError(f"{path}: its SHA-256 differs from {MANIFEST} (the file changed after the export)")
        files.setdefault(table, []).append(path)
    return files


def import_lake(lake_dir, db_path, progress: Progress = NULL) -> dict:
    """Load the lake in `lake_dir` into the database; returns table -> rows loaded."""
    lake = Path(lake_dir).resolve()
    manifest = read_manifest(lake)
    if manifest is None:
        raise LakeError(f"{lake}: no {MANIFEST}; not a lake written by `lake export`")
    started = time.monotonic()

    def checking(done: float, total: float, label: str = "") -> None:  # the first half of the bar
        progress(done, 2 * total, label)

    files = check(lake, manifest, checking)
    order = [t_ for t_ in REFERENCE if t_ in files] + [t_ for t_ in RECORDS if t_ in files]
    unknown = sorted(set(files) - set(order))
    if unknown:
        raise LakeError(f"{lake / MANIFEST}: tables this database does not know: {', '.join(unknown)}")
    loaded: dict[str, dict[str, int]] = {}
    target = db.resolve(db_path)
    was_demo = places.is_demo_database(target)
    with db.writer(target) as con:
        con.execute("begin")
        try:
            for i, table in enumerate(order):
                progress(len(order) + i, 2 * len(order) + 1, table)
                loaded[table] = load(con, table, files[table])
            progress(2 * len(order), 2 * len(order) + 1, "rollups")
            rollups.rebuild(con)
            digest = _sha256(lake / MANIFEST)
            for table, n in loaded.items():
                text, bound = sql.bind(
                    "ingest/log_insert",
                    {
                        "file_name": f"{lake.name}/{table}",
                        "file_hash": digest,
                        "sheet": None,
                        "profile": "lake",
                        "table_name": table,
                        "rows_read": n["rows"],
                        "rows_loaded": n["rows"],
                        "rows_rejected": 0,
                        "rows_new": n["new"],
                        "rows_updated": n["updated"],
                        "rows_unchanged": n["unchanged"],
                        "rows_warned": 0,
                    },
                )
                con.execute(text, bound)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    progress(1, 1, "")
    rows = {table: n["rows"] for table, n in loaded.items()}
    detail = {
        "lake": True,
        "rows": sum(rows.values()),
        "tables": rows,
        "files": [{"file": lake.name, "file_hash": digest}],
    }
    audit.record(target, audit.cli_actor(), "import", str(lake), detail)  # the manifest's hash: as in import_log
    demo_off = audit.demo_ended(target, audit.cli_actor(), str(lake), was_demo)
    seconds = round(time.monotonic() - started, 2)
    return {"tables": loaded, "rows": sum(rows.values()), "seconds": seconds, "demo_off": demo_off}


# the keys of the reference tables the import model does not hold (grassroots/ingest/model.py holds the rest)
KEYS = {
    "programmes": ("programme_id",),
    "programme_targets": ("programme_id", "target_date", "metric"),
    "centre_items": ("centre_id", "item_code"),
    "region_boundaries": ("code",),
}


def key_of(table: str) -> tuple[str, ...]:
    """The columns that name one row of `table`: the import model's key, or KEYS' for a reference table the
    model does not import. The records' tables hold no key constraint (migration 016), so the upsert is ours."""
    if table in model.TABLES:
        return (model.TABLES[table].key,)
    return KEYS.get(table, ())


def load(con, table: str, files: list[Path]) -> dict[str, int]:
    """Upsert the files' rows into `table` on its key (key_of): the rows whose key is there are deleted, then
    every row of the files inserted. Counts of rows read, new, updated and unchanged. Files that name one key
    twice are refused (LakeError): the table would hold it twice."""
    want = columns(con, table)
    if not want:
        raise LakeError(f"the database has no table {table}")
    have = {r[0] for r in con.execute("select name from parquet_schema($f)", {"f": str(files[0])}).fetchall()}
    missing = [c for c in want if c not in have]
    if missing:
        raise LakeError(f"{files[0]}: column(s) {', '.join(missing)} of table {table} are missing")
    cols = ", ".join(_quote(c) for c in want)
    key = key_of(table) or tuple(want)
    keys = ", ".join(_quote(c) for c in key)
    on = " and ".join(f"r.{_quote(c)} = t.{_quote(c)}" for c in key)
    staged = _quote(f"lake_{table}")
    con.execute(
        f"create or replace temp table {staged} as select {cols} "
        "from read_parquet($files, hive_partitioning = false, union_by_name = true)",
        {"files": [str(f) for f in files]},
    )
    try:
        twice = con.execute(f"select {keys} from {staged} group by all having count(*) > 1 limit 1").fetchone()
        if twice is not None:
            named = ", ".join(f"{c} = {v}" for c, v in zip(key, twice))
            raise LakeError(f"{table}: the lake holds the row {named} more than once")
        rows, known = con.execute(
            f"select count(*), count(*) filter (where exists (select 1 from {_quote(table)} t where {on})) "
            f"from {staged} r"
        ).fetchall()[0]
        unchanged = con.execute(
            f"select count(*) from (select {cols} from {staged} intersect select {cols} from {_quote(table)})"
        ).fetchall()[0][0]
        if known:
            con.execute(f"delete from {_quote(table)} t where exists (select 1 from {staged} r where {on})")
        order = statements.clustered(model.TABLES[table], want) if table in model.TABLES else ""
        con.execute(f"insert into {_quote(table)} ({cols}) select {cols} from {staged}{order}")
    finally:
        con.execute(f"drop table if exists temp.{staged}")
    return {"rows": int(rows), "new": int(rows - known), "updated": int(known - unchanged), "unchanged": int(unchanged)}


def configure(p) -> None:
    subs = p.add_subparsers(dest="lake_command", required=True)
    e = subs.add_parser("export", help="write the records as Hive-partitioned Parquet (district=/month=)")
    cli.add_db(e)
    e.add_argument("--to", required=True, metavar="DIR", help="the lake folder (created, or brought up to date)")
    e.add_argument(
        "--personal",
        choices=PERSONAL,
        default="mask",
        help="personal columns masked as for a role without the personal right (default), or kept as stored",
    )
    i = subs.add_parser("import", help="load a lake into a database")
    i.add_argument("--lake", required=True, metavar="DIR", help="a folder written by `lake export`")
    i.add_argument("--db", help="database file (created when missing)")
    d = subs.add_parser("demo", help="write a province's worth of demo records straight into a new lake")
    d.add_argument("--to", required=True, metavar="DIR", help="a new folder for the lake")
    d.add_argument("--tickets", type=int, default=50_000_000, help="tickets over the three years (default 50,000,000)")
    d.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    d.add_argument(
        "--scale", choices=("small", "medium", "large"), default="large", help="whose places (default large)"
    )
    for sub in (e, i, d):
        cli.add_quiet(sub)
        cli.add_lang(sub)


def run(args) -> int:
    progress = cli.progress_bar(args)
    try:
        if args.lake_command == "demo":
            from grassroots.demo import lake as demo_lake

            s = demo_lake.build(args.to, tickets=args.tickets, scale=args.scale, seed=args.seed, progress=progress)
            made = {"tickets": s["counts"]["tickets"], "mb": s["bytes"] / 2**20}
            print(t("lake.demo_done", args.lang, dir=args.to, partitions=s["partitions"], seconds=s["seconds"], **made))
        elif args.lake_command == "export":
            s = export(args.db, args.to, progress, personal=args.personal)
            print(t("lake.exported", args.lang, dir=args.to, **s))
        else:
            s = import_lake(args.lake, args.db, progress)
            print(
                t(
                    "lake.imported",
                    args.lang,
                    dir=args.lake,
                    db=db.resolve(args.db),
                    rows=s["rows"],
                    tables=len(s["tables"]),
                    seconds=s["seconds"],
                )
            )
            if s["demo_off"]:
                print(t("import.demo_off", args.lang))
    except (LakeError, db.DatabaseBusy, OSError, duckdb.Error) as exc:
        if not args.quiet:
            print(file=sys.stderr)
        print(t("lake.error", args.lang, reason=exc), file=sys.stderr)
        return 1
    return 0
