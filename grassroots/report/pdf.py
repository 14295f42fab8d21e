"""The report as a PDF (A4 portrait): CJK font embedded (subset), numbers right-aligned in the format
their column states, page numbers "第 n 页", the 制表人/审核人/日期 block at the end."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

from grassroots.assessment import fonts
from grassroots.report.layout import Block, Table, t

PAGE = A4
MARGIN = 1.8 * cm
WIDTH = PAGE[0] - 2 * MARGIN
FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE"}


def _all_text(blocks: list[Block], lang: str) -> str:
    parts = [t("report.page", lang, n=0), "0123456789,.%+-—×"]
    for b in blocks:
        parts.append(b.text)
        if b.table:
            parts += [c.label for c in b.table.columns]
            parts += [cell for row in b.table.cells() for cell in row]
    return "".join(parts)


def _table(tb: Table, body: ParagraphStyle, right: ParagraphStyle, head: ParagraphStyle) -> LongTable:
    total = sum(c.width for c in tb.columns)
    widths = [WIDTH * c.width / total for c in tb.columns]
    rows = [[Paragraph(escape(c.label), head) for c in tb.columns]]
    for cells in tb.cells():
        rows.append([Paragraph(escape(v), right if c.align_right else body) for c, v in zip(tb.columns, cells)])
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9e9e9e")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, fill in enumerate(tb.fills, start=1):
        if fill:
            style.append(("BACKGROUND", (-1, i), (-1, i), colors.HexColor(FILL[fill])))
    out = LongTable(rows, colWidths=widths, repeatRows=1)
    out.setStyle(TableStyle(style))
    return out


def write(blocks: list[Block], lang: str = "zh", author: str = "") -> bytes:
    every = _all_text(blocks, lang)
    body_font = fonts.reportlab_font(every)
    bold_font = fonts.reportlab_font(every, bold=True)
    base = ParagraphStyle("base", fontName=body_font, fontSize=9, leading=12, wordWrap="CJK")
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=base, fontName=bold_font, alignment=TA_CENTER)
    styles = {
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold_font, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=6
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontSize=8.5,
            textColor=colors.HexColor("#595959"),
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=bold_font, fontSize=12.5, leading=17, spaceBefore=10, spaceAfter=4
        ),
        "paragraph": ParagraphStyle("paragraph", parent=base, fontSize=10.5, leading=17, firstLineIndent=21),
        "note": ParagraphStyle("note", parent=base, fontSize=8, textColor=colors.HexColor("#595959"), spaceBefore=2),
        "signoff": ParagraphStyle("signoff", parent=base, fontSize=10.5, spaceBefore=28),
    }
    story = []
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            story += [_table(b.table, base, right, head), Spacer(0, 4)]
        else:
            story.append(Paragraph(escape(b.text), styles[b.kind]))
    title = next((b.text for b in blocks if b.kind == "title"), "")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(body_font, 8)
        canvas.setFillColor(colors.HexColor("#7f7f7f"))
        canvas.drawCentredString(PAGE[0] / 2, 1.0 * cm, t("report.page", lang, n=doc.page))
        canvas.restoreState()

    return fonts.pdf_document(story, PAGE, MARGIN, footer, body_font, title=title, author=author)
