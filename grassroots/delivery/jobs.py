"""The jobs of config/delivery.toml run when due: `run_due(db, settings, now)` for a system cron
(`schedule --run-due`) and for the in-process scheduler (`loop`, started by `serve`).

A job is due at each moment of its cron schedule after its last run. A job seen for the first time
runs what fell due within `catch_up_hours` before it was first seen (not its whole past). A report job
runs every missed moment (each with its own period; at most 12 at once); an alerts job runs once for
all of them (it sends whatever has not been sent, so it is never resumed). A report run whose
deliveries did not all get through is run again on later passes for `retry_hours`: what was sent is
not sent again, the rest resumes.

A report job files the report under `<database>.outbox/<job>/<period>/` before sending it, and a
later run of the same period sends those same files, so their hash (part of each delivery's identity)
does not change when the report is made again. It files nothing for a period the data do not cover yet,
and while one table of records ends well before the others within the period (its export comes later:
grassroots/views/freshness.py) it waits up to the job's `wait_hours` past its moment for that export;
after that the report is filed and names the table that ends early. A run that waits is audited once, not
at every pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grassroots import db, i18n, sql
from grassroots.auth import audit
from grassroots.delivery import message
from grassroots.delivery.deliver import Outcome, deliver
from grassroots.delivery.destinations import DestinationError
from grassroots.delivery.settings import Job, Settings, SettingsError
from grassroots.delivery.state import Busy, DeliveryState, outbox_for, stamp
from grassroots.errors import Refused

SCHEDULER_THREAD = "grassroots-scheduler"  # stopped at the process's exit (grassroots.querycache)
log = logging.getLogger("grassroots.delivery")
ACTOR = "scheduler"
MAX_MISSED = 12
_COMPLETE = ".complete"


@dataclass
class Run:
    job: str
    occurrence: dt.datetime
    period: str
    state: str = "running"  # done | partial | uncertain
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None
    files: list[str] = field(default_factory=list)
    alerts: int = 0

    @property
    def ok(self) -> bool:
        return self.state == "done"


def period_for(rule: str, at: dt.datetime) -> str:
    """The report period a rule names, as seen at `at`: previous_month at 1 November 2026 is 2026-10."""
    d = at.date()
    if rule == "previous_month":
        last = d.replace(day=1) - dt.timedelta(days=1)
        return f"{last.year}-{last.month:02d}"
    if rule == "previous_quarter":
        q = (d.month - 1) // 3
        return f"{d.year - 1}-Q4" if q == 0 else f"{d.year}-Q{q}"
    if rule == "previous_year":
        return f"{d.year - 1}"
    raise ValueError(f"unknown period rule {rule!r}")


def due(state: DeliveryState, settings: Settings, now: dt.datetime) -> list[tuple[Job, dt.datetime]]:
    """(job, moment) pairs to run at `now`, oldest first: new moments, and earlier runs to resume."""
    out: list[tuple[Job, dt.datetime]] = []
    for job in settings.jobs:
        if not job.enabled:
            continue
        first = state.first_seen(job.name, now)
        last = state.last_occurrence(job.name)
        since = first - dt.timedelta(hours=settings.schedule.catch_up_hours)
        if last is not None:
            since = max(since, last)
        moments = job.schedule.occurrences(since, now, limit=MAX_MISSED if job.kind == "report" else 1)
        horizon = now - dt.timedelta(hours=settings.schedule.retry_hours)
        again = [dt.datetime.fromisoformat(r["occurrence"]) for r in state.runs(job.name, ("running", "partial"))]
        again = [m for m in again if horizon <= m <= now and m not in moments]
        if job.kind == "alerts":
            again = []  # its next moment sends whatever an earlier run did not
        out += [(job, m) for m in sorted(again + moments)]
    return out


def _scope_params(scope: str) -> str | None:
    return scope or None


def _report_files(db_path: Path, job: Job, period_text: str, wait_until: dt.datetime | None) -> list[Path]:
    """The job's report for the period, filed once in the outbox and reused by later runs. Until `wait_until`
    (None: the wait is over) nothing is filed while a table of records ends early in the period."""
    from grassroots.progress import NULL
    from grassroots.report import build
    from grassroots.report import files as report_files
    from grassroots.report.period import parse

    folder = outbox_for(db_path) / job.name / period_text
    marker = folder / _COMPLETE
    if marker.exists():
        names = json.loads(marker.read_text(encoding="utf-8"))
        return [folder / n for n in names]
    if not db_path.exists():
        raise FileNotFoundError(f"database not found: {db_path.name}")
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    formats = tuple(dict.fromkeys(("json", *job.formats)))
    period = parse(period_text)
    with db.reader(db_path) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        day = build.as_of_of(fetch).date()
        # filed once and sent once: never the part of a period that is imported so far (a month's report on
        # the 1st, with the month's last days not imported yet); the run is tried again while retry_hours last
        refused = build.outside_data(fetch, period, day, job.lang)
        if refused is None and not period.complete(day):
            refused = Refused("report.not_complete", period=period.label(job.lang), as_of=day.isoformat())
        if refused is None and wait_until is not None:
            refused = _waiting(build.behind(fetch, period.window(day), day, job.lang), period, job, wait_until)
        if refused is not None:
            raise refused
        _, written = report_files.make(fetch, period, _scope_params(job.scope), formats, tmp, job.lang, NULL)
    (tmp / _COMPLETE).write_text(json.dumps([p.name for p in written], ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return [folder / p.name for p in written]


def _waiting(late: list[dict], period, job: Job, until: dt.datetime) -> Refused | None:
    """Why the report of `period` waits, when tables of records end early in it (build.behind): named with their
    last day, and the time it waits until; None when none does. The same words at every pass of one wait."""
    if not late:
        return None
    items = [i18n.t("report.summary.behind.item", job.lang, table=b["name"], last=b["last"]) for b in late]
    return Refused(
        "report.waiting_for",
        period=period.label(job.lang),
        tables=i18n.listing(items, job.lang),
        until=until.strftime("%Y-%m-%d %H:%M"),
    )


def _settle(run: Run) -> Run:
    if run.error or any(o.status == "failed" for o in run.outcomes):
        run.state = "partial"
    elif any(o.status == "uncertain" for o in run.outcomes):
        run.state = "uncertain"
    else:
        run.state = "done"
    return run


def _finish(run: Run, db_path: Path, state: DeliveryState, job: Job, actor: str, failed: dict, kept: dict) -> Run:
    """Settle the run's state, audit a failed run (its detail: the job, `failed`, the error) and record the
    run's end (the error, `kept`, each destination's outcome)."""
    _settle(run)
    if run.error and run.error != state.run_error(job.name, run.occurrence):  # a wait is audited once, not per pass
        detail = {"job": job.name, **failed, "outcome": "failed", "error": run.error}
        audit.record(db_path, actor, "deliver", job.name, detail, ok=False)
    outcomes = [(o.label, o.status) for o in run.outcomes]
    state.finish_run(job.name, run.occurrence, run.state, {"error": run.error, **kept, "outcomes": outcomes})
    return run


def run_report(
    db_path: Path,
    settings: Settings,
    state: DeliveryState,
    job: Job,
    at: dt.datetime,
    actor: str = ACTOR,
    sleep=None,
    now: dt.datetime | None = None,
) -> Run:
    """Run a report job's moment `at`, at `now` (default: the clock)."""
    run = Run(job.name, at, period_for(job.period, at))
    state.start_run(job.name, at, run.period)
    until = at + dt.timedelta(hours=job.wait_hours)
    try:
        dests = job.destinations()
        written = _report_files(db_path, job, run.period, until if (now or dt.datetime.now()) < until else None)
        send = [p for p in written if p.suffix.lstrip(".") in job.formats]
        run.files = [p.name for p in send]
        msg = message.for_report(send, job.lang)
        for d in dests:
            kw = {"sleep": sleep} if sleep else {}
            run.outcomes.append(deliver(state, db_path, job.name, run.period, d, msg, settings.retry, actor, **kw))
    except (SettingsError, DestinationError) as exc:
        run.error = f"{settings.file}: job {job.name}, key to: {exc}"
    except db.DatabaseBusy as exc:
        run.error = f"{exc}; the job runs again on the next pass"
    except Refused as exc:  # e.g. the period's data not imported yet: tried again while retry_hours last
        run.error = exc.message(job.lang) + ("" if job.lang == "zh" else " ") + i18n.t("delivery.runs_again", job.lang)
    except KeyError as exc:
        run.error = f"{settings.file}: job {job.name}, key scope: {exc.args[0]!r} is not a region code in this database"
    except (FileNotFoundError, OSError) as exc:
        run.error = str(exc)
    return _finish(run, db_path, state, job, actor, failed={"period": run.period}, kept={"files": run.files})


