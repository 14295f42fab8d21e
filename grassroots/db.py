"""Connections to the DuckDB file.

Viewing opens short-lived read-only connections; importing takes the one writer. Both sides meet
at a pair of lock files beside the database (a turnstile and a room), so an import waits for the
readers in flight, readers that arrive while an import waits queue behind it, and two imports never
interleave - in one process or across processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from grassroots import DEFAULT_DB
from grassroots.schema import migrate

LOCK_TIMEOUT_S = float(os.environ.get("GRASSROOTS_LOCK_TIMEOUT", "600"))

# In one process DuckDB shares a database instance between connections to the same file, and it
# refuses a read-write connection while a read-only one is open (and the reverse). This lock
# arbitrates inside the process; the flock files arbitrate between processes.
_process_lock = threading.Condition()
_readers_in_process = 0
_writer_in_process = False


class DatabaseBusy(RuntimeError):
    """The database stayed locked by another import for longer than the timeout."""


def resolve(path: str | os.PathLike | None) -> Path:
    if path is None:
        path = os.environ.get("GRASSROOTS_DB") or DEFAULT_DB
    return Path(path).resolve()


def _lock_paths(db: Path) -> tuple[Path, Path]:
    return db.with_name(db.name + ".turnstile.lock"), db.with_name(db.name + ".room.lock")


@contextlib.contextmanager
def _flock(path: Path, mode: int, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseBusy(
                        f"database {path.name[: -len('.room.lock')]} is busy (an import is running)"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _process_shared() -> Iterator[None]:
    global _readers_in_process
    with _process_lock:
        _process_lock.wait_for(lambda: not _writer_in_process)
        _readers_in_process += 1
    try:
        yield
    finally:
        with _process_lock:
            _readers_in_process -= 1
            _process_lock.notify_all()


@contextlib.contextmanager
def _process_exclusive() -> Iterator[None]:
    global _writer_in_process
    with _process_lock:
        _process_lock.wait_for(lambda: not _writer_in_process)
        _writer_in_process = True  # new readers queue from here on
        _process_lock.wait_for(lambda: _readers_in_process == 0)
    try:
        yield
    finally:
        with _process_lock:
            _writer_in_process = False
            _process_lock.notify_all()


def _connect(db: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    # DuckDB's own lock can still be held for a moment by a process that just released ours.
    deadline = time.monotonic() + 10
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextlib.contextmanager
def reader(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for the length of the block."""
    db = resolve(path)
    if not db.exists():
        raise FileNotFoundError(f"database not found: {db}")
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    turnstile, room = _lock_paths(db)
    with _process_shared():
        with _flock(turnstile, fcntl.LOCK_SH, timeout):
            pass  # wait behind a queued writer
        with _flock(room, fcntl.LOCK_SH, timeout):
            con = _connect(db, read_only=True)
            try:
                yield con
            finally:
                con.close()


@contextlib.contextmanager
def writer(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one read-write connection; creates and migrates the database when needed."""
    db = resolve(path)
    db.parent.mkdir(parents=True, exist_ok=True)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    turnstile, room = _lock_paths(db)
    with _process_exclusive():
        with _flock(turnstile, fcntl.LOCK_EX, timeout):
            with _flock(room, fcntl.LOCK_EX, timeout):
                con = _connect(db, read_only=False)
                try:
                    _upgrade(con)
                    yield con
                finally:
                    con.close()


@contextlib.contextmanager
def exclusive(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[Path]:
    """Hold the writer's locks without connecting, e.g. to replace the database file whole."""
    db = resolve(path)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    turnstile, room = _lock_paths(db)
    with _process_exclusive():
        with _flock(turnstile, fcntl.LOCK_EX, timeout):
            with _flock(room, fcntl.LOCK_EX, timeout):
                yield db


def _upgrade(con: duckdb.DuckDBPyConnection) -> None:
    """Migrate; when an existing database gained migrations, rebuild the rollups so a rollup table
    that a migration added holds its records' aggregates at once (nothing lost, nothing stale)."""
    had = migrate.current_version(con)
    if migrate.upgrade(con) and had > 0:
        from grassroots import rollups

        con.execute("begin transaction")
        try:
            rollups.rebuild(con)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, per table: equal means same contents."""
    out = {}
    for (name,) in con.execute(
        "select table_name from information_schema.tables"
        " where table_schema = 'main' and table_type = 'BASE TABLE' order by 1"
    ).fetchall():
        quoted = '"' + name.replace('"', '""') + '"'
        row = con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {quoted} t").fetchone()
        assert row is not None  # an aggregate without grouping returns one row
        out[name] = (int(row[0]), int(row[1]))
    return out
