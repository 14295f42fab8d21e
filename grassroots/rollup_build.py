"""python -m grassroots rollups build --engine duckdb|spark --lake DIR --db OUT: the rollups from a lake.

The rollups are defined once, by their refresh queries (queries/rollups/*.sql and the macros they
call), in the order grassroots.rollups.definitions() gives. Either engine runs those definitions over
the lake's records, for the whole span of months the lake holds:

- duckdb: the lake's record files are registered on the connection under the tables' names, so the
  queries and their macros read them in place of the (empty) tables of OUT;
- spark: the same queries, their macros expanded and written in Spark's dialect by grassroots.dialect,
  run by Spark SQL (`--master local[*]` by default, or a cluster's master) over the lake's files; each
  result is written as Parquet and loaded into OUT.

OUT is created or brought up to date: its reference tables (regions, centres, ...) are loaded from the
lake and its rollup tables replaced, in one transaction. It then serves the app like any database
whose records are summed up in its rollups; the records themselves stay in the lake.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from grassroots import cli, db, lake, rollups, spark
from grassroots.auth import audit
from grassroots.i18n import t
from grassroots.ingest.statements import q
from grassroots.progress import NULL, Progress

ENGINES = ("duckdb", "spark")


def _span(manifest: dict) -> tuple[dt.date, dt.date]:
    """The first day of the lake's first month and the last day of its last month."""
    months = sorted(
        {p["month"] for e in manifest["tables"].values() for p in e["partitions"].values() if p["month"] != "none"}
    )
    if not months:
        raise lake.LakeError("the lake holds no dated records")
    first = dt.date.fromisoformat(months[0] + "-01")
    y, m = map(int, months[-1].split("-"))
    last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def params(grain: str, first: dt.date, last: dt.date) -> dict:
    """A full build's parameters for a refresh query of `grain` over [first, last]."""
    if grain == "day":
        return {"days": None, "day_min": first, "day_max": last}
    return {"months": None, "month_min": first, "month_max": dt.date(last.year, last.month, 1)}


def build(lake_dir, db_path, engine: str = "duckdb", master: str = "local[*]", progress: Progress = NULL) -> dict:
    """Build every rollup from the lake into the database `db_path`; returns rows per rollup and seconds."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: one of {', '.join(ENGINES)}")
    folder = Path(lake_dir).resolve()
    manifest = lake.read_manifest(folder)
    if manifest is None:
        raise lake.LakeError(f"{folder}: no {lake.MANIFEST}; not a lake written by `lake export`")
    started = time.monotonic()

    def checking(done: float, total: float, label: str = "") -> None:  # the first quarter of the bar
        progress(done, 4 * total, label)

    files = lake.check(folder, manifest, checking)
    first, last = _span(manifest)
    definitions = rollups.definitions()
    session = spark.session(master) if engine == "spark" else None
    target = db.resolve(db_path)
    counts: dict[str, int] = {}
    scratch = Path(tempfile.mkdtemp(prefix="rollups-", dir=target.parent))
    try:
        with db.writer(target) as con:
            con.execute("begin")
            try:
                for table in lake.REFERENCE:
                    if table in files:
                        lake.load(con, table, files[table])
                records = {table: lake.columns(con, table) for table in lake.RECORDS if table in files}
                if session is None:
                    for table, cols in records.items():
                        lake_rows = con.read_parquet([str(f) for f in files[table]]).select(*[q(c) for c in cols])
                        con.register(table, lake_rows)  # a view in place of the table, for this connection
                    rollups.load_ext_spans(con)
                else:
                    from grassroots import dialect  # sqlglot comes with requirements-spark.txt

                    known = dialect.macros(con)
                    texts = [rollups.text_of(rollup, query) for rollup, query, _ in definitions]
                    needed = set().union(*(dialect.tables(text, known) for text in texts))
                    for table in sorted(needed & {*lake.RECORDS, *lake.REFERENCE}):  # what the rollups read
                        if table not in files:  # none in the lake: the table's empty shape, from OUT
                            empty = scratch / f"{table}.parquet"
                            con.table(q(table)).limit(0).write_parquet(str(empty))
                            files[table] = [empty]
                        spark.register(session, table, files[table], lake.columns(con, table))
                    session.createDataFrame(
                        rollups.ext_spans(), "weekend boolean, start_min int, end_min int"
                    ).createOrReplaceTempView("ext_spans")
                for i, (rollup, query, grain) in enumerate(definitions):
                    progress(1 + 3 * i / len(definitions), 4, rollup)
                    con.execute(f"delete from {q(rollup)}")
                    text, bound = rollups.bind(rollup, query, params(grain, first, last))
                    if session is None:
                        con.execute(text, bound)
                    else:
                        out = scratch / rollup
                        spark.run(session, dialect.to_spark(text, known), bound, out, view=rollup)
                        con.execute(
                            f"insert into {q(rollup)} by name select * from read_parquet($f)",
                            {"f": str(out / "*.parquet")},
                        )
                    counts[rollup] = con.execute(f"select count(*) from {q(rollup)}").fetchall()[0][0]
                if session is None:
                    for table in records:
                        con.unregister(table)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if session is not None:
            session.stop()
    progress(1, 1, "")
    seconds = round(time.monotonic() - started, 2)
    audit.record(target, audit.cli_actor(), "import", str(folder), {"rollups": engine, "tables": counts})
    return {"engine": engine, "rollups": counts, "seconds": seconds, "first": first, "last": last}


def configure(p) -> None:
    subs = p.add_subparsers(dest="rollups_command", required=True)
    b = subs.add_parser("build", help="build every rollup from a lake with DuckDB or Spark SQL into a database")
    b.add_argument("--engine", choices=ENGINES, default="duckdb", help="who runs the rollup queries")
    b.add_argument("--lake", required=True, metavar="DIR", help="a folder written by `lake export` or `lake demo`")
    b.add_argument("--db", required=True, metavar="OUT", help="the database to write (created when missing)")
    b.add_argument("--master", default="local[*]", help="Spark's master: local[*] (default), spark://host:7077, yarn")
    cli.add_quiet(b)
    cli.add_lang(b)


def run(args) -> int:
    progress = cli.progress_bar(args)
    try:
        s = build(args.lake, args.db, args.engine, args.master, progress)
    except spark.SparkMissing as exc:
        print(t("rollups.spark_missing", args.lang, reason=exc), file=sys.stderr)
        return 2
    except (lake.LakeError, spark.SparkFailed, ValueError, db.DatabaseBusy, OSError, duckdb.Error) as exc:
        print(t("lake.error", args.lang, reason=exc), file=sys.stderr)
        return 1
    rows = sum(s["rollups"].values())
    print(
        t(
            "rollups.built",
            args.lang,
            engine=s["engine"],
            n=len(s["rollups"]),
            rows=rows,
            db=db.resolve(args.db),
            first=s["first"],
            last=s["last"],
            seconds=s["seconds"],
        )
    )
    return 0
