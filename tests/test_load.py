"""Load: 20 sessions keep querying while two command-line imports run at the same time.

Sixteen reader threads run the overview's queries (and a count of tickets) the way the pages do -
grassroots.db.reader and grassroots.sql.run, the path behind grassroots.ui.data - with different
filters; four more sessions are the app itself (AppTest, signed in, rerunning the overview page; one
AppTest run at a time, since AppTest keeps one Streamlit runtime per process and tears it down after
each run - the app's concurrent sessions are served for real in tests/e2e and the bench).
Meanwhile `python -m grassroots import` runs twice at once, each with its own file. Expected: no
viewer error, both imports succeed, one after the other (the two transactions never interleave: a
reader only ever sees none, one or both files, never part of one), every row arrives once, the
rollups equal their records, and viewers see the new data afterwards.

GRASSROOTS_LOAD_LONG=1: bigger files, four imports, a longer run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

from bulk_exports import tickets_csv

from grassroots import db, rollups, sql
from tests.conftest import ROOT
from tests.signin import month_app, run_entry

LONG = os.environ.get("GRASSROOTS_LOAD_LONG") == "1"
READERS, APPS = 16, 4
ROWS = 20_000 if LONG else 1_500
IMPORTS = 4 if LONG else 2
OCTOBER = {
    "date_from": "2026-10-01",
    "date_to": "2026-11-01",
    "as_of": "2026-11-20 09:00:00",
    "centre_type": None,
    "pilot_batch": None,
    "centre_id": None,
}
REGIONS = ["", "530111", "530111001", "530111004", "530111004001"]
COUNT = "select count(*) as n, count(distinct ticket_id) as ids from tickets"


def test_twenty_sessions_while_two_imports_run(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "load.duckdb"
    shutil.copy(tiny_db, path)
    files = [tickets_csv(tmp_path / f"工单{k}.csv", ROWS, f"L{k}-") for k in range(IMPORTS)]
    with db.reader(path) as con:
        base = con.execute(COUNT).fetchone()[0]
    allowed = {base + ROWS * k for k in range(IMPORTS + 1)}  # none, one, ... all files: never part of one
    stop = threading.Event()
    lock = threading.Lock()
    latencies, errors, counts, app_runs = [], [], [], []
    importing = threading.Event()
    app_turn = threading.Lock()  # AppTest runs one at a time (see the module's docstring)
    waits_during_import = []

    def reader(i: int):
        region = REGIONS[i % len(REGIONS)]
        params = {**OCTOBER, "region": region}
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                with db.reader(path) as con:
                    n, ids = con.execute(COUNT).fetchone()
                    sql.run(con, "overview/kpis", params)
                    sql.run(con, "assessment/tickets", {**params, "unit_level": "street"})
                    sql.run(con, "common/data_as_of")
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                with lock:
                    errors.append(f"reader {i}: {type(exc).__name__}: {exc}")
                continue
            dt_ = time.perf_counter() - t0
            with lock:
                latencies.append(dt_)
                counts.append((n, ids))
                if importing.is_set():
                    waits_during_import.append(dt_)

    def app_session(i: int):
        try:
            at = month_app(timeout=300)
        except Exception as exc:  # noqa: BLE001 - a session that cannot start is an error too
            with lock:
                errors.append(f"app {i} did not start: {type(exc).__name__}: {exc}")
            return
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                with app_turn:
                    run_entry(at)
                problems = [e.value for e in at.exception] + [e.value for e in at.error]
                problems += [w.value for w in at.warning if "只导入到" not in w.value]  # tiny's late services, in order
            except Exception as exc:  # noqa: BLE001
                problems = [f"{type(exc).__name__}: {exc}"]
            with lock:
                app_runs.append(time.perf_counter() - t0)
                errors.extend(f"app {i}: {p}" for p in problems)
                shown = {m.label: m.value for m in at.metric}.get("诉求受理")
                if shown:
                    counts.append(("app", shown))

    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    threads += [threading.Thread(target=app_session, args=(i,)) for i in range(APPS)]
    for th in threads:
        th.start()
    time.sleep(2 if not LONG else 10)
    importing.set()
    t0 = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "grassroots", "import", str(f), "--db", str(path), "--quiet"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    ended = {}
    while len(ended) < len(procs):  # when each import ends, from the start of both
        for k, p in enumerate(procs):
            if k not in ended and p.poll() is not None:
                ended[k] = time.monotonic() - t0
        time.sleep(0.05)
    results = [p.communicate() + (p.returncode, ended[k]) for k, p in enumerate(procs)]
    importing.clear()
    imports_took = time.monotonic() - t0
    time.sleep(3 if not LONG else 20)  # viewers go on after the imports
    stop.set()
    for th in threads:
        th.join(timeout=600)

    assert not errors, errors[:10]
    assert len(app_runs) >= APPS and len(latencies) >= READERS  # every session ran
    for _out, err, rc, _ in results:
        assert rc == 0, err[-2000:]
    with db.reader(path) as con:
        n, ids = con.execute(COUNT).fetchone()
        logged = con.execute("select count(*) from import_log").fetchone()[0]
    assert n == ids == base + ROWS * IMPORTS  # every row once
    assert logged == IMPORTS
    seen = {c[0] for c in counts if c[0] != "app"}
    assert seen <= allowed, f"a reader saw part of an import: {sorted(seen - allowed)}"
    assert max(seen) == base + ROWS * IMPORTS  # viewers saw the new data afterwards
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copy(path, copy)
    with db.writer(copy) as con:
        rollups.rebuild(con)
        rebuilt = db.table_checksums(con)
    with db.reader(path) as con:
        stored = db.table_checksums(con)
    assert all(stored[t] == rebuilt[t] for t in stored if t.startswith("rollup_"))

    lat = sorted(latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(
        f"\nload: {READERS} reader threads + {APPS} app sessions, {IMPORTS} imports of {ROWS} rows at once; "
        f"imports done in {imports_took:.1f} s ({', '.join(f'{r[3]:.1f} s' for r in results)}); "
        f"{len(lat)} reader rounds (4 queries each), median {statistics.median(lat) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms (longest wait during imports "
        f"{max(waits_during_import, default=0):.1f} s); {len(app_runs)} app page runs, median "
        f"{statistics.median(app_runs):.1f} s; errors {len(errors)}; ticket counts seen {sorted(seen)}"
    )
