"""Query results shared by every session of one app process, keyed by the database version.

A result is computed once per (query, parameters, database version), however many sessions ask at
the same moment: the first computes, the others wait for its result. An entry nobody has asked for
within `ttl` seconds is dropped, and at most `max_entries` are kept (the least recently used go).

Warm caches: the cache remembers which (query, parameters) the pages asked for. When the database
changes version (an import through the app, or from the command line in another process), a
background thread computes those again on the new version, and then the default views (`views`, set
by the app: grassroots.ui.warmup, whether anybody opened them or not), so the first viewer after an
import does not pay cold queries. `watch` starts the thread that notices a new version; `warm` does it
at once. Warming gives way to viewers: between its queries it waits while a viewer's is being computed.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd

from grassroots import db, sql

log = logging.getLogger(__name__)

Key = tuple  # (name, params) with params a sorted tuple of (name, value) pairs, lists as tuples


def _freeze(v):
    return tuple(_freeze(x) for x in v) if isinstance(v, (list, tuple)) else v


def _thaw(v):
    return [_thaw(x) for x in v] if isinstance(v, tuple) else v


def params_key(params: dict | None) -> tuple:
    """Parameters as a hashable key: lists (nested too) become tuples."""
    return tuple((k, _freeze(v)) for k, v in sorted((params or {}).items()))


def _unkey(params: tuple) -> dict:
    return {k: _thaw(v) for k, v in params}


_stopping = threading.Event()  # the process is ending: warming stops before its next query
WARMING_THREADS = ("grassroots-warm", "grassroots-open")
# threads that compute for nobody in particular: the warm-ups, and the watcher when it warms itself
BACKGROUND_THREADS = (*WARMING_THREADS, "grassroots-cache-watch")
# Warming gives way to viewers: before each of its queries it waits while a viewer's query is being computed,
# at most this long in all per warm-up (a steady stream of viewers must not keep a new version cold for ever)
GIVE_WAY_MAX_S = 5.0
_nesting = threading.local()  # depth: computations this thread is inside (a value's make runs queries); budget


class _Stopped(BaseException):  # not an Exception: the views' own "skip a failed view" lets it through
    pass


@atexit.register
def _stop_warming(wait_s: float = 30) -> None:
    """At exit, let the background threads that query (the warm-ups, the cache's watcher, the delivery
    scheduler) finish the query they are in rather than be cut off inside DuckDB (which aborts the process
    with "terminate called"), and start no other."""
    _stopping.set()
    deadline = time.monotonic() + wait_s
    jobs = sys.modules.get("grassroots.delivery.jobs")  # the scheduler runs only where that module was loaded
    scheduler = jobs.SCHEDULER_THREAD if jobs is not None else None
    for th in threading.enumerate():
        if th is threading.current_thread():
            continue
        if th.name == scheduler and hasattr(th, "stop"):
            th.stop.set()  # its loop ends after the pass it is in
        elif th.name not in BACKGROUND_THREADS:
            continue
        th.join(max(0.0, deadline - time.monotonic()))


def run_query(path: str, name: str, params: tuple) -> pd.DataFrame:
    with db.reader(path) as con:
        return sql.run(con, name, _unkey(params))


class QueryCache:
    def __init__(self, max_entries: int = 2000, ttl: float = 600, compute: Callable = run_query, warm_max: int = 400):
        self.max_entries, self.ttl, self.compute, self.warm_max = max_entries, ttl, compute, warm_max
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[pd.DataFrame, float]] = OrderedDict()
        self._inflight: dict[tuple, threading.Event] = {}
        self._viewers = 0  # viewers' computations running now (a warming thread's are not counted)
        self._idle = threading.Condition(self._lock)  # notified when the last of them ends
        self.gave_way_s = 0.0  # seconds warming spent waiting for viewers, for tests
        self._asked: dict[str, OrderedDict[Key, None]] = {}  # per database: what the pages asked for
        self._seen: dict[str, object] = {}  # per database: the version last warmed or read
        self._watching: set[str] = set()
        self._watcher = False
        self.computed = 0  # results computed (not served from the cache), for tests and the bench
        # views(path, query, value): computes the default views through query(name, params: dict) and
        # value(key, make), both bound to the version being warmed
        self.views: Callable[[str, Callable, Callable], object] | None = None

    def get(self, path: str, name: str, params: tuple, version=None, remember: bool = True) -> pd.DataFrame:
        """The result of `name` with `params` on the database's `version` (default: its current one)."""
        version = db.version(path) if version is None else version
        if remember:
            with self._lock:
                asked = self._asked.setdefault(path, OrderedDict())
                asked[(name, params)] = None
                asked.move_to_end((name, params))
                while len(asked) > self.warm_max:
                    asked.popitem(last=False)
        return self._once((path, version, name, params), lambda: self.compute(path, name, params))

    def value(self, path: str, key: tuple, make: Callable[[], object]):
        """`make()` once per database version and `key` (hashable), for every session: e.g. a ranking
        or a figure built from query results."""
        return self._once((path, db.version(path), "value", key), make)

    def _give_way(self) -> None:
        """Wait (a warming thread, between its queries) while viewers' queries are being computed, so the two
        cores go to the people looking rather than to views nobody has opened yet; at most GIVE_WAY_MAX_S."""
        t0 = time.monotonic()
        budget = getattr(_nesting, "budget", GIVE_WAY_MAX_S)
        deadline = t0 + budget
        with self._idle:
            while self._viewers > 0 and not _stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._idle.wait(min(left, 0.5))
            waited = time.monotonic() - t0
            self.gave_way_s += waited
        _nesting.budget = max(0.0, budget - waited)

    def _once(self, key: tuple, make: Callable[[], object]):
        warming = threading.current_thread().name in BACKGROUND_THREADS
        depth = getattr(_nesting, "depth", 0)
        if warming and depth == 0:  # between computations it holds no entry a viewer could be waiting for
            self._give_way()
        while True:
            with self._lock:
                hit = self._entries.get(key)
                now = time.monotonic()
                if hit is not None and now - hit[1] <= self.ttl:
                    self._entries[key] = (hit[0], now)
                    self._entries.move_to_end(key)
                    return hit[0]
                waiting = self._inflight.get(key)
                if waiting is None:
                    self._inflight[key] = threading.Event()
                    break
            waiting.wait()  # another session computes it: take its result
        _nesting.depth = depth + 1
        if not warming:
            with self._lock:
                self._viewers += 1
        try:
            result = make()
            with self._lock:
                self.computed += 1
                self._entries[key] = (result, time.monotonic())
                self._entries.move_to_end(key)
                self._trim()
            return result
        finally:
            _nesting.depth = depth
            with self._lock:
                if not warming:
                    self._viewers -= 1
                    if self._viewers == 0:
                        self._idle.notify_all()
                self._inflight.pop(key).set()

    def _trim(self) -> None:
        now = time.monotonic()
        for k in [k for k, (_, t) in self._entries.items() if now - t > self.ttl]:
            del self._entries[k]
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def asked(self, path: str) -> list[Key]:
        with self._lock:
            return list(reversed(self._asked.get(path, {})))  # the most recent first

    def warm(self, path: str, version=None) -> int:
        """Compute what the pages asked for on `path`'s current version; how many were computed.
        A query that fails is logged and skipped (a page shows the error when it asks)."""
        version = db.version(path) if version is None else version
        before = self.computed
        _nesting.budget = GIVE_WAY_MAX_S
        for name, params in self.asked(path):
            if _stopping.is_set():
                return self.computed - before
            try:
                self.get(path, name, params, version, remember=False)
            except Exception:  # noqa: BLE001 - warming must never stop on one query
                log.warning("warming %s failed", name, exc_info=True)
        self._default_views(path, version, lambda name, params: lambda: self.compute(path, name, params))
        with self._lock:
            self._seen[path] = version
            self._trim()
        return self.computed - before

    def _default_views(self, path: str, version, run: Callable[[str, tuple], Callable[[], pd.DataFrame]]) -> None:
        """self.views on `version`: query results and values go into the cache as the pages' would."""
        if self.views is None:
            return

        def query(name: str, params: dict) -> pd.DataFrame:
            if _stopping.is_set():
                raise _Stopped
            key = params_key(params)
            return self._once((path, version, name, key), run(name, key))

        def value(key: tuple, make: Callable[[], object]):
            return self._once((path, version, "value", key), make)

        try:
            self.views(path, query, value)
        except _Stopped:
            pass
        except Exception:  # noqa: BLE001 - warming must never stop the watcher or an import
            log.warning("warming the default views failed", exc_info=True)

    def warm_on(self, path: str, con, version) -> int:
        """After an import (grassroots.db.switch_when_warm): what the pages asked for, computed on the cursor
        `con` of the database's new `version` before the process reads it (this process's own import waits
        for it); the default views in the background once the process reads the new version."""
        before = self.computed
        _nesting.budget = GIVE_WAY_MAX_S

        def run(name: str, params: tuple) -> Callable[[], pd.DataFrame]:
            return lambda: sql.run(con, name, _unkey(params))

        for name, params in self.asked(path):
            if _stopping.is_set():
                return self.computed - before
            try:
                self._once((path, version, name, params), run(name, params))
            except Exception:  # noqa: BLE001 - warming must never stop on one query
                log.warning("warming %s failed", name, exc_info=True)
        with self._lock:
            self._seen[path] = version
        if self.views is not None:

            def later() -> None:
                deadline = time.monotonic() + 60
                while db.version(path) != version and time.monotonic() < deadline:
                    time.sleep(0.02)
                if db.version(path) == version:
                    self.warm(path, version)

            threading.Thread(target=later, name="grassroots-warm", daemon=True).start()
        return self.computed - before

    def changed(self, path: str) -> bool:
        """Whether `path` has a version this cache has not warmed or read yet (and note it)."""
        version = db.version(path)
        with self._lock:
            old = self._seen.get(path)
            self._seen[path] = version
        return old is not None and old != version

    def warm_async(self, path: str) -> threading.Thread:
        th = threading.Thread(target=self.warm, args=(path,), name="grassroots-warm", daemon=True)
        th.start()
        return th

    def watch(self, path: str, every_s: float = 1.0) -> None:
        """Watch `path` (one background thread for all): when a new version appears, warm the cache."""
        # any new version, this process's own import's or another program's: what the pages asked for before
        # the switch, the default views in the background after it (viewers see new data within seconds); every
        # query of a page calls this, so a path already watched returns at once
        with self._lock:
            if path in self._watching:
                return
        db.switch_when_warm(path, self.warm_on)
        with self._lock:
            if path in self._watching:
                return
            self._watching.add(path)
            self._seen.setdefault(path, db.version(path))
            if self._watcher:
                return
            self._watcher = True

        def loop():
            failing: dict[str, str] = {}  # path -> the kind of error last logged: a damaged file is logged once
            while not _stopping.wait(every_s):  # the process exiting ends it (_stop_warming)
                with self._lock:
                    paths = list(self._watching)
                for p in paths:
                    if _stopping.is_set():
                        break
                    try:
                        if not os.path.exists(p):
                            with self._lock:
                                self._watching.discard(p)
                                self._asked.pop(p, None)
                        else:
                            db.notice(p)  # with switch_when_warm: a new version opens and warms first
                            if self.changed(p):
                                self.warm(p)
                        failing.pop(p, None)
                    except Exception as exc:  # noqa: BLE001 - the watcher outlives a damaged file
                        kind = type(exc).__name__  # not the text: it names a reader's link, new each time
                        if failing.get(p) != kind:
                            failing[p] = kind
                            log.warning("cache watcher: %s", p, exc_info=True)

        threading.Thread(target=loop, name="grassroots-cache-watch", daemon=True).start()
