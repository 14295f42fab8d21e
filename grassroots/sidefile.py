"""Small SQLite files kept beside the database (`<database>.<kind>.sqlite`) for what must stay writable
while the app reads DuckDB read-only: what alerts fired, what was delivered, which assessments were
filed. One way to name them, create them and write to them."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path


def beside(db: str | Path, kind: str) -> Path:
    """`<database>.<kind>.sqlite` next to the database file."""
    db = Path(db)
    return db.with_name(f"{db.name}.{kind}.sqlite")


def create(path: Path, schema: str, wal: bool = False) -> None:
    """Create the file's tables (the schema's statements say `if not exists`)."""
    con = sqlite3.connect(path, timeout=30)
    try:
        if wal:
            con.execute("pragma journal_mode = wal")
        con.executescript(schema)
    finally:
        con.close()


@contextlib.contextmanager
def immediate(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction on `con` taken at once (`begin immediate`), committed at the end of the block or
    rolled back on any error."""
    con.execute("begin immediate")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


@contextlib.contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction on a new connection to the file (`immediate`); rows come back as sqlite3.Row."""
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        with immediate(con):
            yield con
    finally:
        con.close()


class Store:
    """A side file with the tables of the subclass's `schema`, created when missing; `_con()` is one write
    transaction."""

    schema = ""
    wal = False

    def __init__(self, path: Path):
        self.path = Path(path)
        create(self.path, self.schema, wal=self.wal)

    def _con(self):
        return transaction(self.path)
