"""The workbook an organisation department files: 考核结果 (the scorecard, frozen header, number
formats, red/yellow/green fills), 红黑榜, 指标说明 (definitions) and 数据来源 (imports and dates).
Text is always written as text, never as a formula."""

from __future__ import annotations

import io

import pandas as pd
import xlsxwriter

from grassroots import i18n
from grassroots.assessment import report, rules
from grassroots.assessment.report import Context, t
from grassroots.assessment.scorecard import Scorecard

FILLS = {"green": ("#C6EFCE", "#006100"), "yellow": ("#FFEB9C", "#9C5700"), "red": ("#FFC7CE", "#9C0006")}
HEADER_ROWS = 4  # title, subtitle, indicator groups, column names
UNIT_COLS = 4  # rank, unit, parent, cases
PER_INDICATOR = 4  # value, numerator, denominator, score
VALUE_FORMATS = {"percent": "0.0%", "number": "0.00", "count": "0", "hours": "0.0"}


def _is_whole(values) -> bool:
    vals = [v for v in values if v is not None and not pd.isna(v)]
    return all(float(v).is_integer() for v in vals)


def _num(v):
    return None if v is None or pd.isna(v) else float(v)


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "等线", "font_size": 10, "valign": "vcenter", "border": 1, "border_color": "#BFBFBF"}
        self.wb, self.base = wb, base
        self.cache: dict[tuple, object] = {}
        self.title = wb.add_format({**base, "border": 0, "bold": True, "font_size": 16})
        self.subtitle = wb.add_format({**base, "border": 0, "font_color": "#595959"})
        self.group = wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.head = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#EDEDED"})
        self.text = wb.add_format({**base})
        self.wrap = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.center = wb.add_format({**base, "align": "center"})
        self.label = wb.add_format({**base, "bold": True, "border": 0})
        self.plain = wb.add_format({**base, "border": 0})

    def get(
        self, num_format: str | None = None, light: str | None = None, bold: bool = False
    ) -> xlsxwriter.format.Format:
        light = light if isinstance(light, str) else None
        key = (num_format, light, bold)
        if key not in self.cache:
            spec = dict(self.base)
            if num_format:
                spec["num_format"] = num_format
            if light:
                spec["bg_color"], spec["font_color"] = FILLS[light]
            if bold:
                spec["bold"] = True
            self.cache[key] = self.wb.add_format(spec)
        return self.cache[key]


