"""The analysts' SQL console and table browser: read-only, over the model only, within a region scope.

Defence in depth, each layer enough on its own for the attacks it names:
1. The statement gate (`check`): DuckDB's own parser reads the text (`extract_statements`,
   `json_serialize_sql`); exactly one SELECT (WITH, DESCRIBE and SUMMARIZE are SELECTs) passes.
   Its syntax tree is walked: every table must be one of the console's views (or a CTE of the query,
   never qualified by a catalog or schema); table functions other than range/generate_series/unnest,
   and functions that read files, the network, settings or the environment, or run SQL from text,
   are refused. So writes, ATTACH, INSTALL/LOAD, COPY, SET, PRAGMA, EXPORT, read_csv('/etc/passwd'),
   FROM 'file.csv' (a replacement scan) and query('...') never reach the engine.
2. The connection: a private in-memory DuckDB that ATTACHes the database file READ_ONLY as `model`,
   defines the views (queries/explorer/console_views.sql), then turns external access off
   (no files, no network, no extensions) and locks its configuration, so no statement can turn it
   back on. Memory is capped; spilling to disk is off.
3. The scope: the views filter every table to the console's region prefix, and mask residents'
   personal data unless the role may see it (every column the catalogue grassroots/schema/personal.toml
   calls personal); the raw tables are reachable only as `model.<table>` and the unmasked views only
   as `scoped.<view>`, which the gate refuses.
4. Limits: a timer interrupts a query after `TIME_LIMIT_S`; at most `max_rows` rows are fetched
   (the result streams, so a huge result is never built).
The console reads the database version that was current when it opened; an import meanwhile writes
the next version (grassroots.db), so a console never blocks an import or another viewer.

Saved queries are one JSON file per user (see `SavedQueries`); a refused statement is never saved.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import io
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from grassroots import db, errors, i18n, privacy, sql

TIME_LIMIT_S = 10.0
MAX_ROWS = 10_000
MAX_SQL_CHARS = 20_000
MEMORY_LIMIT = "1GB"
THREADS = 2
VIEWS_QUERY = "explorer/console_views"
ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
# functions that read files, the network, settings or the environment, or run SQL given as text
DENIED_FUNCTIONS = frozenset(
    {
        "glob",
        "getenv",
        "current_setting",
        "getvariable",
        "query",
        "query_table",
        "sniff_csv",
        "sql_auto_complete",
        "json_serialize_sql",
        "json_deserialize_sql",
        "json_execute_serialized_sql",
        "json_serialize_plan",
        "which_secret",
        "nextval",
        "currval",
        "setseed",
        "checkpoint",
        "force_checkpoint",
        "load_extension",
        "install_extension",
        "current_database",
        "current_catalog",
        "current_schemas",
        "current_schema",
        "read_text",
        "read_blob",
        "parquet_metadata",
        "parquet_schema",
        "parquet_file_metadata",
        "parquet_kv_metadata",
        "parquet_bloom_probe",
        "sqlite_attach",
        "postgres_attach",
        "mysql_attach",
        "st_read",
        "st_read_meta",
        "http_get",
        "http_post",
        "enable_profiling",
        "enable_logging",
        "shell",
    }
)
DENIED_PREFIXES = (
    "read_",
    "duckdb_",
    "pragma_",
    "parquet_",
    "iceberg_",
    "delta_",
    "postgres_",
    "mysql_",
    "sqlite_",
    "http",
    "enable_",
    "disable_",
    "export_",
    "import_",
    "ducklake_",
    "azure_",
    "s3_",
)
_SCOPE = re.compile(r"^[0-9A-Za-z]{0,32}$")
_CTE_NAME = re.compile(r"^[^\W\d][\w]*$")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class ConsoleError(Exception):
    """Something to tell the user: an i18n key and its values."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return i18n.t(self.key, lang, **self.values)


class Refused(errors.Refused, ConsoleError):
    """The statement was refused before it ran."""

    def __init__(self, key: str, **values):
        errors.Refused.__init__(self, key, **values)
        self.key, self.values = key, self.params


class Stopped(ConsoleError):
    """The statement ran and was stopped (time limit) or failed (its own error)."""


@dataclass(frozen=True)
class Result:
    frame: pd.DataFrame
    truncated: bool  # more rows existed than were fetched
    seconds: float
    total: int | None = None  # browse: rows matching the filters


