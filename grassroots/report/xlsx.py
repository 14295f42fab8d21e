"""The report as a formatted workbook: sheet 1 the report as laid out (title, summary, tables), sheet 2
the key indicators as numbers with number formats (counts #,##0; rates and changes 0.0), for anyone
who computes further."""

from __future__ import annotations

import io

import xlsxwriter

from grassroots.report import build as B
from grassroots.report.layout import Block, t

FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE"}
NUMBER_FORMATS = {"count": "#,##0", "rate": "0.0", "hours": "0.0"}


def _formats(wb) -> dict:
    return {
        "title": wb.add_format({"bold": True, "font_size": 16, "align": "center"}),
        "subtitle": wb.add_format({"font_size": 9, "font_color": "#595959", "align": "center"}),
        "heading": wb.add_format({"bold": True, "font_size": 12}),
        "paragraph": wb.add_format({"text_wrap": True, "valign": "top"}),
        "note": wb.add_format({"font_size": 8, "font_color": "#595959", "text_wrap": True}),
        "th": wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "align": "center", "text_wrap": True}),
        "td": wb.add_format({"border": 1, "text_wrap": True}),
        "tdr": wb.add_format({"border": 1, "align": "right"}),
        **{k: wb.add_format({"border": 1, "bg_color": v}) for k, v in FILL.items()},
    }


def write_blocks(wb, ws, blocks: list[Block], width: int = 6) -> None:
    """Lay `blocks` down a worksheet: merged title rows, paragraphs, tables with header and borders,
    numbers right-aligned as their column says."""
    f = _formats(wb)
    ws.set_column(0, 0, 26)
    ws.set_column(1, max(7, width), 16)
    r = 0
    for b in blocks:
        if b.kind in ("title", "subtitle"):
            ws.merge_range(r, 0, r, width - 1, b.text, f[b.kind])
        elif b.kind == "heading":
            r += 1
            ws.write(r, 0, b.text, f["heading"])
        elif b.kind in ("paragraph", "signoff"):
            ws.merge_range(r, 0, r, width - 1, b.text, f["paragraph"])
            ws.set_row(r, 15 * max(1, len(b.text) // 60 + 1))
        elif b.kind == "note":
            ws.merge_range(r, 0, r, width - 1, b.text, f["note"])
            ws.set_row(r, 12 * max(1, len(b.text) // 90 + 1))
        elif b.kind == "table" and b.table is not None:
            tb = b.table
            for c, col in enumerate(tb.columns):
                ws.write(r, c, col.label, f["th"])
            for i, cells in enumerate(tb.cells()):
                r += 1
                for c, (col, v) in enumerate(zip(tb.columns, cells)):
                    ws.write_string(r, c, v, f["tdr"] if col.align_right else f["td"])
                fill = tb.fills[i] if i < len(tb.fills) else None
                if fill:
                    ws.write_string(r, len(tb.columns) - 1, cells[-1], f[fill])
        r += 1


def workbook(blocks: list[Block], sheet: str, title: str = "", author: str = "") -> bytes:
    """A one-sheet workbook of `blocks`."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": title, "author": author})
    width = max([len(b.table.columns) for b in blocks if b.table is not None] or [6])
    write_blocks(wb, wb.add_worksheet(sheet), blocks, width)
    wb.close()
    return buf.getvalue()


def write(blocks: list[Block], report: dict, lang: str = "zh") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": report["title"], "author": report["scope"]["name"]})
    f_th = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "align": "center", "text_wrap": True})
    f_td = wb.add_format({"border": 1, "text_wrap": True})
    write_blocks(wb, wb.add_worksheet(t("report.sheet.report", lang)), blocks)

    ws2 = wb.add_worksheet(t("report.sheet.kpis", lang))
    heads = [t("report.col.indicator", lang), t("report.col.value", lang), t("report.col.yoy", lang)]
    year_mode = report["period"]["kind"] == "year"
    if not year_mode:
        heads.append(t("report.col.vs_preceding" if report["period"]["kind"] == "custom" else "report.col.mom", lang))
    for c, h in enumerate(heads):
        ws2.write(0, c, h, f_th)
    ws2.set_column(0, 0, 26)
    ws2.set_column(1, 3, 14)
    formats = {k: wb.add_format({"border": 1, "num_format": v}) for k, v in NUMBER_FORMATS.items()}
    change = wb.add_format({"border": 1, "num_format": "+0.0;-0.0;0.0"})
    for i, key in enumerate(B.KPI_ORDER, start=1):
        kind = B.kpi_kind(key)
        ws2.write(i, 0, B.kpi_name(key, lang), f_td)
        values = [report["kpis"][key], report["comparisons"][key]["yoy"]]
        if not year_mode:
            values.append(report["comparisons"][key]["mom"])
        for c, v in enumerate(values, start=1):
            fmt = formats[kind] if c == 1 else change
            if v is None:
                ws2.write_blank(i, c, None, fmt)
            else:
                ws2.write_number(i, c, v, fmt)
    wb.close()
    return buf.getvalue()
