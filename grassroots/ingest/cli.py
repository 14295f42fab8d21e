"""python -m grassroots import FILE... --db PATH [--profile NAME] [--json] [--accept-valid]

Exit status 0 when every file was loaded (or partly loaded with --accept-valid), 1 when any file
was refused, 2 for a bad command line.
"""

from __future__ import annotations

import json
import sys

from grassroots import cli, db
from grassroots.auth import audit, places
from grassroots.i18n import t
from grassroots.ingest.importer import MAX_ERRORS, import_files
from grassroots.ingest.report import human, summary_dict


def configure(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="CSV, Excel .xlsx or Parquet exports")
    cli.add_db(p)
    p.add_argument("--profile", help="use this header profile (config/profiles/NAME.toml) for every file")
    p.add_argument(
        "--accept-valid",
        action="store_true",
        help="load the valid rows of a file with bad rows (default: refuse the whole file)",
    )
    p.add_argument("--json", action="store_true", help="print a machine-readable summary on stdout")
    p.add_argument("--lang", choices=("zh", "en"), help="language of the report (default: config/app.toml)")
    p.add_argument(
        "--max-size-mb",
        type=float,
        help="refuse files larger than this (default: [import] max_size_mb in config/app.toml)",
    )
    p.add_argument("--max-errors", type=int, default=MAX_ERRORS, help="problems listed per file")
    cli.add_quiet(p)


def run(args) -> int:
    progress = cli.progress_bar(args)
    max_bytes = int(args.max_size_mb * 2**20) if args.max_size_mb else None
    was_demo = places.is_demo_database(args.db)
    reports = import_files(
        args.files,
        db=args.db,
        profile=args.profile,
        accept_valid=args.accept_valid,
        progress=progress,
        lang=args.lang,
        max_bytes=max_bytes,
        max_errors=args.max_errors,
    )
    lang = args.lang or _default_lang()
    out = sys.stderr if args.json else sys.stdout
    for r in reports:
        print(human(r, lang), file=out)
    ok = sum(1 for r in reports if r.status in ("loaded", "partial"))
    already = sum(1 for r in reports if r.status == "already_imported")
    refused = sum(1 for r in reports if r.status == "refused")
    if audit.record_import(db.resolve(args.db), audit.cli_actor(), reports, was_demo):
        print(t("import.demo_off", lang), file=out)
    print(t("ingest.done", lang, ok=ok, already=already, refused=refused), file=out)
    if args.json:
        json.dump(summary_dict(reports), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    return 1 if refused else 0


def _default_lang() -> str:
    from grassroots.ingest.importer import _lang

    return _lang(None)
