"""python -m grassroots schedule [--run-due [--now ISO]] [--list]: run config/delivery.toml's jobs.

--run-due runs every job due since its last run and ends (for a system cron, e.g. every 5 minutes);
without it the scheduler keeps running in the foreground, looking at the clock every poll_s seconds
(`serve` starts the same scheduler in a background thread)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from pathlib import Path

from grassroots import cli, db, i18n
from grassroots.delivery import jobs, settings
from grassroots.delivery.state import Busy, DeliveryState, error_of


def configure(p) -> None:
    cli.add_db(p)
    p.add_argument("--config", help="delivery settings (default: config/delivery.toml or $GRASSROOTS_DELIVERY)")
    p.add_argument("--run-due", action="store_true", help="run what is due now, then end (for a system cron)")
    p.add_argument("--now", help="with --run-due or --list: the moment to run as, e.g. 2026-11-01T08:05")
    p.add_argument("--list", action="store_true", help="show the jobs, their next moment and their last runs")
    cli.add_lang(p)


def err(text: str) -> None:
    print(f"schedule: {text}", file=sys.stderr)


def say_run(r: jobs.Run, lang: str) -> None:
    line = i18n.t(
        "delivery.run",
        lang,
        job=r.job,
        period=r.period,
        at=jobs.stamp(r.occurrence),
        state=i18n.t(f"delivery.state.{r.state}", lang),
    )
    (print if r.ok else err)(line)
    for o in r.outcomes:
        key = {
            "sent": "delivery.sent_short",
            "already": "delivery.already",
            "uncertain": "delivery.uncertain",
            "failed": "delivery.failed",
        }[o.status]
        text = "  " + i18n.t(key, lang, dest=o.label, error=o.error or "")
        (print if o.ok else err)(text)
    if r.error:
        err("  " + r.error)


def run(args) -> int:
    lang = args.lang
    cfg_path = Path(args.config) if args.config else None
    try:
        cfg = settings.load(cfg_path, named=cfg_path is not None)
    except settings.SettingsError as exc:
        err(str(exc))
        return 2
    now = dt.datetime.now()
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now.strip())
        except ValueError:
            err(i18n.t("delivery.bad_now", lang, now=args.now))
            return 2
        if now.tzinfo is not None:
            now = now.astimezone().replace(tzinfo=None)
        if not (args.run_due or args.list):
            err(i18n.t("delivery.now_needs_run_due", lang))
            return 2
    db_path = db.resolve(args.db)
    if not db_path.parent.is_dir():
        err(i18n.t("delivery.no_db_folder", lang, folder=db_path.parent))
        return 2
    if args.list:
        return show(db_path, cfg, now, lang)
    if args.run_due:
        try:
            stopped, runs = jobs.run_due(db_path, cfg, now)
        except Busy:
            err(i18n.t("delivery.busy", lang))
            return 0
        for row in stopped:
            err(i18n.t("delivery.uncertain", lang, dest=row["label"], error=row["error"] or ""))
        for r in runs:
            say_run(r, lang)
        if not runs:
            print(i18n.t("delivery.nothing_due", lang, now=jobs.stamp(now)))
        return 0 if all(r.ok for r in runs) and not stopped else 1
    if not any(j.enabled for j in cfg.jobs):
        err(i18n.t("delivery.no_jobs", lang, file=cfg.file))
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(i18n.t("delivery.scheduler_started", lang, file=cfg.file))
    stop = threading.Event()
    try:
        jobs.loop(db_path, lambda: settings.load(cfg_path), stop, on_run=lambda r: say_run(r, lang))
    except KeyboardInterrupt:
        stop.set()
    return 0


def show(db_path: Path, cfg: settings.Settings, now: dt.datetime, lang: str) -> int:
    state = DeliveryState.for_db(db_path)
    nxt = jobs.next_runs(cfg, now)
    if not cfg.jobs:
        print(i18n.t("delivery.no_jobs", lang, file=cfg.file))
    for j in cfg.jobs:
        runs = state.runs(j.name, limit=1)
        last = (
            f"{runs[0]['occurrence']} {i18n.t('delivery.state.' + runs[0]['state'], lang)}"
            if runs
            else i18n.t("delivery.never", lang)
        )
        when = jobs.stamp(nxt[j.name]) if nxt.get(j.name) else i18n.t("delivery.disabled", lang)
        print(
            i18n.t("delivery.list_line", lang, job=j.name, schedule=j.schedule.text, next=when, last=last, n=len(j.to))
        )
        error = error_of(runs[0]["detail"]) if runs else None
        if error:  # why the last run did not finish: a report waiting for its data, a destination refused ...
            print(f"    {error}")
    return 0
