"""Build the report once and write the formats asked for: `make(fetch, period, scope, formats, out)`.
The command line and the overview's button both call it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from grassroots import config
from grassroots.progress import NULL, Progress
from grassroots.report import build, layout
from grassroots.report.period import Period

FORMATS = ("json", "docx", "pdf", "xlsx")


def extras() -> dict[str, Callable]:
    """The report's sections computed by other parts of the engine (ranking, hot spots, repeats,
    alerts, supervision)."""
    from grassroots.report import sections  # imported late: the sections pull in most of the engine

    return sections.ALL


def render(report: dict, fmt: str, lang: str = "zh") -> bytes:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    blocks = layout.blocks(report, lang, issuer=getattr(config.app(), "report_issuer", None) or None)
    if fmt == "docx":
        from grassroots.report import docx

        return docx.write(blocks, lang, author=report["scope"]["name"])
    if fmt == "pdf":
        from grassroots.report import pdf

        return pdf.write(blocks, lang, author=report["scope"]["name"])
    if fmt == "xlsx":
        from grassroots.report import xlsx

        return xlsx.write(blocks, report, lang)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


def make(
    fetch,
    period: Period,
    scope: str | None,
    formats: tuple[str, ...],
    out: Path,
    lang: str = "zh",
    progress: Progress = NULL,
) -> tuple[dict, list[Path]]:
    steps = 1 + len(formats)
    progress(0, steps, "report")
    report = build.build(fetch, period, scope, lang, extras=extras())
    progress(1, steps, "report")
    out.mkdir(parents=True, exist_ok=True)
    stem = layout.file_stem(report, lang)
    written = []
    for i, fmt in enumerate(formats, start=2):
        path = out / f"{stem}.{fmt}"
        path.write_bytes(render(report, fmt, lang))
        written.append(path)
        progress(i, steps, path.name)
    return report, written