def _in_scope(alert: dict, scope: str) -> bool:
    return not scope or str(alert.get("unit_code", "")).startswith(scope)


def evaluate_alerts(db_path: Path, at: dt.datetime) -> dict:
    """Evaluate the rules of config/alerts.toml over the whole database at `at` and store what fired."""
    from grassroots.alerts import evaluate, rules, store

    rs = rules.load()
    with db.reader(db_path) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        fired = evaluate.evaluate(fetch, rs, at, {"region": ""})
    return store.AlertStore(store.path_for(db_path)).record(fired, at, rules={r.key for r in rs})


def run_alerts(
    db_path: Path, settings: Settings, state: DeliveryState, job: Job, at: dt.datetime, actor: str = ACTOR, sleep=None
) -> Run:
    from grassroots.alerts import rules as alert_rules
    from grassroots.alerts import store

    run = Run(job.name, at, "alerts")
    state.start_run(job.name, at, run.period)
    try:
        dests = job.destinations()
        if job.evaluate:
            evaluate_alerts(db_path, at)
        st = store.AlertStore(store.path_for(db_path))
        pending = [a for a in st.unsent() if _in_scope(a, job.scope)]
        run.alerts = len(pending)
        for d in dests:
            claimed = state.alerts_claimed(d.ident)
            batch = [a for a in pending if a["alert_id"] not in claimed]
            if not batch:
                continue
            ids = sorted(a["alert_id"] for a in batch)
            fhash = hashlib.sha256(",".join(map(str, ids)).encode("ascii")).hexdigest()
            kw = {"sleep": sleep} if sleep else {}
            run.outcomes.append(
                deliver(
                    state,
                    db_path,
                    job.name,
                    "alerts",
                    d,
                    message.for_alerts(batch, job.lang),
                    settings.retry,
                    actor,
                    fhash=fhash,
                    before=functools.partial(state.claim_alerts, ids, d.ident),
                    **kw,
                )
            )
        everywhere = state.alerts_sent_to_all([a["alert_id"] for a in pending], [d.ident for d in dests])
        st.mark_sent(everywhere)
    except (SettingsError, DestinationError) as exc:
        run.error = f"{settings.file}: job {job.name}, key to: {exc}"
    except alert_rules.RuleError as exc:
        run.error = str(exc)
    except db.DatabaseBusy as exc:
        run.error = f"{exc}; the job runs again on the next pass"
    except (FileNotFoundError, OSError) as exc:
        run.error = str(exc)
    return _finish(run, db_path, state, job, actor, failed={}, kept={"alerts": run.alerts})