def _write(ws, row, col, value, fmt) -> None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        ws.write_string(row, col, "—", fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _scorecard_sheet(wb, fm: _Formats, sc: Scorecard, ctx: Context) -> None:
    ws = wb.add_worksheet(t(ctx, "asm.sheet.scorecard"))
    inds = sc.system.indicators
    last_col = UNIT_COLS + PER_INDICATOR * len(inds) + 6 - 1
    ws.merge_range(0, 0, 0, last_col, report.title(sc, ctx), fm.title)
    ws.merge_range(1, 0, 1, last_col, report.subtitle(sc, ctx), fm.subtitle)
    ws.set_row(0, 26)
    ws.merge_range(2, 0, 2, UNIT_COLS - 1, t(ctx, "asm.xlsx.unit_group"), fm.group)
    heads = [t(ctx, k) for k in ("asm.col_rank", "asm.col_unit", "asm.col_parent", "asm.col_cases")]
    for k, ind in enumerate(inds):
        c0 = UNIT_COLS + PER_INDICATOR * k
        ws.merge_range(
            2, c0, 2, c0 + PER_INDICATOR - 1, f"{ind.label(ctx.lang)}（{rules.fmt_points(ind.max_weighted)}）", fm.group
        )
        heads += [
            t(ctx, "asm.col_value"),
            t(ctx, "asm.col_numerator"),
            t(ctx, "asm.col_denominator"),
            t(ctx, "asm.col_score"),
        ]
    c_tot = UNIT_COLS + PER_INDICATOR * len(inds)
    ws.merge_range(2, c_tot, 2, last_col, t(ctx, "asm.xlsx.total_group"), fm.group)
    heads += [
        t(ctx, k, cmp=report.compare_word(ctx))
        for k in (
            "asm.col_total",
            "asm.col_light",
            "asm.col_total_change",
            "asm.col_prev_rank",
            "asm.col_rank_change",
            "asm.col_note",
        )
    ]
    for c, h in enumerate(heads):
        ws.write_string(3, c, h, fm.head)
    ws.set_row(3, 30)

    wide = sc.wide()
    for r, (_, row) in enumerate(wide.iterrows(), start=HEADER_ROWS):
        _write(ws, r, 0, None if pd.isna(row["rank"]) else int(row["rank"]), fm.get("0"))
        _write(ws, r, 1, str(row["unit_name"]), fm.text)
        _write(ws, r, 2, None if pd.isna(row["parent_name"]) else str(row["parent_name"]), fm.text)
        _write(ws, r, 3, int(row["cases"]), fm.get("0"))
        for k, ind in enumerate(inds):
            c0 = UNIT_COLS + PER_INDICATOR * k
            light = row[f"{ind.key}.light"]
            vfmt = "0" if ind.rule.kind == "deduction" else VALUE_FORMATS[ind.format]
            _write(ws, r, c0, _num(row[f"{ind.key}.value"]), fm.get(vfmt, light))
            whole_n = _is_whole(wide[f"{ind.key}.numerator"])
            whole_d = _is_whole(wide[f"{ind.key}.denominator"])
            _write(ws, r, c0 + 1, _num(row[f"{ind.key}.numerator"]), fm.get("#,##0" if whole_n else "#,##0.00"))
            _write(ws, r, c0 + 2, _num(row[f"{ind.key}.denominator"]), fm.get("#,##0" if whole_d else "#,##0.00"))
            score = _num(row[f"{ind.key}.score"])
            _write(ws, r, c0 + 3, score if score is not None else t(ctx, "asm.excluded"), fm.get("0.00", light))
        light = row["light"] if isinstance(row["light"], str) else None
        _write(ws, r, c_tot, _num(row["total"]), fm.get("0.00", light, bold=True))
        _write(ws, r, c_tot + 1, report.light_word(ctx, light), fm.get(None, light))
        _write(ws, r, c_tot + 2, _num(row["total_change"]), fm.get("+0.00;-0.00;0.00"))
        _write(ws, r, c_tot + 3, None if pd.isna(row["prev_rank"]) else int(row["prev_rank"]), fm.get("0"))
        _write(ws, r, c_tot + 4, report.rank_change_text(row["rank_change"]), fm.center)
        _write(ws, r, c_tot + 5, report.note(sc, ctx, row), fm.text)

    ws.freeze_panes(HEADER_ROWS, 2)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 8)
    ws.set_column(UNIT_COLS, c_tot - 1, 10)
    ws.set_column(c_tot, c_tot + 4, 10)
    ws.set_column(c_tot + 5, c_tot + 5, 28)
    ws.autofilter(HEADER_ROWS - 1, 0, HEADER_ROWS - 1 + len(wide), last_col)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, HEADER_ROWS - 1)


def _lists_sheet(wb, fm: _Formats, sc: Scorecard, ctx: Context) -> None:
    lists = report.lists(sc, ctx)
    ws = wb.add_worksheet(lists.sheet)
    ws.write_string(0, 0, report.title(sc, ctx), fm.title)
    if lists.note:
        ws.write_string(1, 0, lists.note, fm.subtitle)
    heads = [t(ctx, k) for k in ("asm.col_rank", "asm.col_unit", "asm.col_parent", "asm.col_total", "asm.col_light")]
    for block, (label, frame) in enumerate(lists.blocks):
        c0 = block * (len(heads) + 1)
        ws.merge_range(2, c0, 2, c0 + len(heads) - 1, label, fm.group)
        for c, h in enumerate(heads):
            ws.write_string(3, c0 + c, h, fm.head)
        for r, (_, row) in enumerate(frame.iterrows(), start=4):
            light = row["light"] if isinstance(row["light"], str) else None
            _write(ws, r, c0, int(row["rank"]), fm.get("0"))
            _write(ws, r, c0 + 1, str(row["unit_name"]), fm.text)
            _write(ws, r, c0 + 2, None if pd.isna(row["parent_name"]) else str(row["parent_name"]), fm.text)
            _write(ws, r, c0 + 3, _num(row["total"]), fm.get("0.00", light, bold=True))
            _write(ws, r, c0 + 4, report.light_word(ctx, light), fm.get(None, light))
        ws.set_column(c0 + 1, c0 + 1, 26)
        ws.set_column(c0 + 2, c0 + 2, 14)
    ws.freeze_panes(4, 0)


