"""督办单: the whole supervision list as a fileable .docx or .xlsx (ticket, reason, days overdue,
department, responsible unit), with a per-department count and the sign-off block."""

from __future__ import annotations

import datetime as dt

from grassroots.report import docx as docx_writer
from grassroots.report import layout, xlsx
from grassroots.report.layout import Block, t


def blocks(entries: list[dict], unit_name: str, at: dt.datetime, lang: str = "zh") -> list[Block]:
    title = t("supervision.sheet.title", lang, unit=unit_name)
    return [
        Block("title", title),
        Block(
            "subtitle",
            t("supervision.sheet.subtitle", lang, at=at.isoformat(sep=" ", timespec="minutes"), n=len(entries)),
        ),
        Block("heading", t("supervision.sheet.by_department", lang)),
        Block("table", table=layout.department_table(entries, lang)),
        Block("heading", t("supervision.sheet.list", lang)),
        Block("table", table=layout.supervision_list(entries, lang, full=True))
        if entries
        else Block("paragraph", t("report.none", lang)),
        Block("signoff", t("report.signoff", lang)),
    ]


def docx(entries: list[dict], unit_name: str, at: dt.datetime, lang: str = "zh") -> bytes:
    return docx_writer.write(blocks(entries, unit_name, at, lang), lang, author=unit_name)


def workbook(entries: list[dict], unit_name: str, at: dt.datetime, lang: str = "zh") -> bytes:
    return xlsx.workbook(
        blocks(entries, unit_name, at, lang),
        t("supervision.sheet.sheet", lang),
        title=t("supervision.sheet.title", lang, unit=unit_name),
        author=unit_name,
    )
