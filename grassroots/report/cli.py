"""python -m grassroots report --db PATH --period P [--scope CODE] [--format json,docx,pdf,xlsx] [--out DIR]
[--lang zh|en]"""

from __future__ import annotations

import sys
from pathlib import Path

from grassroots import cli, db, i18n, sql
from grassroots.report import files
from grassroots.report.period import PeriodError, parse


def configure(p) -> None:
    cli.add_db(p)
    p.add_argument("--period", required=True, help="2026-10 (month), 2026-Q3, 2026, or 2026-01-01..2026-03-31")
    p.add_argument(
        "--scope", default="", help="a district, street or community code, or centre:<id> (default: everything)"
    )
    p.add_argument("--format", default="json,docx,pdf,xlsx", help="comma-separated: json, docx, pdf, xlsx")
    p.add_argument("--out", default=".", help="folder for the files (default: here)")
    cli.add_lang(p)
    cli.add_quiet(p)


def run(args) -> int:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in files.FORMATS]
    if bad or not formats:
        print(
            f"report: unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(files.FORMATS)}",
            file=sys.stderr,
        )
        return 2
    try:
        period = parse(args.period)
    except PeriodError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    path = db.resolve(args.db)
    if not path.exists():
        print(
            f"report: database not found: {path.name} (build one with `python -m grassroots demo` or import exports)",
            file=sys.stderr,
        )
        return 2
    progress = cli.progress_bar(args)
    try:
        with db.reader(path) as con:
            fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
            _, written = files.make(fetch, period, args.scope or None, formats, Path(args.out), args.lang, progress)
    except KeyError as exc:
        print(f"report: scope {exc.args[0]!r} is not a region code in this database", file=sys.stderr)
        return 2
    except db.DatabaseBusy as exc:
        print(f"report: {exc}; try again when the import has finished", file=sys.stderr)
        return 1
    print(i18n.t("report.done", args.lang, files=", ".join(str(p) for p in written)))
    return 0
