"""python -m grassroots push --report FILE... --to DEST [--to DEST ...]: send report files now."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from grassroots import cli, db, i18n
from grassroots.auth.audit import cli_actor
from grassroots.delivery import destinations, message, settings
from grassroots.delivery.deliver import Outcome, deliver
from grassroots.delivery.state import Busy, DeliveryState

JOB = "push"


def configure(p) -> None:
    p.add_argument(
        "--report",
        nargs="+",
        required=True,
        metavar="FILE",
        help="the report's files (.pdf, .docx, .xlsx; its .json beside them gives the headline numbers)",
    )
    p.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="DEST",
        help="wecom:URL, dingtalk:URL[?secret=S], feishu:URL[?secret=S] or smtp://HOST:PORT?from=A&to=B "
        "(repeat for several; ${VAR} is read from the environment)",
    )
    p.add_argument(
        "--db",
        help="the database whose audit log and delivery state record the push "
        "(default: data/demo.duckdb or $GRASSROOTS_DB)",
    )
    p.add_argument("--again", action="store_true", help="send even what was sent (or may have been sent) before")
    cli.add_lang(p, help="language of the message")
    p.add_argument("--config", help="delivery settings (default: config/delivery.toml) for the retry rules")


def err(text: str) -> None:
    print(f"push: {text}", file=sys.stderr)


def say(o: Outcome, lang: str, files: str) -> bool:
    if o.status == "sent":
        print(i18n.t("delivery.sent", lang, dest=o.label, files=files))
    elif o.status == "already":
        print(i18n.t("delivery.already", lang, dest=o.label))
    elif o.status == "uncertain":
        err(i18n.t("delivery.uncertain", lang, dest=o.label, error=o.error or ""))
    else:
        err(i18n.t("delivery.failed", lang, dest=o.label, error=o.error or ""))
    return o.ok


def run(args) -> int:
    lang = args.lang
    files = [Path(f) for f in args.report]
    for f in files:
        if not f.is_file():
            err(i18n.t("delivery.no_file", lang, file=f))
            return 2
    try:
        cfg = settings.load(Path(args.config) if args.config else None, named=bool(args.config))
    except settings.SettingsError as exc:
        err(str(exc))
        return 2
    dests = []
    for i, text in enumerate(args.to, start=1):
        try:
            dests.append(destinations.parse(settings.expand(text)))
        except (settings.SettingsError, destinations.DestinationError) as exc:
            err(f"--to {i}: {exc}")
            return 2
    db_path = db.resolve(args.db)
    if not db_path.parent.is_dir():
        err(i18n.t("delivery.no_db_folder", lang, folder=db_path.parent))
        return 2
    msg = message.for_report(files, lang)
    period = ""
    js = message.report_json(files)
    if js is not None:
        try:
            period = json.loads(js.read_text(encoding="utf-8"))["period"]["text"]
        except (OSError, ValueError, KeyError, TypeError):
            period = ""
    state = DeliveryState.for_db(db_path)
    names = i18n.listing((f.name for f in files), lang)
    ok = True
    try:
        with state.lock(wait_s=120):
            for row in state.interrupted():
                err(i18n.t("delivery.uncertain", lang, dest=row["label"], error=row["error"] or ""))
            for d in dests:
                ok = (
                    say(
                        deliver(state, db_path, JOB, period, d, msg, cfg.retry, cli_actor(), again=args.again),
                        lang,
                        names,
                    )
                    and ok
                )
    except Busy:
        err(i18n.t("delivery.busy", lang))
        return 1
    return 0 if ok else 1
