"""督办单: the whole supervision list as a fileable .docx or .xlsx (ticket, reason, days overdue,
department, responsible unit), with a per-department count and the sign-off block."""

from __future__ import annotations

import datetime as dt

from grassroots.report import docx as docx_writer
from grassroots.report import layout, xlsx
from grassroots.report.layout import Block, Column, Table, t


def blocks(entries: list[dict], unit_name: str, at: dt.datetime, lang: str = "zh") -> list[Block]:
    title = t("supervision.sheet.title", lang, unit=unit_name)
    cols = [
        Column(t("report.col.ticket", lang), width=1.3),
        Column(t("report.col.reason", lang), width=1.3),
        Column(t("report.col.days_overdue", lang), numeric=True, decimals=1),
        Column(t("report.col.department", lang), width=1.4),
        Column(t("report.col.unit_name", lang), width=1.6),
        Column(t("report.col.category", lang), width=1.4),
        Column(t("supervision.col.reported", lang), width=1.2),
        Column(t("supervision.col.due", lang), width=1.2),
    ]
    rows = [
        [
            e["ticket_id"],
            e["reason_text"],
            e["days_overdue"],
            e["department"],
            e["unit_name"],
            layout.category_path(e),
            e["reported_at"],
            e["due_at"],
        ]
        for e in entries
    ]
    return [
        Block("title", title),
        Block(
            "subtitle",
            t("supervision.sheet.subtitle", lang, at=at.isoformat(sep=" ", timespec="minutes"), n=len(entries)),
        ),
        Block("heading", t("supervision.sheet.by_department", lang)),
        Block("table", table=layout.department_table(entries, lang)),
        Block("heading", t("supervision.sheet.list", lang)),
        Block("table", table=Table(cols, rows)) if rows else Block("paragraph", t("report.none", lang)),
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
