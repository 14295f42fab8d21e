"""The schema in two layers: migrations (tables) and macros (definitions).

migrations/NNN_name.sql hold tables only. Each is applied once, in order, in a transaction, and
recorded in schema_migrations with the SHA-256 of its text. An applied migration never changes: a
database whose applied migration's text differs from the file now is refused, naming the file. A
database that recorded no checksum (made before checksums were kept) gets the current ones recorded
on its first open for writing.

macros/NN_subject.sql hold every macro, each `create or replace`, in file order so that a macro comes
after those it uses. They are applied after the migrations each time a database is migrated or opened
for writing, so every database holds the current text of every macro; read-only connections see the
macros stored in the database's catalogue. After them come the window readers (WINDOW_READERS): one
text makes each, as the readers differ only in the rollup and the builder they read; and beside each its
whole-month twin (WHOLE_READER), its twin for a window without a whole month (PART_READER) and its twin for a
window starting on a month's first day (TAIL_READER), which grassroots/sql.py calls in its place for such
windows.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from grassroots.errors import Refused

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MACROS_DIR = Path(__file__).parent / "macros"
# A window's rows of a month-grain rollup: reader macro -> (rollup table, builder macro giving the rollup's
# rows for the records in [lo, hi) but not in [skip_from, skip_to)). A reader takes the window's whole
# months from the rollup and its edge days from the builder (macros/02_windows.sql), so its rows sum to the
# builder's over the whole window (tests/test_services_rollups.py). Each edge is its own call of the builder
# bounded by that edge alone (skipping nothing), so its scan skips every row group outside the edge rather
# than reading the whole window's rows to drop those of the whole months. For a balance over all history,
# pass the first representable date as date_from.
WINDOW_READERS = {
    "service_items_in": ("rollup_service_items_monthly", "service_items_agg"),  # 05_services.sql
    "service_hours_in": ("rollup_service_hours_monthly", "service_hours_agg"),
    "services_in": ("rollup_services_monthly", "services_daily_agg"),
    "volunteering_in": ("rollup_volunteering_monthly", "volunteering_agg"),  # 06_volunteering.sql
    "ticket_close_hist_in": ("rollup_ticket_close_hist", "ticket_close_hist_agg"),  # 09_ticket_histograms.sql
}
WINDOW_READER = """create or replace macro {reader}(date_from, date_to, as_of) as table
    select * from {rollup}
    where in_whole_months(month, date_from, date_to, as_of)
    union all by name
    select * from {builder}(date_from, least(whole_from(date_from), date_to::date), date_from, date_from)
    union all by name
    select * from {builder}(greatest(whole_to(date_to, as_of), least(whole_from(date_from), date_to::date)),
                            date_to, date_from, date_from);"""
# The same reader for a window of whole months: the rollup alone, without planning the builder's scan of
# the edge days (which are empty then, yet cost a scan of the window's finer rows).
WHOLE_READER = """create or replace macro {whole}(date_from, date_to, as_of) as table
    select * from {rollup}
    where in_whole_months(month, date_from, date_to, as_of);"""


# The same reader for a window that holds no whole month (a part of one month, or the ragged ends of two):
# every day is an edge day, so one builder call over the window, without planning the rollup's read and a
# second edge's scan.
PART_READER = """create or replace macro {part}(date_from, date_to, as_of) as table
    select * from {builder}(date_from, date_to, date_from, date_from);"""


# The same reader for a window starting on a month's first day (a month, a quarter, a year to date and their
# comparison windows): its whole months from the rollup and its ragged end from the builder, without planning
# the empty left edge. (For such a window whole_from is date_from, so WINDOW_READER's left edge is empty and
# its right edge starts at whole_to.)
TAIL_READER = """create or replace macro {tail}(date_from, date_to, as_of) as table
    select * from {rollup}
    where in_whole_months(month, date_from, date_to, as_of)
    union all by name
    select * from {builder}(whole_to(date_to, as_of), date_to, date_from, date_from);"""


def whole_reader(reader: str) -> str:
    """The name of a window reader's whole-month twin: services_in -> services_whole."""
    return reader.removesuffix("_in") + "_whole"


def part_reader(reader: str) -> str:
    """The name of a window reader's twin for a window without a whole month: services_in -> services_part."""
    return reader.removesuffix("_in") + "_part"


def tail_reader(reader: str) -> str:
    """The name of a window reader's twin for a window starting on a month's first day: services_in ->
    services_tail."""
    return reader.removesuffix("_in") + "_tail"


def available() -> list[tuple[int, Path]]:
    out = []
    for p in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = re.match(r"(\d+)_", p.name)
        if m:
            out.append((int(m.group(1)), p))
    return out


def newest() -> int:
    return max((v for v, _ in available()), default=0)


def macro_files() -> list[Path]:
    return sorted(MACROS_DIR.glob("*.sql"))


def macro_texts() -> list[str]:
    """The statements that make every macro: the files of macros/ in order, then the window readers and
    their twins (names from this module, never input)."""
    files = [p.read_text(encoding="utf-8") for p in macro_files()]
    readers = [WINDOW_READER.format(reader=r, rollup=t, builder=b) for r, (t, b) in WINDOW_READERS.items()]
    wholes = [WHOLE_READER.format(whole=whole_reader(r), rollup=t) for r, (t, _) in WINDOW_READERS.items()]
    parts = [PART_READER.format(part=part_reader(r), builder=b) for r, (_, b) in WINDOW_READERS.items()]
    tails = [TAIL_READER.format(tail=tail_reader(r), rollup=t, builder=b) for r, (t, b) in WINDOW_READERS.items()]
    return files + readers + wholes + parts + tails


