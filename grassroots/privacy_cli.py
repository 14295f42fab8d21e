"""python -m grassroots privacy purge | export | erase: retention and residents' rights (个人信息保护法).

    privacy purge [--db PATH] [--before DATE]       anonymise records finished before DATE (default: the
                                                    [privacy] retention_months of config/app.toml)
    privacy export (--phone N | --id N) --out FILE  a resident's records, every table, as JSON
    privacy erase (--phone N | --id N)              anonymise a resident's records

Each writes an audit row (with the number masked); nothing matching is said plainly. See
grassroots/retention.py for what anonymising does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import duckdb

from grassroots import cli, config, db, i18n, retention
from grassroots.auth import audit
from grassroots.i18n import t


def configure(p) -> None:
    subs = p.add_subparsers(dest="privacy_command", required=True)
    purge = subs.add_parser("purge", help="anonymise the personal data of records past the retention period")
    purge.add_argument(
        "--before", metavar="DATE", help="records finished before this day (default: per config/app.toml [privacy])"
    )
    for name, text in (("export", "write a resident's records to a file"), ("erase", "anonymise a resident's records")):
        sub = subs.add_parser(name, help=text)
        who = sub.add_mutually_exclusive_group(required=True)
        who.add_argument("--phone", help="the resident's phone number")
        who.add_argument("--id", dest="idno", help="the resident's ID number (身份证号)")
        if name == "export":
            sub.add_argument("--out", required=True, metavar="FILE", help="the JSON file to write")
    for sub in subs.choices.values():
        cli.add_db(sub)
        cli.add_lang(sub)


def _counts(rows: dict[str, int], lang: str) -> str:
    return i18n.listing((f"{t('table.' + k, lang)} {n:,}" for k, n in rows.items() if n), lang)


def _who(person: retention.Person, lang: str) -> str:
    return t(f"privacy.{person.kind}", lang, number=person.masked())


def purge_now(db_path, cutoff: dt.date, actor: str, day: dt.date | None = None) -> retention.Outcome:
    """Purge and audit (the command; the scheduler passes the `day` it purges for)."""
    out = retention.purge(db_path, cutoff, day)
    audit.record(db_path, actor, "privacy_purge", cutoff.isoformat(), {"before": cutoff.isoformat(), "rows": out.rows})
    return out


def scheduled(db_path, now: dt.datetime, actor: str) -> retention.Outcome | None:
    """The scheduler's daily purge (config/app.toml [privacy] purge_on_schedule): at most once a day,
    for the configured retention period. None when off or already done today."""
    settings = config.privacy()
    today = now.date()
    if not settings.purge_on_schedule or retention.last_scheduled(db_path) == today:
        return None
    return purge_now(db_path, retention.cutoff_for(settings.retention_months, today), actor, day=today)


def _json_value(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def write_export(found: dict, path: Path) -> None:
    """The records as JSON, readable by the owner of the file only (it holds personal data)."""
    data = {
        table: [
            {k: _json_value(v) for k, v in row.items()}
            for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
        ]
        for table, frame in found.items()
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)


def run(args) -> int:
    lang = args.lang
    path = db.resolve(args.db)
    if not path.exists():
        print(t("privacy.no_db", lang, path=path.name), file=sys.stderr)
        return 2
    actor = audit.cli_actor()
    try:
        if args.privacy_command == "purge":
            if args.before:
                try:
                    cutoff = dt.date.fromisoformat(args.before)
                except ValueError:
                    print(t("privacy.bad_date", lang, value=args.before), file=sys.stderr)
                    return 2
            else:
                cutoff = retention.cutoff_for(config.privacy().retention_months, dt.date.today())
            out = purge_now(path, cutoff, actor)
            if out.total:
                print(t("privacy.purged", lang, cutoff=cutoff, counts=_counts(out.rows, lang), n=f"{out.total:,}"))
            else:
                print(t("privacy.purged_none", lang, cutoff=cutoff))
            return 0
        person = retention.Person.of(args.phone, args.idno)
        who = _who(person, lang)
        if args.privacy_command == "export":
            found = retention.find(path, person)
            rows = {k: len(v) for k, v in found.items()}
            if found:
                write_export(found, Path(args.out))
            audit.record(path, actor, "privacy_export", person.masked(), {"rows": rows, "file": Path(args.out).name})
            if not found:
                print(t("privacy.none_found", lang, who=who))
                return 0
            n = sum(rows.values())
            print(t("privacy.exported", lang, who=who, n=f"{n:,}", file=args.out, counts=_counts(rows, lang)))
            return 0
        out = retention.erase(path, person)
        audit.record(path, actor, "privacy_erase", person.masked(), {"rows": out.rows})
        if not out.rows:
            print(t("privacy.none_found", lang, who=who))
            return 0
        n = sum(out.rows.values())
        print(t("privacy.erased", lang, who=who, n=f"{n:,}", counts=_counts(out.rows, lang)))
        return 0
    except retention.RightsError as exc:
        print(t(exc.key, lang, **exc.values), file=sys.stderr)
        return 2
    except (db.DatabaseBusy, duckdb.Error, OSError) as exc:
        print(
            t("privacy.failed", lang, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__),
            file=sys.stderr,
        )
        return 1
