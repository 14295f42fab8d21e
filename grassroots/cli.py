"""python -m grassroots COMMAND ... - each command lives in its own module with configure() and run()."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback

from grassroots import db, trouble
from grassroots.errors import Refused
from grassroots.i18n import t
from grassroots.progress import NULL, Progress, TerminalBar

COMMANDS = {
    "demo": ("grassroots.demo.cli", "build the demo database and sample exports"),
    "import": ("grassroots.ingest.cli", "import export files into the database"),
    "migrate": ("grassroots.schema.cli", "create or upgrade a database in place"),
    "bench": ("grassroots.bench", "measure import and page query speed"),
    "backup": ("grassroots.backup", "copy every table to a folder of Parquet files"),
    "lake": ("grassroots.lake", "records as Hive-partitioned Parquet (export) and back (import)"),
    "rollups": ("grassroots.rollup_build", "build the rollups from a lake with DuckDB or Spark SQL"),
    "restore": ("grassroots.restore", "rebuild a database from a backup folder, checked table by table"),
    "privacy": ("grassroots.privacy_cli", "anonymise old personal data; export or erase a resident's records"),
    "users": ("grassroots.auth.cli", "manage sign-in accounts and read the audit log"),
    "report": ("grassroots.report.cli", "write the period's report (.json, .docx, .pdf, .xlsx)"),
    "assess": ("grassroots.assessment.cli", "score units by an indicator system and write the files to file"),
    "push": ("grassroots.delivery.push_cli", "send report files to 企业微信, 钉钉, 飞书 or mail"),
    "schedule": ("grassroots.delivery.schedule_cli", "run config/delivery.toml's jobs (--run-due for a system cron)"),
    "serve": ("grassroots.serve", "start the app (streamlit run dashboard.py)"),
    "metrics-doc": ("grassroots.metrics.doc_cli", "write docs/metrics.md from the metric catalogue"),
}


DB_HELP = "database file (default: data/demo.duckdb or $GRASSROOTS_DB)"


def add_db(p: argparse.ArgumentParser, help: str = DB_HELP) -> None:
    """The --db option the commands share."""
    p.add_argument("--db", help=help)


def add_quiet(p: argparse.ArgumentParser) -> None:
    """The --quiet option of the commands that draw a progress bar."""
    p.add_argument("--quiet", action="store_true", help="no progress bar")


_bars: list[TerminalBar] = []  # the bars this process drew, whose open line an error message ends first


def progress_bar(args) -> Progress:
    """A command's progress bar on stderr; none with --quiet."""
    if args.quiet:
        return NULL
    bar = TerminalBar(sys.stderr)
    _bars.append(bar)
    return bar


def _end_bars() -> None:
    for bar in _bars:
        bar.end_line()


def add_lang(p: argparse.ArgumentParser, help: str = "language of the messages") -> None:
    """The --lang option of the commands whose messages come in both languages."""
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help=help)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grassroots", description="grassroots-governance dashboard engine")
    subs = parser.add_subparsers(dest="command", required=True)
    argv = sys.argv[1:] if argv is None else list(argv)
    # only the named command's module is imported (some bring in pandas, plotly or pyspark); every one for help
    named = next((a for a in argv if not a.startswith("-")), None)
    modules = {}
    for name, (module, help_text) in COMMANDS.items():
        if named in COMMANDS and name != named:
            subs.add_parser(name, help=help_text, description=help_text)
            continue
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        modules[name] = mod
        mod.configure(subs.add_parser(name, help=help_text, description=help_text))
    args, extra = parser.parse_known_args(argv)
    if extra:
        if not getattr(modules[args.command], "PASS_THROUGH", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.options = [*getattr(args, "options", []), *extra]
    lang = getattr(args, "lang", None) or "zh"
    try:
        return int(modules[args.command].run(args) or 0)
    except Refused as exc:  # e.g. a database whose applied migration was edited: a message, no traceback
        _end_bars()
        print(exc.message(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + t("error.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:
        _end_bars()
        which = trouble.kind(exc)
        if which is not None:
            print(trouble.message(which, db.resolve(getattr(args, "db", None)), lang, exc), file=sys.stderr)
        elif isinstance(exc, OSError) and exc.filename:  # a folder that is not there, a file it may not write
            print(t("error.file", lang, path=exc.filename, reason=exc.strerror or exc), file=sys.stderr)
        else:
            print(t("error.internal", lang, what=_first_line(exc), log=_keep_traceback(args.command)), file=sys.stderr)
        return 1


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _keep_traceback(command: str) -> str:
    """The traceback of an unexpected error, written to a file in the temporary folder (its path returned),
    never to the terminal: GRASSROOTS_ERROR_LOG names another file."""
    path = os.environ.get("GRASSROOTS_ERROR_LOG") or os.path.join(
        tempfile.gettempdir(), f"grassroots-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    )
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"python -m grassroots {command}\n{traceback.format_exc()}\n")
    except OSError:
        return "-"
    return path


if __name__ == "__main__":
    sys.exit(main())
