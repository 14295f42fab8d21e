"""python -m grassroots metrics-doc [--out PATH]: write docs/metrics.md from the metric catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path

from grassroots.config import ConfigError
from grassroots.metrics import catalogue


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=catalogue.DOC_PATH, help="where to write (default docs/metrics.md)")


def run(args) -> int:
    try:
        path = catalogue.write_doc(args.out)
    except ConfigError as exc:
        print(f"error: {exc}")
        return 1
    print(f"wrote {path} ({len(catalogue.all())} metrics)")
    return 0
