"""Connections to the DuckDB file.

The database file is never changed in place; a writer makes a new version and switches to it:
- A writer (an import, a migration, a restore) takes the writer lock (`<db>.write.lock`, one writer
  at a time in any process), copies the database to `<db>.next`, writes there, checkpoints and
  renames the copy over the database (atomic). Readers meanwhile go on with the version they have,
  so an import never makes a viewer wait. A writer that fails or is killed leaves the database as it
  was: its copy is removed, at the latest by the next writer.
- A reader never waits for a lock. Each process keeps one read-only DuckDB instance of the current
  version (`threads` and `memory_limit` from [database] in config/app.toml) with a cursor per thread,
  so queries start on a warm buffer pool. When the file has been replaced, the next query opens the
  new version; the old instance closes once its last query ends, in a background thread (closing a
  replaced file frees its pages in the system's cache, over a second at large scale, which no query
  waits for). A writer's DuckDB threads run at a lower CPU priority (nice 10) than the viewers'.
  DuckDB keeps one instance per file name, so a version is opened through a hard link named for the
  process and the version (in `.<db>.readers/`, removed as soon as it is open).
- A writer first checks that the disk has room for its copy (the file, and a tenth more for it to
  grow, at least 256 MB) and refuses with the bytes needed and free (NoRoom) before copying.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import itertools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from grassroots import DEFAULT_DB
from grassroots.schema import migrate

log = logging.getLogger(__name__)
LOCK_TIMEOUT_S = float(os.environ.get("GRASSROOTS_LOCK_TIMEOUT", "600"))


class DatabaseBusy(RuntimeError):
    """The database stayed locked by another import for longer than the timeout."""


class NoRoom(OSError):
    """The disk holding the database has too little free space for a writer's copy of it."""

    def __init__(self, path: Path, need: int, free: int):
        super().__init__(errno.ENOSPC, f"{path.name}: a new version needs {need:,} bytes free, the disk has {free:,}")
        self.path, self.need, self.free = path, need, free


ROOM_MARGIN = 0.1  # a writer's copy may grow: room for the copy and a tenth more (at least ROOM_MIN_BYTES)
ROOM_MIN_BYTES = 256 * 2**20


def room_needed(db: Path) -> int:
    """The free disk a writer needs beside `db`: the copy of the file (and its write-ahead log) and
    room for it to grow."""
    size = sum(p.stat().st_size for p in (db, _wal(db)) if p.exists())
    return size + max(int(size * ROOM_MARGIN), ROOM_MIN_BYTES)


def check_room(db: Path) -> None:
    """Raise NoRoom, naming the bytes needed and free, before copying `db` onto a disk without room."""
    need, free = room_needed(db), shutil.disk_usage(db.parent).free
    if free < need:
        raise NoRoom(db, need, free)


def resolve(path: str | os.PathLike | None) -> Path:
    """The database's absolute path, symbolic links resolved (None: $GRASSROOTS_DB or the demo database)."""
    if path is None:
        path = os.environ.get("GRASSROOTS_DB") or DEFAULT_DB
    text = os.fspath(path)
    return _resolved(text, "" if os.path.isabs(text) else os.getcwd())


@functools.lru_cache(maxsize=256)
def _resolved(path: str, cwd: str) -> Path:
    """Path.resolve, remembered: every query of a page resolves the database's path (a realpath, a system call
    per part of it), and a database is replaced by renaming files, never by moving a link."""
    return Path(cwd, path).resolve()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def next_path(db: Path) -> Path:
    """Where a writer builds the next version of `db`."""
    return db.with_name(db.name + ".next")


def _lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".write.lock")


