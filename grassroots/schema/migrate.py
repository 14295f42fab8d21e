"""Versioned migrations: migrations/NNN_name.sql applied in order, each once, each in a transaction."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def available() -> list[tuple[int, Path]]:
    out = []
    for p in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = re.match(r"(\d+)_", p.name)
        if m:
            out.append((int(m.group(1)), p))
    return out


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_migrations").fetchone()[0]


def upgrade(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """Apply every migration newer than the database (none beyond `up_to`, when given); returns the
    versions applied."""
    con.execute(
        "create table if not exists schema_migrations (version integer primary key, name varchar, "
        "applied_at timestamp default current_localtimestamp())"
    )
    have = current_version(con)
    applied = []
    for version, path in available():
        if version <= have or (up_to is not None and version > up_to):
            continue
        con.execute("begin transaction")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations (version, name) values ($v, $n)", {"v": version, "n": path.name})
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(version)
    return applied