# --- the statement gate ---------------------------------------------------------------------------

_parser_local = threading.local()


def _parser() -> duckdb.DuckDBPyConnection:
    """A data-less connection per thread, only for parsing."""
    con = getattr(_parser_local, "con", None)
    if con is None:
        con = duckdb.connect(
            ":memory:",
            config={
                "enable_external_access": False,
                "autoload_known_extensions": False,
                "autoinstall_known_extensions": False,
            },
        )
        _parser_local.con = con
    return con


def _walk(tree) -> Iterator[dict]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def check(text: str, tables: frozenset[str] | set[str]) -> None:
    """Raise `Refused` unless `text` is one read-only SELECT over `tables` (see the module docstring)."""
    if not isinstance(text, str) or not text.strip():
        raise Refused("console.empty")
    if len(text) > MAX_SQL_CHARS:
        raise Refused("console.too_long", n=MAX_SQL_CHARS)
    parser = _parser()
    try:
        statements = parser.extract_statements(text)
    except duckdb.Error as exc:
        raise Refused("console.parse_error", detail=_first_line(exc)) from None
    if len(statements) != 1:
        raise Refused("console.one_statement", n=len(statements))
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise Refused("console.not_select", kind=str(kind).rsplit(".", 1)[-1])
    row = parser.execute("select json_serialize_sql($q)", {"q": text}).fetchone()
    if row is None:
        raise Refused("console.parse_error", detail="")
    tree = json.loads(row[0])
    if tree.get("error"):
        raise Refused("console.parse_error", detail=tree.get("error_message", ""))
    ctes = set()
    for node in _walk(tree):
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map", []):
                name = str(entry.get("key", ""))
                if _CTE_NAME.match(name):
                    ctes.add(name.lower())
    allowed = {t.lower() for t in tables} | ctes
    for node in _walk(tree):
        node_type = node.get("type")
        if node_type == "BASE_TABLE":
            name = str(node.get("table_name", ""))
            if node.get("catalog_name") or node.get("schema_name") or name.lower() not in allowed:
                full = ".".join(p for p in (node.get("catalog_name"), node.get("schema_name"), name) if p)
                raise Refused("console.table", name=full)
            if node.get("at_clause"):
                raise Refused("console.function", name="AT (...)")
        elif node_type == "TABLE_FUNCTION":
            fn = node.get("function") or {}
            name = str(fn.get("function_name", "")).lower()
            if name not in ALLOWED_TABLE_FUNCTIONS or fn.get("schema") or fn.get("catalog"):
                raise Refused("console.table_function", name=name or "?")
        elif node_type == "SHOW_REF":
            if node.get("show_type") not in ("DESCRIBE", "SUMMARY") or not node.get("query"):
                raise Refused("console.show")
        elif node.get("class") == "FUNCTION":
            name = str(node.get("function_name", "")).lower()
            if node.get("schema") or node.get("catalog"):
                raise Refused(
                    "console.function", name=f"{node.get('catalog') or ''}.{node.get('schema') or ''}.{name}".strip(".")
                )
            if name in DENIED_FUNCTIONS or name.startswith(DENIED_PREFIXES):
                raise Refused("console.function", name=name)
        elif node.get("class") == "PARAMETER":
            raise Refused("console.parameter")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


# --- the connection -------------------------------------------------------------------------------


def valid_scope(scope: str) -> str:
    scope = scope or ""
    if not isinstance(scope, str) or not _SCOPE.match(scope):
        raise Refused("console.bad_scope")
    return scope


def narrowest(user_scope: str, chosen: str) -> str:
    """The console's scope: the region the user picked, but never wider than the user's own scope."""
    user_scope, chosen = user_scope or "", chosen or ""
    return chosen if chosen.startswith(user_scope) else user_scope


