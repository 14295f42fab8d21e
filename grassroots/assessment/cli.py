"""python -m grassroots assess --db PATH --system NAME --period P --level street|community|centre
[--scope CODE] [--format json,xlsx,pdf,docx] [--out DIR] [--lang zh|en] [--archive] [--list-archive]

The same scorecard as the assessment page (scorecard.compute on the same queries and windows), written
in the files an organisation department files; `--archive` keeps the result with its indicator
system's text and checksums (`<database>.archive.sqlite`)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

from grassroots import cli, config, db, i18n, periods, sql
from grassroots.assessment import archive, report, result, scorecard, system
from grassroots.progress import NULL
from grassroots.report import build as report_build
from grassroots.report.period import PeriodError, parse

FORMATS = ("json", "xlsx", "pdf", "docx")


def configure(p) -> None:
    cli.add_db(p)
    p.add_argument(
        "--system", default="default", help="indicator system: a file name in config/indicators/ (default: default)"
    )
    p.add_argument("--period", help="2026-10, 2026-Q3, 2026 or 2026-01-01..2026-03-31")
    p.add_argument("--level", default="street", choices=("street", "community", "centre"))
    p.add_argument("--scope", default="", help="a district, street or community code (default: everything)")
    p.add_argument("--format", default="json,xlsx,pdf,docx", help="comma-separated: json, xlsx, pdf, docx")
    p.add_argument("--out", default=".", help="folder for the files (default: here)")
    cli.add_lang(p)
    p.add_argument("--archive", action="store_true", help="file the result with its indicator system and checksums")
    p.add_argument("--list-archive", action="store_true", help="list filed results and stop")
    cli.add_quiet(p)


def _fail(msg: str, code: int = 2) -> int:
    print(f"assess: {msg}", file=sys.stderr)
    return code


def compute(fetch, chosen: system.System, level: str, period, scope: str, as_of: dt.datetime, progress=NULL):
    """The page's scorecard for a period written as on the command line."""
    w = period.window(as_of.date())
    base = report_build.scope_params(scope, as_of)
    prev = periods.primary(period.kind, w).window  # as the page: 环比, 同比 for a year, the preceding window
    return (
        scorecard.compute(
            chosen,
            level,
            fetch,
            {**base, **w.params()},
            None if prev is None else {**base, **prev.params()},
            min_n=config.app().min_n,
            progress=progress,
        ),
        w,
        prev,
    )


def stem(region_name: str, period_label: str, chosen: system.System, level: str, lang: str) -> str:
    level_word = i18n.t(f"asm.level_name.{level}", lang)
    region = re.sub(r"\s*·\s*", "", region_name)
    name = (
        f"{region}_{period_label}_{level_word}考核_{chosen.name}"
        if lang == "zh"
        else f"{region}_{period_label}_{level}_assessment_{chosen.key}"
    )
    return re.sub(r'[\\/:*?"<>|\s（）()]+', "_", name).strip("_")


def run(args) -> int:
    path = db.resolve(args.db)
    if args.list_archive:
        for row in archive.Archive(archive.path_for(path)).list():
            print(
                f"{row['filed_id']:>4}  {row['filed_at']}  {row['system']}  {row['period']}  {row['level']}  "
                f"{row['scope'] or '-'}  {row['filed_by']}  {row['result_sha256'][:12]}"
            )
        return 0
    if not args.period:
        return _fail("--period is required (2026-10, 2026-Q3, 2026 or 2026-01-01..2026-03-31)")
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    if not formats or any(f not in FORMATS for f in formats):
        return _fail(f"unknown format in {args.format!r}; choose from {', '.join(FORMATS)}")
    try:
        period = parse(args.period)
    except PeriodError as exc:
        return _fail(str(exc))
    systems, refused = system.load_all()
    by_key = {s.key: s for s in systems}
    chosen = by_key.get(args.system) or next((s for s in systems if s.name == args.system), None)
    if chosen is None:
        bad = next((e for e in refused if Path(e.file).stem == args.system), None)
        if bad is not None:
            return _fail(bad.message(args.lang))
        return _fail(f"no indicator system {args.system!r}; known: {', '.join(by_key) or '(none)'}")
    if args.level not in chosen.levels:
        return _fail(f"{chosen.file} does not assess {args.level}; it assesses {', '.join(chosen.levels)}")
    if not path.exists():
        return _fail(f"database not found: {path.name}")
    progress = cli.progress_bar(args)
    out = Path(args.out)
    try:
        with db.reader(path) as con:
            fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
            as_of = report_build.as_of_of(fetch)
            outside = report_build.outside_data(fetch, period, as_of.date(), args.lang)
            if outside is not None:  # a scorecard of zeros is not filed, let alone archived
                return _fail(outside.message(args.lang), 1)
            if args.archive and not period.complete(as_of.date()):  # the record of a period
                return _fail(
                    i18n.t("asm.archive_not_complete", args.lang, period=period.label(args.lang), as_of=as_of.date()),
                    1,
                )
            try:
                region_name = report_build.scope_name(fetch, args.scope, args.lang)
            except KeyError:
                return _fail(f"scope {args.scope!r} is not a region code in this database")
            sc, w, prev = compute(fetch, chosen, args.level, period, args.scope, as_of, progress)
            ctx = report.Context(
                region_name=region_name,
                period_label=report.period_label(period.kind, (w.start, w.end), args.lang),
                window=(w.start, w.end),
                previous=None if prev is None else (prev.start, prev.end),
                as_of=as_of,
                generated_at=dt.datetime.now().replace(microsecond=0),
                lang=args.lang,
                sources=fetch("assessment/data_sources", {"limit": 500, "region": args.scope or "", "centre_id": None}),
                compare=periods.label(periods.primary(period.kind, w), args.lang),
            )
    except db.DatabaseBusy as exc:
        return _fail(f"{exc}; try again when the import has finished", 1)
    data = result.to_dict(sc, period.text, args.scope, (w.start, w.end - dt.timedelta(days=1)))
    out.mkdir(parents=True, exist_ok=True)
    name = stem(region_name, ctx.period_label, chosen, args.level, args.lang)
    written = []
    for fmt in formats:
        target = out / f"{name}.{fmt}"
        if fmt == "json":
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        elif fmt == "xlsx":
            from grassroots.assessment import xlsx

            target.write_bytes(xlsx.workbook(sc, ctx))
        elif fmt == "pdf":
            from grassroots.assessment import pdf

            target.write_bytes(pdf.document(sc, ctx))
        else:
            from grassroots.assessment import docx

            target.write_bytes(docx.document(sc, ctx))
        written.append(target)
    if args.archive:
        from grassroots.auth.audit import cli_actor

        text = (system.INDICATORS_DIR / chosen.file).read_text(encoding="utf-8")
        filed = archive.Archive(archive.path_for(path)).file(data, text, by=cli_actor())
        print(i18n.t("asm.archived", args.lang, id=filed))
    print(i18n.t("report.done", args.lang, files=", ".join(str(p) for p in written)))
    return 0