def _definitions_sheet(wb, fm: _Formats, sc: Scorecard, ctx: Context) -> None:
    ws = wb.add_worksheet(t(ctx, "asm.sheet.definitions"))
    ws.write_string(0, 0, sc.system.label(ctx.lang), fm.title)
    ws.write_string(1, 0, sc.system.describe(ctx.lang), fm.subtitle)
    lights = sc.system.lights
    ws.write_string(
        2,
        0,
        t(
            ctx,
            "asm.def.total_rule",
            max=rules.fmt_points(sc.system.max_total),
            green=rules.fmt_points(lights.green),
            yellow=rules.fmt_points(lights.yellow),
            n=sc.min_n,
            cases=report.col_label(ctx.lang, sc.system.cases[1]),
        ),
        fm.subtitle,
    )
    for c, h in enumerate(report.definition_header(ctx)):
        ws.write_string(4, c, h, fm.head)
    for r, cells in enumerate(report.definition_rows(sc, ctx), start=5):
        for c, v in enumerate(cells):
            ws.write_string(r, c, v, fm.wrap)
    for c, width in enumerate((16, 40, 20, 18, 18, 10, 40, 8, 8, 10, 10, 18)):
        ws.set_column(c, c, width)
    ws.freeze_panes(5, 1)


def _sources_sheet(wb, fm: _Formats, sc: Scorecard, ctx: Context) -> None:
    ws = wb.add_worksheet(t(ctx, "asm.sheet.sources"))
    ws.write_string(0, 0, t(ctx, "asm.sheet.sources"), fm.title)
    facts = [
        (t(ctx, "asm.src.window"), report.span(ctx.window)),
        (t(ctx, "asm.src.previous", cmp=report.compare_word(ctx)), report.span(ctx.previous)),
        (t(ctx, "asm.src.as_of"), "—" if ctx.as_of is None or pd.isna(ctx.as_of) else f"{ctx.as_of:%Y-%m-%d %H:%M}"),
        (t(ctx, "asm.src.generated"), f"{ctx.generated_at:%Y-%m-%d %H:%M}"),
        (t(ctx, "asm.src.system"), f"{sc.system.label(ctx.lang)}（config/indicators/{sc.system.file}）"),
        (
            t(ctx, "asm.src.queries"),
            i18n.listing(dict.fromkeys(report.source_label(ctx.lang, i.query) for i in sc.system.indicators), ctx.lang),
        ),
    ]
    for r, (k, v) in enumerate(facts, start=2):
        ws.write_string(r, 0, k, fm.label)
        ws.write_string(r, 1, v, fm.plain)
    top = len(facts) + 3
    ws.write_string(top, 0, t(ctx, "asm.src.imports"), fm.label)
    cols = ("table_name", "file_name", "sheet", "profile", "imported_at", "rows_read", "rows_loaded", "rows_rejected")
    for c, k in enumerate(cols):
        ws.write_string(top + 1, c, t(ctx, f"asm.src.{k}"), fm.head)
    frame = ctx.sources
    if frame is None or frame.empty:
        ws.write_string(top + 2, 0, t(ctx, "asm.src.none"), fm.text)
    else:
        stamp = fm.get("yyyy-mm-dd hh:mm")
        for r, (_, row) in enumerate(frame.iterrows(), start=top + 2):
            for c, k in enumerate(cols):
                v = row.get(k)
                if k == "imported_at" and v is not None and not pd.isna(v):
                    ws.write_datetime(r, c, pd.Timestamp(v).to_pydatetime(), stamp)
                elif k == "table_name":
                    _write(ws, r, c, None if v is None or pd.isna(v) else report.table_label(ctx.lang, str(v)), fm.text)
                elif k.startswith("rows_"):
                    _write(ws, r, c, None if v is None or pd.isna(v) else int(v), fm.get("#,##0"))
                else:
                    _write(ws, r, c, None if v is None or pd.isna(v) else str(v), fm.text)
    for c, width in enumerate((22, 40, 14, 14, 18, 10, 10, 10)):
        ws.set_column(c, c, width)


def workbook(sc: Scorecard, ctx: Context) -> bytes:
    """The .xlsx file as bytes."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties(
        {"title": report.title(sc, ctx), "subject": sc.system.label(ctx.lang), "company": ctx.region_name}
    )
    fm = _Formats(wb)
    _scorecard_sheet(wb, fm, sc, ctx)
    _lists_sheet(wb, fm, sc, ctx)
    _definitions_sheet(wb, fm, sc, ctx)
    _sources_sheet(wb, fm, sc, ctx)
    wb.close()
    return buf.getvalue()