class Console:
    """One open console connection (use `open`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, tables: frozenset[str], db_path: str):
        self.con, self.tables, self._db_path = con, tables, db_path

    # the user's SQL
    def run(self, text: str, max_rows: int = MAX_ROWS, time_limit: float = TIME_LIMIT_S) -> Result:
        """Check and run one SELECT; at most `max_rows` rows, stopped after `time_limit` seconds."""
        check(text, self.tables)
        return self._fetch(lambda: self.con.sql(text), max_rows, time_limit)

    # the table browser
    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of a view's columns."""
        self._known(table)
        rel = self.con.table(table)
        return [(c, str(t)) for c, t in zip(rel.columns, rel.types)]

    def browse(
        self,
        table: str,
        filters: list[tuple[str, str, object]] | None = None,
        sort: tuple[str, bool] | None = None,
        max_rows: int = 1000,
        time_limit: float = TIME_LIMIT_S,
    ) -> Result:
        """A view's rows matching `filters` [(column, op, value)], op in contains, eq, ge, le, is_null,
        not_null; sorted by `sort` (column, descending). Built with DuckDB's relational API: values
        are constants, never SQL text."""
        types = dict(self.columns(table))
        try:
            rel = self._narrow(self.con.table(table), types, filters or [], sort)
        except duckdb.Error as exc:
            raise Stopped("console.failed", detail=_first_line(exc)) from None
        result = self._fetch(lambda: rel, max_rows, time_limit)
        total = self._timed(lambda: rel.aggregate("count(*)").fetchall()[0][0], time_limit)
        return Result(result.frame, result.truncated, result.seconds, int(total))

    @staticmethod
    def _narrow(rel, types: dict[str, str], filters, sort):
        from duckdb import ColumnExpression, ConstantExpression, FunctionExpression

        for column, op, value in filters:
            if column not in types:
                raise Refused("console.no_column", column=column)
            col = ColumnExpression(column)
            if op == "is_null":
                rel = rel.filter(col.isnull())
                continue
            if op == "not_null":
                rel = rel.filter(col.isnotnull())
                continue
            if op == "contains":
                text = FunctionExpression("lower", col.cast(duckdb.sqltype("VARCHAR")))
                rel = rel.filter(FunctionExpression("contains", text, ConstantExpression(str(value).lower())))
                continue
            const = ConstantExpression(_typed(value, types[column], column))
            if op == "eq":
                rel = rel.filter(col == const)
            elif op == "ge":
                rel = rel.filter(col >= const)
            elif op == "le":
                rel = rel.filter(col <= const)
            else:
                raise Refused("console.bad_op", op=op)
        if sort:
            column, descending = sort
            if column not in types:
                raise Refused("console.no_column", column=column)
            c = ColumnExpression(column)
            rel = rel.sort(c.desc().nulls_last() if descending else c.asc().nulls_last())
        return rel

    def _known(self, table: str) -> None:
        if table not in self.tables:
            raise Refused("console.table", name=table)

    def _timed(self, work, time_limit: float):
        timer = threading.Timer(time_limit, self.con.interrupt)
        timer.daemon = True
        timer.start()
        try:
            return work()
        except duckdb.InterruptException:
            raise Stopped("console.timeout", s=f"{time_limit:g}") from None
        except duckdb.OutOfMemoryException:
            raise Stopped("console.memory", limit=MEMORY_LIMIT) from None
        except duckdb.Error as exc:
            raise Stopped("console.failed", detail=_first_line(exc).replace(self._db_path, "<db>")) from None
        finally:
            timer.cancel()

    def _fetch(self, relation, max_rows: int, time_limit: float) -> Result:
        started = time.monotonic()

        def work():
            reader = relation().to_arrow_reader(min(max_rows + 1, 10_000))
            batches, n = [], 0
            for batch in reader:
                batches.append(batch)
                n += batch.num_rows
                if n > max_rows:
                    break
            return reader.schema, batches, n

        schema, batches, n = self._timed(work, time_limit)
        import pyarrow as pa

        table = pa.Table.from_batches(batches, schema=schema) if batches else schema.empty_table()
        frame = table.slice(0, max_rows).to_pandas()
        return Result(frame, n > max_rows, time.monotonic() - started)


def _typed(value, type_name: str, column: str):
    t = type_name.upper()
    try:
        if any(k in t for k in ("INT", "DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC")):
            v = float(str(value).strip())
            return int(v) if "INT" in t and v.is_integer() else v
        if t.startswith("TIMESTAMP"):
            return pd.Timestamp(str(value).strip()).to_pydatetime()
        if t == "DATE":
            return pd.Timestamp(str(value).strip()).date()
        if t == "BOOLEAN":
            s = str(value).strip().lower()
            if s in ("true", "1", "是", "y", "yes"):
                return True
            if s in ("false", "0", "否", "n", "no"):
                return False
            raise ValueError(value)
    except (ValueError, TypeError):
        raise Refused("console.bad_value", value=str(value)[:50], column=column, type=type_name) from None
    return str(value)


