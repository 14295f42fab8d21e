"""The process-wide query cache (grassroots.querycache): one computation per query, parameters and
database version however many sessions ask at once; a new version is read at once; after an import
the queries in use are computed again in the background (warm caches)."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from grassroots import db, querycache, sql

AS_OF = "common/data_as_of"


@pytest.fixture
def live(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copy(tiny_db, path)
    return str(path)


def _newest(path: str):
    with db.reader(path) as con:
        return sql.run(con, AS_OF)["newest_record"].iloc[0]


def _add_newer_ticket(path: str) -> None:
    with db.writer(path) as con:
        con.execute(
            "insert into tickets select * replace (ticket_id || '-later' as ticket_id,"
            " reported_at + interval 400 day as reported_at, null::timestamp as closed_at) from tickets limit 1"
        )


def test_sessions_asking_at_once_share_one_computation(live):
    gate, started = threading.Event(), threading.Event()
    calls = []

    def slow(path, name, params):
        calls.append(name)
        started.set()
        assert gate.wait(60)
        return querycache.run_query(path, name, params)

    cache = querycache.QueryCache(compute=slow)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(live, AS_OF, ()))) for _ in range(10)]
    for th in threads:
        th.start()
    assert started.wait(60)
    gate.set()
    for th in threads:
        th.join(60)
    assert len(results) == 10 and calls == [AS_OF] and cache.computed == 1
    assert all(r is results[0] for r in results)
    assert results[0]["newest_record"].iloc[0] == _newest(live)


def test_a_new_version_is_read_and_the_queries_in_use_are_warmed(live):
    cache = querycache.QueryCache()
    before = cache.get(live, AS_OF, ())["newest_record"].iloc[0]
    limit = querycache.params_key({"limit": 5})
    cache.get(live, "common/import_log", limit)
    assert cache.computed == 2 and cache.get(live, AS_OF, ()) is not None and cache.computed == 2  # a hit
    _add_newer_ticket(live)
    assert cache.warm(live) == 2  # both queries in use, on the new version
    after = cache.get(live, AS_OF, ())["newest_record"].iloc[0]
    cache.get(live, "common/import_log", limit)
    assert cache.computed == 4  # served from the warmed entries
    assert after == _newest(live) and after > before


def test_the_watcher_warms_after_an_import_from_elsewhere(live):
    cache = querycache.QueryCache()
    cache.get(live, AS_OF, ())
    cache.watch(live, every_s=0.05)
    _add_newer_ticket(live)  # as a command-line import would: a new version appears
    deadline = time.monotonic() + 120
    while cache.computed < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.computed == 2  # warmed by the watcher, nobody asked
    assert cache.get(live, AS_OF, ())["newest_record"].iloc[0] == _newest(live)
    assert cache.computed == 2


def test_an_entry_nobody_asks_for_is_dropped(live):
    cache = querycache.QueryCache(ttl=0)
    cache.get(live, AS_OF, ())
    cache.get(live, AS_OF, ())
    assert cache.computed == 2


def test_a_value_is_built_once_per_version_and_key(live):
    cache = querycache.QueryCache()
    built = []

    def make():
        built.append(1)
        return object()

    first = cache.value(live, ("ranking", "530111"), make)
    assert cache.value(live, ("ranking", "530111"), make) is first and len(built) == 1
    assert cache.value(live, ("ranking", "530111004"), make) is not first and len(built) == 2  # another scope
    _add_newer_ticket(live)
    assert cache.value(live, ("ranking", "530111"), make) is not first and len(built) == 3  # a new version


def test_nested_list_parameters_make_a_key_and_come_back_as_lists():
    params = {"ext_spans": [[0, 720, 840], [1, 600, 1020]], "codes": ["530111"], "n": 5}
    key = querycache.params_key(params)
    assert hash(key) == hash(querycache.params_key(dict(reversed(params.items()))))
    assert querycache._unkey(key) == params


@pytest.mark.slow
def test_a_version_from_another_process_is_warmed_before_the_app_reads_it(live, tmp_path):
    import subprocess
    import sys

    from bulk_exports import tickets_csv

    from tests.conftest import ROOT

    cache = querycache.QueryCache()
    cache.watch(live, every_s=0.05)  # as the app does: new versions are warmed before they are read
    old_version = db.version(live)
    before = cache.get(live, "common/import_log", querycache.params_key({"limit": 5}))
    csv = tickets_csv(tmp_path / "工单.csv", 50, "W")
    proc = subprocess.run(
        [sys.executable, "-m", "grassroots", "import", str(csv), "--db", live, "--quiet"], cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0
    deadline = time.monotonic() + 120
    while db.version(live) == old_version and time.monotonic() < deadline:
        time.sleep(0.05)
    assert db.version(live) != old_version  # switched, once warm
    assert cache.computed == 2  # the query in use, computed on the new version before the switch
    after = cache.get(live, "common/import_log", querycache.params_key({"limit": 5}))
    assert cache.computed == 2 and len(after) == len(before) + 1


def _recording_cache(gate: threading.Event, started: threading.Event, order: list):
    """A cache whose computation of 'viewer/slow' waits for `gate`; every computation notes its start and end."""

    def compute(path, name, params):
        order.append(("start", name))
        if name == "viewer/slow":
            started.set()
            assert gate.wait(60)
        order.append(("end", name))
        return name

    return querycache.QueryCache(compute=compute)


def _in_thread(name: str, fn) -> threading.Thread:
    th = threading.Thread(target=fn, name=name, daemon=True)
    th.start()
    return th


def test_warming_waits_while_a_viewer_is_being_served_then_goes_on():
    gate, started, order = threading.Event(), threading.Event(), []
    cache = _recording_cache(gate, started, order)
    viewer = _in_thread("viewer", lambda: cache.get("db", "viewer/slow", (), version=1))
    assert started.wait(60)
    warm = _in_thread("grassroots-warm", lambda: [cache.get("db", f"warm/{i}", (), version=1) for i in range(3)])
    time.sleep(0.3)
    assert order == [("start", "viewer/slow")]  # the warm-up has not started its query
    gate.set()
    viewer.join(60)
    warm.join(60)
    assert order[:2] == [("start", "viewer/slow"), ("end", "viewer/slow")]
    assert [n for e, n in order[2:] if e == "start"] == ["warm/0", "warm/1", "warm/2"]
    assert cache.gave_way_s >= 0.3


def test_a_viewer_never_waits_for_warming_and_warming_gives_way_only_so_long(monkeypatch):
    monkeypatch.setattr(querycache, "GIVE_WAY_MAX_S", 0.4)
    gate, started, order = threading.Event(), threading.Event(), []
    cache = _recording_cache(gate, started, order)
    viewer = _in_thread("viewer", lambda: cache.get("db", "viewer/slow", (), version=1))
    assert started.wait(60)

    def warm_up():  # the budget holds for the whole warm-up, not for each of its queries
        querycache._nesting.budget = querycache.GIVE_WAY_MAX_S
        for i in range(4):
            cache.get("db", f"warm/{i}", (), version=1, remember=False)

    t0 = time.monotonic()
    _in_thread("grassroots-warm", warm_up).join(60)
    spent = time.monotonic() - t0
    assert [n for e, n in order if e == "end"] == ["warm/0", "warm/1", "warm/2", "warm/3"]  # the viewer still runs
    assert 0.35 <= spent < 2.0
    assert cache.get("db", "warm/2", (), version=1) == "warm/2"  # a viewer takes what warming computed, at once
    gate.set()
    viewer.join(60)


EXIT_PROBE = """
import sys, threading, time
from grassroots import querycache
from grassroots.delivery import jobs

