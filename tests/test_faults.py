"""An import killed with SIGKILL (kill -9) at any point leaves a database that opens and holds exactly
what it held before that import (every table equal to its checksum), or - killed after the commit -
exactly what the whole import brings. Nothing is half-loaded, the locks do not stay taken, and the
same import then runs to the end.

Two ways of killing: deterministic points inside the import (the import's own progress callback
kills the process at its n-th call: while reading, validating, converting, writing the rows, after
the rollups and the log row but before the commit, and after the commit), and the real command
`python -m grassroots import` killed from outside after a delay.
GRASSROOTS_FAULT_LONG=1 tries every progress point and more delays.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from bulk_exports import tickets_csv

from grassroots import db, rollups
from tests.conftest import ROOT

LONG = os.environ.get("GRASSROOTS_FAULT_LONG") == "1"

# Runs one import in a child process; kills itself (SIGKILL) at the n-th progress call, printing
# each call's label first so the parent knows where it died. n = 0: never.
DRIVER = r"""
import os, signal, sys
from grassroots.ingest import import_files
db, path, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = 0
def progress(done, total, label=""):
    global calls
    calls += 1
    print(f"{calls}\t{label}", flush=True)
    if calls == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
[r] = import_files([path], db=db, progress=progress)
print("STATUS", r.status, flush=True)
"""


def checksums(path):
    with db.reader(path, timeout=30) as con:
        return db.table_checksums(con)


def rollups_match_records(path) -> bool:
    """The stored rollups equal ones rebuilt from the records (checked on a copy)."""
    copy = path.with_name("rebuilt-" + path.name)
    shutil.copy(path, copy)
    wal = path.with_name(path.name + ".wal")  # a commit not yet checkpointed lives in the WAL
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    with db.writer(copy) as con:
        rollups.rebuild(con)
        rebuilt = db.table_checksums(con)
    stored = checksums(path)
    copy.unlink()
    return all(stored[t] == rebuilt[t] for t in stored if t.startswith("rollup_"))


def drive(dbp, csv, kill_at: int) -> tuple[list[str], int]:
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(dbp), str(csv), str(kill_at)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    labels = [line.split("\t", 1)[1] if "\t" in line else "" for line in proc.stdout.splitlines() if line[:1].isdigit()]
    return labels, proc.returncode


def test_killed_at_every_stage_of_an_import(tiny_copy, tmp_path):
    csv = tickets_csv(tmp_path / "工单.csv", 400, "K")
    before = checksums(tiny_copy)
    # a full run on a copy: where the progress calls come, and the state the import brings
    done_db = tmp_path / "done.duckdb"
    shutil.copy(tiny_copy, done_db)
    labels, rc = drive(done_db, csv, 0)
    assert rc == 0 and len(labels) >= 4, labels
    after = checksums(done_db)
    assert after["tickets"][0] == before["tickets"][0] + 400
    # the first call of each stage, the last call before the end, and the end (after the commit)
    points = sorted({labels.index(lb) + 1 for lb in dict.fromkeys(labels)} | {len(labels) - 1, len(labels)})
    if LONG:
        points = list(range(1, len(labels) + 1))
    outcomes = {}
    for n in points:
        victim = tmp_path / f"killed-{n}.duckdb"
        shutil.copy(tiny_copy, victim)
        seen, rc = drive(victim, csv, n)
        assert rc == -9 and len(seen) == n, (n, rc, seen)
        state = checksums(victim)  # it opens, and its locks are free
        if n < len(labels):
            assert state == before, f"killed at call {n} ({labels[n - 1]!r}): the database changed"
            outcomes[n] = "before"
        else:  # the last call comes after the commit: the whole import is there
            assert {t: v for t, v in state.items() if t != "import_log"} == {
                t: v for t, v in after.items() if t != "import_log"
            }
            assert state["import_log"][0] == before["import_log"][0] + 1
            assert rollups_match_records(victim)
            outcomes[n] = "after"
        if "写入" in labels[n - 1] or LONG:  # and the same import then goes through
            again, rc = drive(victim, csv, 0)
            assert rc == 0 and checksums(victim)["tickets"] == after["tickets"]
    stages = {labels[n - 1] for n, o in outcomes.items() if o == "before"}
    assert any("写入" in s for s in stages) and len(stages) >= 3, stages  # killed while writing, and more
    print(
        f"\nkill points: {len(points)} of {len(labels)} progress calls; "
        + ", ".join(f"{n}:{labels[n - 1] or '(end)'}={o}" for n, o in outcomes.items())
    )


def test_the_import_command_killed_from_outside(tiny_copy, tmp_path):
    csv = tickets_csv(tmp_path / "工单.csv", 3000, "E")
    before = checksums(tiny_copy)

    def start(path):
        return subprocess.Popen(
            [sys.executable, "-m", "grassroots", "import", str(csv), "--db", str(path), "--quiet"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    timed = tmp_path / "timed.duckdb"  # how long the whole command takes here, now
    shutil.copy(tiny_copy, timed)
    t0 = time.monotonic()
    assert start(timed).wait() == 0
    whole = time.monotonic() - t0
    fractions = [0.1, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95] if LONG else [0.5, 0.85]
    seen = []
    for delay in (round(f * whole, 2) for f in fractions):
        victim = tmp_path / f"killed-{delay}.duckdb"
        shutil.copy(tiny_copy, victim)
        proc = start(victim)
        time.sleep(delay)
        proc.kill()
        rc = proc.wait()
        state = checksums(victim)
        n = state["tickets"][0] - before["tickets"][0]
        assert n in (0, 3000), f"half an import after {delay} s: {n} rows"
        if n == 0:
            assert state == before, f"killed after {delay} s: the database changed"
        assert rollups_match_records(victim)
        seen.append((delay, rc, "before" if n == 0 else "after"))
    print(f"\nkilled from outside (the whole import takes {whole:.1f} s):", seen)
