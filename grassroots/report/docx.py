"""The report as an editable Word file (.docx): offices edit it before filing. Headings use Word's
heading styles, tables Word's grid style with numbers right-aligned, East Asian text in a CJK font."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from grassroots.report.layout import Block

FONT = "Noto Sans CJK SC"
FILL = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}


def _east_asian(style, size: float | None = None) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)
    if size:
        style.font.size = Pt(size)


def _shade(cell, hex_fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcpr.append(shd)


def write(blocks: list[Block], lang: str = "zh", author: str = "") -> bytes:
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        _east_asian(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.author = author
    doc.core_properties.title = next((b.text for b in blocks if b.kind == "title"), "")
    for b in blocks:
        if b.kind == "title":
            p = doc.add_heading(b.text, level=0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "subtitle":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.font.size = Pt(8.5)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        elif b.kind == "heading":
            doc.add_heading(b.text, level=1)
        elif b.kind == "note":
            p = doc.add_paragraph(b.text)
            for run in p.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        elif b.kind == "signoff":
            doc.add_paragraph()
            doc.add_paragraph(b.text)
        elif b.kind == "table" and b.table is not None:
            tb = b.table
            table = doc.add_table(rows=1, cols=len(tb.columns))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, col in zip(table.rows[0].cells, tb.columns):
                cell.text = col.label
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for i, cells in enumerate(tb.cells()):
                row = table.add_row().cells
                for cell, col, value in zip(row, tb.columns, cells):
                    cell.text = value
                    if col.align_right:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                fill = tb.fills[i] if i < len(tb.fills) else None
                if fill:
                    _shade(row[-1], FILL[fill])
        else:
            p = doc.add_paragraph(b.text)
            p.paragraph_format.first_line_indent = Pt(21)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