@contextlib.contextmanager
def open(path: str | os.PathLike | None = None, scope: str = "", may_see_personal: bool = False) -> Iterator[Console]:
    """A console over the database at `path`, scoped to the region prefix `scope`, masking personal
    data unless `may_see_personal`."""
    scope = valid_scope(scope)
    file = str(db.resolve(path))
    if not os.path.exists(file):
        raise FileNotFoundError(f"database not found: {file}")
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": MEMORY_LIMIT,
            "threads": THREADS,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    try:
        con.execute("attach $path as model (read_only)", {"path": file})
        con.execute("set variable console_scope = $scope", {"scope": scope})
        text, _ = sql.load(VIEWS_QUERY)
        con.execute(text)
        tables = _front_views(con, may_see_personal)
        for setting in (
            "set temp_directory = ''",
            "set enable_external_access = false",
            "set lock_configuration = true",
        ):
            con.execute(setting)
        yield Console(con, tables, file)
    finally:
        con.close()


def _front_views(con: duckdb.DuckDBPyConnection, may_see_personal: bool) -> frozenset[str]:
    """In front of each view of schema `scoped`, a view of the same name with every personal column
    passed through its mask (the identity for a role that may see personal data). Its SQL holds only
    identifiers read from the database and the catalogue, checked; no values."""
    views = [r[0] for r in con.execute("select view_name from duckdb_views() where schema_name = 'scoped'").fetchall()]
    for view in views:
        if not _IDENTIFIER.match(view):
            raise ConsoleError("console.failed", detail=view)
        columns = con.execute(
            "select column_name from duckdb_columns() where schema_name = 'scoped' and table_name = $t "
            "order by column_index",
            {"t": view},
        ).fetchall()
        try:
            replaced = list(privacy.sql_masks(con, [c for (c,) in columns], may_see_personal).values())
        except privacy.CatalogueError:
            raise ConsoleError("console.failed", detail=view) from None
        star = f"* replace ({', '.join(replaced)})" if replaced else "*"
        con.execute(f'create view main."{view}" as select {star} from scoped."{view}"')
    return frozenset(views)


# --- downloads ------------------------------------------------------------------------------------


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as Parquet (mixed-type text columns written as text)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            kinds = {type(v) for v in out[col].dropna()}
            if len(kinds) > 1:
                out[col] = out[col].map(
                    lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                )
    buf = io.BytesIO()
    out.to_parquet(buf, index=False)
    return buf.getvalue()


# --- saved queries --------------------------------------------------------------------------------


class SavedQueries:
    """A user's saved queries: one JSON file per user, `<folder>/<user>.json`, where the folder is
    $GRASSROOTS_CONSOLE_DIR or `<database>.console/` beside the database. Each entry holds name, sql
    and saved_at. Only statements the gate accepts are saved."""

    MAX_ENTRIES = 200
    MAX_NAME = 60

    def __init__(self, folder: Path, user: str | None):
        self.folder = Path(folder)
        key = re.sub(r"[^0-9A-Za-z_.-]", "_", user or "")[:64].strip(".") or "_anonymous"
        self.path = self.folder / f"{key}.json"

    @classmethod
    def beside(cls, db_path: str | os.PathLike, user: str | None) -> SavedQueries:
        folder = os.environ.get("GRASSROOTS_CONSOLE_DIR") or str(Path(db_path)) + ".console"
        return cls(Path(folder), user)

    def list(self) -> list[dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            raise ConsoleError("console.saved_unreadable") from None
        return [
            e for e in data if isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("sql"), str)
        ]

    def save(self, name: str, text: str, tables: frozenset[str] | set[str]) -> None:
        name = (name or "").strip()
        if not name or len(name) > self.MAX_NAME:
            raise Refused("console.saved_name", n=self.MAX_NAME)
        check(text, tables)
        entries = [e for e in self.list() if e["name"] != name]
        if len(entries) >= self.MAX_ENTRIES:
            raise Refused("console.saved_full", n=self.MAX_ENTRIES)
        entries.append({"name": name, "sql": text, "saved_at": dt.datetime.now().isoformat(timespec="seconds")})
        self._write(entries)

    def delete(self, name: str) -> None:
        self._write([e for e in self.list() if e["name"] != name])

    def _write(self, entries: builtins.list[dict]) -> None:  # `list` here is the method above
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".saved-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entries, fh, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
