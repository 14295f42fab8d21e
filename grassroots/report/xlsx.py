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


def write(blocks: list[Block], report: dict, lang: str = "zh") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": report["title"], "author": report["scope"]["name"]})
    f_title = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
    f_sub = wb.add_format({"font_size": 9, "font_color": "#595959", "align": "center"})
    f_head = wb.add_format({"bold": True, "font_size": 12})
    f_par = wb.add_format({"text_wrap": True, "valign": "top"})
    f_note = wb.add_format({"font_size": 8, "font_color": "#595959", "text_wrap": True})
    f_th = wb.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "align": "center", "text_wrap": True})
    f_td = wb.add_format({"border": 1, "text_wrap": True})
    f_tdr = wb.add_format({"border": 1, "align": "right"})
    fills = {k: wb.add_format({"border": 1, "bg_color": v}) for k, v in FILL.items()}

    ws = wb.add_worksheet(t("report.sheet.report", lang))
    ws.set_column(0, 0, 26)
    ws.set_column(1, 7, 16)
    width = 6
    r = 0
    for b in blocks:
        if b.kind == "title":
            ws.merge_range(r, 0, r, width - 1, b.text, f_title)
        elif b.kind == "subtitle":
            ws.merge_range(r, 0, r, width - 1, b.text, f_sub)
        elif b.kind == "heading":
            r += 1
            ws.write(r, 0, b.text, f_head)
        elif b.kind in ("paragraph", "signoff"):
            ws.merge_range(r, 0, r, width - 1, b.text, f_par)
            ws.set_row(r, 15 * max(1, len(b.text) // 60 + 1))
        elif b.kind == "note":
            ws.merge_range(r, 0, r, width - 1, b.text, f_note)
            ws.set_row(r, 12 * max(1, len(b.text) // 90 + 1))
        elif b.kind == "table" and b.table is not None:
            tb = b.table
            for c, col in enumerate(tb.columns):
                ws.write(r, c, col.label, f_th)
            for i, cells in enumerate(tb.cells()):
                r += 1
                for c, (col, v) in enumerate(zip(tb.columns, cells)):
                    ws.write_string(r, c, v, f_tdr if col.align_right else f_td)
                fill = tb.fills[i] if i < len(tb.fills) else None
                if fill:
                    ws.write_string(r, len(tb.columns) - 1, cells[-1], fills[fill])
        r += 1

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
        ws2.write(i, 0, t(f"report.kpi.{key}", lang), f_td)
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
