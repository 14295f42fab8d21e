"""python -m grassroots demo --scale small|medium|large --seed N --db PATH [--samples DIR] [--force]

Exit status 0 when the database was built, 1 when it was not (it exists and --force was not
given, or the build failed), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from grassroots import cli, config, db
from grassroots.demo import generate, samples
from grassroots.demo.world import SCALES
from grassroots.i18n import t


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("demo.bad_as_of", _lang(), value=value)) from None


def configure(p) -> None:
    p.add_argument(
        "--scale",
        choices=SCALES,
        default="small",
        help="small: the seeds' places (seconds); medium: a district-sized set, ~1M tickets (a minute "
        "or two); large: a city, ~10M tickets (several minutes)",
    )
    p.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="random seed (default 7)")
    cli.add_db(p)
    p.add_argument(
        "--samples",
        metavar="DIR",
        help="write sample export files here (default: data/samples for the small scale, none otherwise)",
    )
    p.add_argument("--force", action="store_true", help="replace the database if it exists")
    p.add_argument(
        "--as-of",
        type=_date,
        default=generate.DEFAULT_AS_OF,
        help="the last day of the three years of data (default 2026-11-20)",
    )
    cli.add_quiet(p)


def _lang() -> str:
    try:
        return config.app().default_language
    except config.ConfigError:
        return "zh"


def run(args) -> int:
    lang = _lang()
    target = db.resolve(args.db)
    if target.exists() and not args.force:
        print(t("demo.exists", lang, path=target), file=sys.stderr)
        return 1
    progress = cli.progress_bar(args)
    print(t("demo.building", lang, scale=args.scale, seed=args.seed, as_of=args.as_of, path=target), file=sys.stderr)
    try:
        result = generate.build(
            target, scale=args.scale, seed=args.seed, progress=progress, as_of=args.as_of, overwrite=args.force
        )
    except FileExistsError:
        print(t("demo.exists", lang, path=target), file=sys.stderr)
        return 1
    except (OSError, db.DatabaseBusy, config.ConfigError) as exc:
        print(t("demo.failed", lang, reason=exc), file=sys.stderr)
        return 1
    c = result["counts"]
    print(
        t(
            "demo.built",
            lang,
            path=target,
            seconds=f"{result['seconds']:.1f}",
            tickets=f"{c['tickets']:,}",
            services=f"{c['service_records']:,}",
            activities=f"{c['activities']:,}",
        )
    )
    out_dir = args.samples or (samples.SAMPLES_DIR if args.scale == "small" else None)
    if out_dir is None:
        print(t("demo.samples_skipped", lang))
        return 0
    rows = samples.write(target, out_dir, progress)
    print(t("demo.samples", lang, dir=out_dir, files=", ".join(f"{k} ({v})" for k, v in rows.items())))
    return 0
