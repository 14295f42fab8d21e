"""A CJK font for the PDF and its charts.

The report embeds its font, so it prints the same on any machine. The font comes from the system
(fonts-noto-cjk, installed by scripts/install_system_deps.sh; any font matplotlib knows with a CJK
name also works). Noto CJK ships PostScript (CFF) outlines, which reportlab cannot embed: the
characters a report uses are cut out of the font (fontTools subset) and their outlines turned into
TrueType quadratics (cu2qu), which reportlab embeds. With no CJK font at all, reportlab's built-in
STSong-Light CID font is used (not embedded: the reader's viewer supplies the glyphs).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from dataclasses import dataclass

log = logging.getLogger("grassroots")

# preferred families, Simplified Chinese first
FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
CID_FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class Face:
    family: str
    path: str
    index: int  # face index inside a .ttc collection


def _face_index(path: str, family: str) -> int:
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    coll = TTCollection(path, lazy=True)
    try:
        for i, font in enumerate(coll.fonts):
            if font["name"].getDebugName(1) == family:
                return i
    finally:
        coll.close()
    return 0


@functools.lru_cache(maxsize=4)
def find(bold: bool = False) -> Face | None:
    """The best CJK face on this machine (None: none found)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in FAMILIES:
        if family not in names:
            continue
        prop = font_manager.FontProperties(family=family, weight="bold" if bold else "regular")
        path = font_manager.findfont(prop, fallback_to_default=False)
        return Face(family, path, _face_index(path, family))
    return None


def _truetype_subset(face: Face, text: str, font_name: str | None = None) -> bytes:
    """The glyphs of `text` cut out of `face`, as a TrueType (glyf) font; `font_name`: the subset's own
    family and PostScript name (each subset must have its own: reportlab tells embedded fonts apart by
    that name, so two subsets of one face in one process would otherwise share glyph tables)."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._m_a_x_p import table__m_a_x_p

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG"):
        if tag in font:  # shaping and vertical metrics: not used by reportlab, slow to read
            del font[tag]
    opts = subset.Options()
    opts.layout_features = []
    opts.notdef_outline = True
    opts.hinting = False
    opts.name_IDs = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(text=text + " ")
    sub.subset(font)
    if "glyf" not in font:
        glyphs, order = font.getGlyphSet(), font.getGlyphOrder()
        glyf = newTable("glyf")
        glyf.glyphOrder, glyf.glyphs = order, {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        font["glyf"], font["loca"] = glyf, newTable("loca")
        for tag in ("CFF ", "CFF2", "VORG"):
            if tag in font:
                del font[tag]
        maxp = table__m_a_x_p()
        maxp.tableVersion = 0x00010000
        for attr in (
            "maxZones",
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
            "maxComponentElements",
        ):
            setattr(maxp, attr, 0)
        maxp.maxZones, maxp.numGlyphs = 1, len(order)
        font["maxp"] = maxp
        font["head"].glyphDataFormat = 0
        post = font["post"]
        post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
        font.sfntVersion = "\x00\x01\x00\x00"
    if font_name:
        table = font["name"]
        for record in list(table.names):
            if record.nameID in (1, 3, 4, 6, 16):
                table.removeNames(nameID=record.nameID)
        for nid in (1, 3, 4, 6):
            table.setName(font_name, nid, 3, 1, 0x409)
            table.setName(font_name, nid, 1, 0, 0)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def reportlab_font(text: str, bold: bool = False) -> str:
    """Register with reportlab a font covering `text` and return its name."""
    from reportlab.pdfbase import pdfmetrics

    face = find(bold) or find(False)
    if face is None:
        log.warning("no CJK font found: the PDF uses %s, not embedded", CID_FALLBACK)
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
        return CID_FALLBACK
    from reportlab.pdfbase.ttfonts import TTFont

    chars = "".join(sorted(set(text)))
    name = "GR" + hashlib.sha1(f"{face.path}:{face.index}:{chars}".encode()).hexdigest()[:12]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(_truetype_subset(face, chars, name))))
    return name


def matplotlib_family() -> list[str]:
    face = find(False)
    return [face.family, "DejaVu Sans"] if face else ["DejaVu Sans"]


def pdf_document(story: list, pagesize, margin: float, footer, font: str, **meta) -> bytes:
    """`story` laid out on pages of `pagesize` with `margin` all round, `footer(canvas, doc)` drawn on
    every page, in `font`; `meta` (title, subject, author) goes into the file's properties."""
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        creator="grassroots",
        initialFontName=font,
        **meta,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