def checksum(path: Path) -> str:
    """SHA-256 of a migration's text (line endings as LF, so a checkout's conversion changes nothing)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = _one(con, "select count(*) from information_schema.tables where table_name = 'schema_migrations'")
    if not exists:
        return 0
    return int(_one(con, "select coalesce(max(version), 0) from schema_migrations"))


def _one(con: duckdb.DuckDBPyConnection, query: str):
    row = con.execute(query).fetchone()
    assert row is not None  # an aggregate without grouping returns one row
    return row[0]


def _in_transaction(con: duckdb.DuckDBPyConnection, *statements: tuple[str, dict | None]) -> None:
    con.execute("begin transaction")
    try:
        for text, params in statements:
            con.execute(text, params)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def verify(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a database whose applied migrations differ from the files; record the checksums a
    database has not recorded yet (trust on first use)."""
    files = dict(available())
    unrecorded = []
    for version, recorded in con.execute("select version, checksum from schema_migrations order by version").fetchall():
        path = files.get(version)
        if path is None:
            continue  # a migration of a newer program
        if recorded is None:
            unrecorded.append((version, checksum(path)))
        elif recorded != checksum(path):
            raise Refused("schema.migration_changed", file=path.name, version=version)
    if unrecorded:
        update = "update schema_migrations set checksum = $sum where version = $v"
        _in_transaction(con, *((update, {"v": v, "sum": s}) for v, s in unrecorded))


_MACRO_NAME = re.compile(r"create\s+or\s+replace\s+macro\s+([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def macro_names() -> set[str]:
    """The names of every macro macro_texts makes."""
    return {name for text in macro_texts() for name in _MACRO_NAME.findall(text)}


def apply_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every macro (macro_texts) and drop the database's macros this code no longer makes (a renamed
    or removed one would otherwise stay callable in a database made by older code), in one transaction."""
    current = macro_names()
    stale = [
        (name, kind)
        for name, kind in con.execute(
            "select distinct function_name, function_type from duckdb_functions() "
            "where database_name = current_database() and schema_name = 'main' "
            "and function_type in ('macro', 'table_macro') and not internal"
        ).fetchall()
        if name not in current
    ]
    drops = [(f'drop macro {"table " if kind == "table_macro" else ""}"{name}"', None) for name, kind in stale]
    _in_transaction(
        con,
        *drops,
        *((text, None) for text in macro_texts()),
        # the record of which macros the database holds: the comment of schema_migrations (a hex digest of this
        # module's, never input), outside every table's rows, so backups and table checksums are unchanged
        (f"comment on table schema_migrations is '{MACROS_COMMENT}{macros_checksum()}'", None),
    )


MACROS_COMMENT = "macros sha256 "


def macros_checksum() -> str:
    """SHA-256 of every macro's text (macro_texts), as apply_macros records it (MACROS_COMMENT)."""
    return hashlib.sha256("\n;\n".join(macro_texts()).encode("utf-8")).hexdigest()


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a database needs nothing from this code (read-only): every migration applied with its checksum
    recorded and equal to its file, and the macros of this code's text. Otherwise a writer brings it there."""
    row = con.execute(
        "select comment from duckdb_tables() where database_name = current_database() and schema_name = 'main' "
        "and table_name = 'schema_migrations'"
    ).fetchone()
    if row is None or row[0] != MACROS_COMMENT + macros_checksum() or current_version(con) != newest():
        return False
    recorded = dict(con.execute("select version, checksum from schema_migrations").fetchall())
    return all(recorded.get(version) == checksum(path) for version, path in available())


def upgrade(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """Check the applied migrations, apply every migration newer than the database (none beyond `up_to`,
    when given), then, once the database has every table, the macros; returns the versions applied."""
    con.execute(
        "create table if not exists schema_migrations (version integer primary key, name varchar, "
        "applied_at timestamp default current_localtimestamp(), checksum varchar)"
    )
    con.execute("alter table schema_migrations add column if not exists checksum varchar")
    verify(con)
    have = current_version(con)
    applied = []
    for version, path in available():
        if version <= have or (up_to is not None and version > up_to):
            continue
        _in_transaction(
            con,
            (path.read_text(encoding="utf-8"), None),
            (
                "insert into schema_migrations (version, name, checksum) values ($v, $n, $sum)",
                {"v": version, "n": path.name, "sum": checksum(path)},
            ),
        )
        applied.append(version)
    if current_version(con) == newest():
        apply_macros(con)  # macros read tables, so only a database with all of them gets them
        _build_new_rollups(con, applied)
    return applied


# rollups a migration adds, built from the records already there: version -> table whose rollups it adds
NEW_ROLLUPS = {14: "tickets", 17: "tickets"}


def _build_new_rollups(con: duckdb.DuckDBPyConnection, applied: list[int]) -> None:
    from grassroots import rollups

    for table in dict.fromkeys(NEW_ROLLUPS[v] for v in applied if v in NEW_ROLLUPS):
        con.execute("begin")
        try:
            rollups.refresh(con, table, None)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
