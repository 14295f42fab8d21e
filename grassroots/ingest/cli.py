"""python -m grassroots import FILE|FOLDER... --db PATH [--profile NAME] [--json] [--accept-valid]

A folder stands for the export files directly in it (expand), a .zip for those in it (bundles). Exit status
0 when every file was loaded (or partly loaded with --accept-valid) or imported before, 1 when any file was
refused or a folder held none, 2 for a bad command line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from grassroots import cli, db
from grassroots.auth import audit, places
from grassroots.i18n import t
from grassroots.ingest import bundles
from grassroots.ingest.importer import MAX_ERRORS, import_files
from grassroots.ingest.report import human, summary_dict


def configure(p) -> None:
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="CSV, Excel .xlsx, Parquet or GeoJSON exports; a folder or a .zip stands for the files in it",
    )
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
    files, empty = expand(args.files)
    lang = args.lang or _default_lang()
    for name in empty:
        print(t("ingest.folder_empty", lang, folder=name, suffixes=SUFFIXES), file=sys.stderr)
    if not files:
        if args.json:  # a machine reading stdout still gets a summary: of no file
            json.dump({**summary_dict([]), "ok": False}, sys.stdout, ensure_ascii=False, indent=1, default=str)
            sys.stdout.write("\n")
        return 1
    reports = import_files(
        files,
        db=args.db,
        profile=args.profile,
        accept_valid=args.accept_valid,
        progress=progress,
        lang=args.lang,
        max_bytes=max_bytes,
        max_errors=args.max_errors,
    )
    out = sys.stderr if args.json else sys.stdout
    for r in reports:
        print(human(r, lang), file=out)
    ok = sum(1 for r in reports if r.loaded)
    already = sum(1 for r in reports if r.status == "already_imported")
    refused = sum(1 for r in reports if r.status == "refused")
    if audit.record_import(db.resolve(args.db), audit.cli_actor(), reports, was_demo):
        print(t("import.demo_off", lang), file=out)
    print(t("ingest.done", lang, ok=ok, already=already, refused=refused), file=out)
    if args.json:
        json.dump(summary_dict(reports), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    return 1 if refused or empty else 0


SUFFIXES = " ".join((*bundles.EXPORT_SUFFIXES, bundles.ZIP_SUFFIX))


def expand(names: list[str]) -> tuple[list[Path], list[str]]:
    """The files named, a folder replaced by the export files and archives directly in it (bundles.folder_files),
    so one month's exports can be imported as the folder they came in; and the folders that held none."""
    out: list[Path] = []
    empty: list[str] = []
    for name in names:
        path = Path(name)
        found = bundles.folder_files(path) if path.is_dir() else [path]
        if not found:
            empty.append(name)
        out.extend(found)
    return out, empty


def _default_lang() -> str:
    from grassroots.ingest.importer import _lang

    return _lang(None)
