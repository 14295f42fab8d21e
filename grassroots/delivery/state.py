"""The delivery state beside the database (`<database>.delivery.sqlite`): each job's runs and each
delivery's outcome, so that a restart neither repeats nor skips a delivery.

A delivery is identified by (job, period, destination, file hash). It is recorded "sending" before a
step goes out and the step is counted after it got through; at the end it is "sent", "failed" (nothing
visible went out for the step that failed; tried again later from that step) or "uncertain" (a step
went out and no answer came back, or the process stopped in the middle of one). None of the
destinations is idempotent, so an uncertain delivery is never repeated by itself: it is reported and
waits for someone to check the group or mailbox and resend with `push --again`.

Only one process delivers at a time (`lock()`, a file lock beside the state), so a "sending" row found
by the process holding the lock was left by one that stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from grassroots import sidefile

SCHEMA = """
create table if not exists jobs (
    job text primary key,
    first_seen text not null
);
create table if not exists job_runs (
    job text not null,
    occurrence text not null,          -- the scheduled moment, local time
    period text not null,
    state text not null,               -- running | done | partial | uncertain
    started_at text not null,
    finished_at text,
    detail text not null default '{}',
    primary key (job, occurrence)
);
create table if not exists deliveries (
    key text primary key,              -- sha256 of job, period, destination, file hash
    job text not null,
    period text not null,
    destination text not null,         -- a hash of the destination string (no secret kept here)
    label text not null,               -- the destination without its secrets
    files_hash text not null,
    files text not null default '[]',
    state text not null,               -- sending | sent | failed | uncertain
    step integer,                      -- the step going out while sending
    steps_done integer not null default 0,
    attempts integer not null default 0,
    error text,
    started_at text not null,
    updated_at text not null
);
create table if not exists alert_sends (
    alert_id integer not null,
    destination text not null,
    delivery text not null,
    primary key (alert_id, destination)
);
"""


def path_for(db: Path) -> Path:
    return sidefile.beside(db, "delivery")


def outbox_for(db: Path) -> Path:
    """Where scheduled jobs file the reports they send: `<database>.outbox/<job>/<period>/`."""
    db = Path(db)
    return db.with_name(db.name + ".outbox")


def stamp(t: dt.datetime | None = None) -> str:
    return (t or dt.datetime.now()).isoformat(sep=" ", timespec="seconds")


def files_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.name):
        h.update(f.name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def error_of(detail: str | None) -> str | None:
    """The error a run ended with, from its row's detail in job_runs (None: none)."""
    return json.loads(detail).get("error") if detail else None


def delivery_key(job: str, period: str, destination: str, fhash: str) -> str:
    return hashlib.sha256("\x1f".join((job, period, destination, fhash)).encode("utf-8")).hexdigest()


class Busy(RuntimeError):
    """Another process is delivering."""