@contextlib.contextmanager
def _flock(path: Path, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseBusy(
                        f"database {path.name[: -len('.write.lock')]} is busy (an import is running)"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# --- readers --------------------------------------------------------------------------------------


def settings() -> dict:
    """The reading instance's DuckDB settings ([database] in config/app.toml)."""
    from grassroots import config

    try:
        cfg = config.app()
    except config.ConfigError:
        return {}
    out: dict[str, str | int] = {}
    if cfg.db_threads:
        out["threads"] = cfg.db_threads
    if cfg.db_memory_limit:
        out["memory_limit"] = cfg.db_memory_limit
    return out


def _identity(db: Path) -> tuple | None:
    try:
        s = os.stat(db)
    except FileNotFoundError:
        return None
    return (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


_serial = itertools.count()


class _Version:
    """One read-only instance of one version of the database file, shared by the process's threads."""

    def __init__(self, db: Path, ident: tuple):
        self.ident = ident
        self.users = 0
        self.retired = False
        self._lock = threading.Lock()
        link = db.with_name(f".{db.name}.readers") / f"{os.getpid()}-{ident[1]}-{next(_serial)}.duckdb"
        try:
            link.parent.mkdir(exist_ok=True)
            link.unlink(missing_ok=True)
            os.link(db, link)
        except OSError:  # a folder the app may not write to: open the file by its own name
            self.con = duckdb.connect(str(db), read_only=True, config=settings())
            return
        try:
            self.con = duckdb.connect(str(link), read_only=True, config=settings())
        finally:
            link.unlink(missing_ok=True)  # the instance keeps the file open

    def cursor(self) -> tuple[duckdb.DuckDBPyConnection, bool]:
        """A fresh cursor on the instance (True: close it after). A cursor costs a twentieth of a millisecond and
        the instance's buffer pool stays warm; a cursor kept across blocks could carry a result a block left
        unfinished, which DuckDB refuses the next statement on."""
        with self._lock:
            return self.con.cursor(), True

    def release(self, cur, fresh: bool) -> None:
        if fresh:
            cur.close()

    def close(self) -> None:
        """Close the instance's first connection; the instance itself goes when its last cursor is closed
        (a retired version closes once its last query has ended)."""
        with self._lock, contextlib.suppress(duckdb.Error):
            self.con.close()


_versions: dict[Path, _Version] = {}
_versions_lock = threading.Lock()
_warmers: dict[Path, Callable] = {}  # switch_when_warm: path -> warm
_opening: dict[Path, tuple] = {}  # the version being opened and warmed in the background


def switch_when_warm(path: str | os.PathLike | None, warm: Callable) -> None:
    """In this process, when a new version of the database appears, keep reading the one in use until
    `warm(path, cursor, version)` has run on the new one; then switch. The app's query cache computes
    the queries in use there, so no viewer pays cold queries after an import. (Without it, the next
    query opens the new version itself.) Another program's version is opened and warmed by a background
    thread; this process's own writer's, in the writer's thread, which waits for it."""
    _warmers[resolve(path)] = warm


def _retire(version: _Version) -> bool:
    """Mark `version` replaced (under _versions_lock); True when nobody reads it any more, so the caller
    must close it - after letting go of the lock (close_later)."""
    version.retired = True
    return version.users == 0


def _give_way() -> None:
    """Lower this thread's CPU priority to WRITER_NICE (Linux sets it per thread; threads it starts inherit it)."""
    try:
        tid = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, tid) < WRITER_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, WRITER_NICE)
    except (OSError, AttributeError):
        pass


def _close_in_background(version: _Version) -> None:
    _give_way()
    version.close()


def close_later(version: _Version) -> None:
    """Close a replaced version in a thread of its own, at low priority. Closing the last instance of a
    replaced file frees its pages in the operating system's cache: over a second for a 5 GB database,
    which must not be spent while holding the lock every query takes (nor by a viewer's query). Not a
    daemon thread: a process that ends waits for the close (an instance cut off half-closed aborts it)."""
    threading.Thread(target=_close_in_background, args=(version,), name="grassroots-close").start()


def _open_warm(db: Path, ident: tuple) -> None:
    try:
        new = _Version(db, ident)
        cur = new.con.cursor()
        try:
            _warmers[db](str(db), cur, (ident, None))
        except Exception:  # noqa: BLE001 - a failed warm-up must not keep the old version
            log.warning("warming the new version of %s failed", db.name, exc_info=True)
        finally:
            cur.close()
    except Exception:  # noqa: BLE001 - the next query tries again
        log.warning("opening the new version of %s failed", db.name, exc_info=True)
        with _versions_lock:
            _opening.pop(db, None)
        return
    with _versions_lock:
        old = _versions.get(db)
        _versions[db] = new
        _opening.pop(db, None)
        unused = old is not None and old is not new and _retire(old)
    if unused and old is not None:
        close_later(old)


def _acquire(db: Path) -> _Version | None:
    ident = _identity(db)
    if ident is None:
        raise FileNotFoundError(f"database not found: {db}")
    if _wal(db).exists():
        return None  # written in place by a program of its own: read it with a connection of our own
    unused = None
    with _versions_lock:
        cur = _versions.get(db)
        if cur is not None and cur.ident != ident and db in _warmers:
            if _opening.get(db) != ident:  # the new version opens and warms in the background
                _opening[db] = ident
                threading.Thread(target=_open_warm, args=(db, ident), name="grassroots-open", daemon=True).start()
        elif cur is None or cur.ident != ident:
            if cur is not None and _retire(cur):
                unused = cur
            cur = _versions[db] = _Version(db, ident)
        cur.users += 1
    if unused is not None:
        close_later(unused)
    return cur


def notice(path: str | os.PathLike | None = None) -> None:
    """Look for a new version now (with switch_when_warm: start opening and warming it)."""
    db = resolve(path)
    if db.exists():
        version = _acquire(db)
        if version is not None:
            _release(db, version)


def _adopt(db: Path) -> None:
    """After this process's own writer switched: read the new version from the next query on (warmed
    first, in this thread, when the process warms new versions)."""
    ident = _identity(db)
    if ident is None:
        return
    if db in _warmers:
        with _versions_lock:
            _opening[db] = ident
        _open_warm(db, ident)


def _release(db: Path, version: _Version) -> None:
    with _versions_lock:
        version.users -= 1
        unused = version.retired and version.users == 0
    if unused:
        close_later(version)


@contextlib.contextmanager
def reader(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor on the current version for the length of the block; it never waits for a
    writer. (`timeout` is accepted for callers of the former locking reader; nothing waits.)"""
    db = resolve(path)
    version = _acquire(db)
    if version is None:
        con = duckdb.connect(str(db), read_only=True)
        try:
            yield con
        finally:
            con.close()
        return
    try:
        cur, fresh = version.cursor()
        try:
            yield cur
        finally:
            version.release(cur, fresh)
    finally:
        _release(db, version)


def close_readers() -> None:
    """Close this process's reading instances (each closes when its last query ends)."""
    with _versions_lock:
        unused = [v for v in _versions.values() if _retire(v)]
        _versions.clear()
    for version in unused:
        version.close()


def version(path: str | os.PathLike | None = None) -> tuple:
    """What identifies the database's current version: it changes whenever a writer switches (with
    switch_when_warm: the version this process reads, once the new one is warm)."""
    db = resolve(path)
    if db in _warmers:
        with _versions_lock:
            cur = _versions.get(db)
        if cur is not None and not cur.retired:
            return (cur.ident, None)
    wal = _wal(db)
    return (_identity(db), _identity(wal) if wal.exists() else None)


# --- writers --------------------------------------------------------------------------------------

WRITER_NICE = 10  # a writer's DuckDB threads give way to viewers for the CPU


def _connect_giving_way(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection whose DuckDB worker threads run at nice WRITER_NICE: it is opened in a
    short-lived thread of that priority (Linux sets it per thread; the workers inherit it), so the
    calling thread keeps its own."""
    out: dict = {}

    def open_() -> None:
        _give_way()
        try:
            out["con"] = duckdb.connect(str(path))
            # DuckDB prints a bar of its own to the terminal for a long query; the commands show their own
            # progress (grassroots.progress), and query_progress() still reads DuckDB's
            out["con"].execute("set enable_progress_bar_print = false")
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            out["error"] = exc

    th = threading.Thread(target=open_, name="grassroots-writer-open")
    th.start()
    th.join()
    if "error" in out:
        raise out["error"]
    return out["con"]


# A hook for tests: called with the writer's connection just before the new version replaces the old.
before_switch = None


class Unchanged(Exception):
    """Raised inside a `writer` block whose work changed nothing (an import whose every file was refused or
    imported before): the block ends quietly and the database stays the very file it was - no new version
    for the app to switch to and warm again, and no database at all where there was none."""


@contextlib.contextmanager
def writer(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one read-write connection, on the next version of the database; creates and migrates the
    database when needed. The block's writes become visible at its end, all at once; an exception
    in the block (or the process being killed) leaves the database as it was, and so does a block that
    raises Unchanged (which the writer swallows)."""
    db = resolve(path)
    db.parent.mkdir(parents=True, exist_ok=True)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    with _flock(_lock_path(db), timeout):
        nxt = next_path(db)
        _discard(nxt)  # a writer killed earlier
        try:
            if db.exists():
                _not_held_elsewhere(db)
                check_room(db)
                shutil.copyfile(db, nxt)
                if _wal(db).exists():
                    shutil.copyfile(_wal(db), _wal(nxt))
            con = _connect_giving_way(nxt)
            try:
                _upgrade(con)
                try:
                    yield con
                except Unchanged:
                    return  # the copy is discarded below: no new version, nothing created
                con.execute("checkpoint")
                if before_switch is not None:
                    before_switch(con)
            finally:
                con.close()
            _switch(nxt, db)
            _adopt(db)
        finally:
            _discard(nxt)


def _not_held_elsewhere(db: Path) -> None:
    """Raise DuckDB's lock error when another program (a DuckDB shell, another tool) has the file open for
    writing: a copy made now would miss its writes, and the switch would cut it off from the file."""
    duckdb.connect(str(db), read_only=True).close()


def _discard(path: Path) -> None:
    for p in (path, _wal(path)):
        p.unlink(missing_ok=True)


def _switch(new: Path, db: Path) -> None:
    """Make `new` the database: flushed to disk, then renamed over it."""
    if _wal(new).exists():  # the checkpoint on close left something: fold it in first
        duckdb.connect(str(new)).close()
    fd = os.open(new, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    _wal(db).unlink(missing_ok=True)
    os.replace(new, db)


@contextlib.contextmanager
def exclusive(path: str | os.PathLike | None = None, timeout: float | None = None) -> Iterator[Path]:
    """Hold the writer's lock without connecting, e.g. to replace the database file whole (readers
    go on with the version they have and see the new file on their next query)."""
    db = resolve(path)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    with _flock(_lock_path(db), timeout):
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