cache = querycache.QueryCache()
cache.get(sys.argv[1], "common/data_as_of", ())
cache.watch(sys.argv[1], every_s=0.05)
stop = threading.Event()

def scheduler():
    stop.wait(600)
    print("scheduler stopped", flush=True)

th = threading.Thread(target=scheduler, name=jobs.SCHEDULER_THREAD, daemon=True)
th.stop = stop
th.start()
time.sleep(0.3)
print("watching:", [t.name for t in threading.enumerate() if t.name == "grassroots-cache-watch"], flush=True)
"""


def test_at_exit_the_threads_that_query_in_the_background_are_stopped_and_waited_for(live):
    """A daemon thread cut off inside DuckDB at exit aborts the process ("terminate called"): the cache's
    watcher and the delivery scheduler are told to stop and joined, as the warm-ups are."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    t0 = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, live], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "watching: ['grassroots-cache-watch']" in done.stdout
    assert done.stdout.rstrip().endswith("scheduler stopped")  # told to stop at exit, and waited for
    assert "terminate called" not in done.stderr and time.monotonic() - t0 < 30


def test_the_watcher_logs_a_damaged_file_once_not_every_second(tmp_path, caplog):
    import logging

    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database, " * 400)
    cache = querycache.QueryCache()
    with caplog.at_level(logging.WARNING, logger=querycache.log.name):
        cache.watch(str(damaged), every_s=0.02)
        time.sleep(0.6)  # some 30 passes
    # this file's lines only: another test's cache in the same worker may be watching a damaged file of its own
    said = [r for r in caplog.records if r.getMessage() == f"cache watcher: {damaged}"]
    assert len(said) == 1