def run_due(
    db_path: Path,
    settings: Settings,
    now: dt.datetime,
    actor: str = ACTOR,
    sleep=None,
    on_run: Callable[[Run], None] | None = None,
) -> tuple[list[dict], list[Run]]:
    """Run every job due at `now`. Returns the deliveries found interrupted (now uncertain) and the runs.
    Busy when another process is delivering."""
    db_path = Path(db_path)
    state = DeliveryState.for_db(db_path)
    runs: list[Run] = []
    with state.lock():
        stopped = state.interrupted()
        for row in stopped:
            audit.record(
                db_path,
                actor,
                "deliver",
                row["label"],
                {
                    "job": row["job"],
                    "period": row["period"],
                    "outcome": "uncertain",
                    "error": "stopped while sending; not repeated: check the destination, then push --again",
                },
                ok=False,
            )
        for job, at in due(state, settings, now):
            if job.kind == "report":
                run = run_report(db_path, settings, state, job, at, actor, sleep, now=now)
            else:
                run = run_alerts(db_path, settings, state, job, at, actor, sleep)
            runs.append(run)
            if on_run:
                on_run(run)
    _purge_personal_data(db_path, now, actor)
    return stopped, runs


def _purge_personal_data(db_path: Path, now: dt.datetime, actor: str) -> None:
    """The daily purge of personal data past the retention period, when config/app.toml asks for it
    (grassroots/privacy_cli.py); a failure is logged and tried again at the next pass."""
    from grassroots import privacy_cli

    try:
        privacy_cli.scheduled(db_path, now, actor)
    except Exception:  # the deliveries of this pass are done; the purge waits for the next one
        log.exception("privacy: the scheduled purge failed")


def next_runs(settings: Settings, now: dt.datetime) -> dict[str, dt.datetime | None]:
    return {j.name: j.schedule.next_after(now) for j in settings.jobs if j.enabled}


# --- the in-process scheduler ---------------------------------------------------------------------


def loop(
    db_path: Path,
    load_settings: Callable[[], Settings],
    stop: threading.Event,
    on_run: Callable[[Run], None] | None = None,
    clock: Callable[[], dt.datetime] = dt.datetime.now,
) -> None:
    """Look at the clock every `poll_s` seconds and run what is due, until `stop` is set. The settings
    are read again at each pass, so an edited delivery.toml takes effect without a restart."""
    last_error = None
    while not stop.is_set():
        poll = 30.0
        try:
            settings = load_settings()
            poll = settings.schedule.poll_s
            last_error = None
            run_due(db_path, settings, clock(), on_run=on_run)
        except Busy:
            log.info("delivery: another process is delivering; looking again in %.0f s", poll)
        except SettingsError as exc:
            if str(exc) != last_error:
                log.error("delivery: %s", exc)
            last_error = str(exc)
        except Exception:  # the scheduler thread must outlive one bad pass; the pass is logged in full
            log.exception("delivery: a scheduler pass failed")
        stop.wait(poll)


def start_background(db_path: Path, load_settings: Callable[[], Settings]) -> threading.Thread | None:
    """Start the scheduler thread (for `serve`) when delivery.toml enables a job (or app.toml the daily
    purge of personal data) and allows it in the app."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        log.error("delivery: scheduler not started: %s", exc)
        return None
    from grassroots import config

    if not settings.schedule.in_app or not (
        any(j.enabled for j in settings.jobs) or config.privacy().purge_on_schedule
    ):
        return None
    stop = threading.Event()
    thread = threading.Thread(
        target=loop, args=(Path(db_path), load_settings, stop), name=SCHEDULER_THREAD, daemon=True
    )
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread


__all__ = ["run_due", "due", "period_for", "loop", "start_background", "next_runs", "Run", "stamp"]