class DeliveryState(sidefile.Store):
    schema = SCHEMA
    wal = True

    @classmethod
    def for_db(cls, db: Path) -> DeliveryState:
        return cls(path_for(db))

    @contextlib.contextmanager
    def lock(self, wait_s: float = 0.0) -> Iterator[None]:
        """Hold the delivery lock; Busy when another process holds it longer than `wait_s`."""
        fd = os.open(str(self.path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy("another delivery is running") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    # --- deliveries ----------------------------------------------------------------------------------

    def get(self, key: str) -> dict | None:
        with self._con() as con:
            row = con.execute("select * from deliveries where key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def begin(
        self,
        key: str,
        job: str,
        period: str,
        destination: str,
        label: str,
        fhash: str,
        files: list[str],
        fresh: bool = False,
    ) -> dict:
        """The delivery's row, created when new; `fresh` starts it over (a resend asked for)."""
        now = stamp()
        with self._con() as con:
            if fresh:
                con.execute("delete from deliveries where key = ?", (key,))
            con.execute(
                "insert or ignore into deliveries (key, job, period, destination, label, files_hash, files, "
                "state, started_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'failed', ?, ?)",
                (key, job, period, destination, label, fhash, json.dumps(files, ensure_ascii=False), now, now),
            )
            row = con.execute("select * from deliveries where key = ?", (key,)).fetchone()
        return dict(row)

    def sending(self, key: str, step: int) -> None:
        with self._con() as con:
            con.execute(
                "update deliveries set state = 'sending', step = ?, attempts = attempts + 1, updated_at = ? "
                "where key = ?",
                (step, stamp(), key),
            )

    def step_done(self, key: str, steps_done: int) -> None:
        with self._con() as con:
            con.execute(
                "update deliveries set steps_done = ?, step = null, updated_at = ? where key = ?",
                (steps_done, stamp(), key),
            )

    def finish(self, key: str, state: str, error: str | None = None) -> None:
        with self._con() as con:
            con.execute(
                "update deliveries set state = ?, step = null, error = ?, updated_at = ? where key = ?",
                (state, error, stamp(), key),
            )

    def interrupted(self) -> list[dict]:
        """Deliveries left "sending" by a process that stopped: now "uncertain" (call with the lock held)."""
        with self._con() as con:
            rows = [dict(r) for r in con.execute("select * from deliveries where state = 'sending'").fetchall()]
            con.execute(
                "update deliveries set state = 'uncertain', error = coalesce(error, ?), updated_at = ? "
                "where state = 'sending'",
                ("stopped while sending", stamp()),
            )
        return rows

    def deliveries(self, job: str | None = None, limit: int = 200) -> list[dict]:
        with self._con() as con:
            rows = con.execute(
                "select * from deliveries where (? is null or job = ?) order by updated_at desc limit ?",
                (job, job, limit),
            ).fetchall()
        return [dict(r) for r in rows]

    # --- alerts --------------------------------------------------------------------------------------

    def alerts_claimed(self, destination: str) -> set[int]:
        """Alerts sent, or possibly sent, to this destination."""
        with self._con() as con:
            rows = con.execute(
                "select a.alert_id from alert_sends a join deliveries d on d.key = a.delivery "
                "where a.destination = ? and d.state in ('sent', 'sending', 'uncertain')",
                (destination,),
            ).fetchall()
        return {r[0] for r in rows}

    def claim_alerts(self, ids: list[int], destination: str, key: str) -> None:
        with self._con() as con:
            con.executemany(
                "insert or replace into alert_sends (alert_id, destination, delivery) values (?, ?, ?)",
                [(i, destination, key) for i in ids],
            )

    def alerts_sent_to_all(self, ids: list[int], destinations: list[str]) -> list[int]:
        with self._con() as con:
            rows = con.execute(
                "select a.alert_id, a.destination from alert_sends a join deliveries d on "
                "d.key = a.delivery where d.state = 'sent'"
            ).fetchall()
        got: dict[int, set[str]] = {}
        for r in rows:
            got.setdefault(r[0], set()).add(r[1])
        return [i for i in ids if set(destinations) <= got.get(i, set())]

    # --- jobs ----------------------------------------------------------------------------------------

    def first_seen(self, job: str, now: dt.datetime) -> dt.datetime:
        with self._con() as con:
            con.execute("insert or ignore into jobs (job, first_seen) values (?, ?)", (job, stamp(now)))
            row = con.execute("select first_seen from jobs where job = ?", (job,)).fetchone()
        return dt.datetime.fromisoformat(row[0])

    def last_occurrence(self, job: str) -> dt.datetime | None:
        with self._con() as con:
            row = con.execute("select max(occurrence) from job_runs where job = ?", (job,)).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def runs(self, job: str | None = None, states: tuple[str, ...] | None = None, limit: int = 200) -> list[dict]:
        with self._con() as con:
            rows = con.execute(
                "select * from job_runs where (? is null or job = ?) order by occurrence desc limit ?",
                (job, job, limit),
            ).fetchall()
        out = [dict(r) for r in rows]
        return [r for r in out if states is None or r["state"] in states]

    def start_run(self, job: str, occurrence: dt.datetime, period: str) -> None:
        with self._con() as con:
            con.execute(
                "insert into job_runs (job, occurrence, period, state, started_at) "
                "values (?, ?, ?, 'running', ?) on conflict (job, occurrence) "
                "do update set state = 'running', started_at = excluded.started_at",
                (job, stamp(occurrence), period, stamp()),
            )

    def run_error(self, job: str, occurrence: dt.datetime) -> str | None:
        """The error the last run of this job's moment ended with (None: none, or not run before)."""
        with self._con() as con:
            row = con.execute(
                "select detail from job_runs where job = ? and occurrence = ? and finished_at is not null",
                (job, stamp(occurrence)),
            ).fetchone()
        return None if row is None else error_of(row[0])

    def finish_run(self, job: str, occurrence: dt.datetime, state: str, detail: dict) -> None:
        with self._con() as con:
            con.execute(
                "update job_runs set state = ?, finished_at = ?, detail = ? where job = ? and occurrence = ?",
                (state, stamp(), json.dumps(detail, ensure_ascii=False, default=str), job, stamp(occurrence)),
            )
