"""The printable report (A4 landscape): title with region and period, a summary, two charts, 红榜/黑榜,
the scorecard, the indicator definitions and the data sources. Chinese text is set in an embedded
CJK font (fonts.py); the charts are drawn by matplotlib with the same family and embedded as images."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Image, KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from grassroots.assessment import fonts, report, rules  # noqa: E402
from grassroots.assessment.report import Context, t  # noqa: E402
from grassroots.assessment.scorecard import Scorecard  # noqa: E402

PAGE = landscape(A4)
MARGIN = 1.5 * cm
WIDTH = PAGE[0] - 2 * MARGIN
LIGHT_FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE"}
LIGHT_BAR = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", None: "#9e9e9e"}
MAX_BARS = 30


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=160, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def chart_totals(sc: Scorecard, ctx: Context) -> bytes:
    """Each unit's total, coloured by its light; unranked units grey-hatched. At most MAX_BARS units
    (the best and worst halves when there are more)."""
    u = sc.units.dropna(subset=["total"])
    if len(u) > MAX_BARS:
        u = pd.concat([u.head(MAX_BARS // 2), u.tail(MAX_BARS // 2)])
    u = u.iloc[::-1]
    with plt.rc_context({"font.family": fonts.matplotlib_family(), "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(10, max(2.2, 0.32 * len(u) + 1)))
        labels = [n if r else f"{n}（{t(ctx, 'asm.unranked_short')}）" for n, r in zip(u["unit_name"], u["ranked"])]
        bars = ax.barh(
            labels, u["total"], color=[LIGHT_BAR[lt if isinstance(lt, str) else None] for lt in u["light"]], hatch=None
        )
        for bar, ranked in zip(bars, u["ranked"]):
            if not ranked:
                bar.set_hatch("//")
                bar.set_alpha(0.55)
        for y, v in enumerate(u["total"]):
            ax.text(v + sc.system.max_total * 0.01, y, rules.fmt_points(v), va="center", fontsize=8)
        for limit, style in ((sc.system.lights.green, "--"), (sc.system.lights.yellow, ":")):
            ax.axvline(limit, color="#616161", linestyle=style, linewidth=0.8)
        ax.set_xlim(0, sc.system.max_total * 1.08)
        ax.set_xlabel(t(ctx, "asm.chart.total_axis", max=rules.fmt_points(sc.system.max_total)))
        ax.set_title(t(ctx, "asm.chart.totals"), fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", labelsize=8)
        return _png(fig)


def chart_indicators(sc: Scorecard, ctx: Context) -> bytes:
    """Share of each indicator's full points the units scored on average (left-out cells aside)."""
    rows = []
    for ind in sc.system.indicators:
        c = sc.cells[(sc.cells["indicator"] == ind.key) & ~sc.cells["excluded"]]
        rows.append((ind.label(ctx.lang), float(c["score"].mean() / ind.points) if len(c) else 0.0))
    rows = rows[::-1]
    with plt.rc_context({"font.family": fonts.matplotlib_family(), "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(10, max(2.0, 0.4 * len(rows) + 1)))
        vals = [v * 100 for _, v in rows]
        ax.barh([n for n, _ in rows], vals, color="#2e86c1")
        for y, v in enumerate(vals):
            ax.text(v + 1, y, f"{v:.1f}%", va="center", fontsize=8)
        ax.set_xlim(0, 110)
        ax.set_xlabel(t(ctx, "asm.chart.rate_axis"))
        ax.set_title(t(ctx, "asm.chart.indicators"), fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)


def _image(png: bytes, width: float) -> Image:
    from reportlab.lib.utils import ImageReader

    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * h / w)


def _tables(sc: Scorecard, ctx: Context) -> dict[str, list[list[str]]]:
    """Every table of the report as text, so the font can be cut to the characters they use."""
    inds = sc.system.indicators
    wide = sc.wide()
    head = [t(ctx, "asm.col_rank"), t(ctx, "asm.col_unit"), t(ctx, "asm.col_cases")]
    head += [f"{i.label(ctx.lang)}\n{t(ctx, 'asm.pdf.value_score')}" for i in inds]
    head += [
        t(ctx, "asm.col_total"),
        t(ctx, "asm.col_light"),
        t(ctx, "asm.col_total_change", cmp=report.compare_word(ctx)),
        t(ctx, "asm.col_rank_change"),
    ]
    body = []
    for _, row in wide.iterrows():
        cells = [
            report.rank_text(row["rank"]),
            str(row["unit_name"]) + ("" if row["ranked"] else f"（{t(ctx, 'asm.unranked_short')}）"),
            str(int(row["cases"])),
        ]
        for i in inds:
            score = row[f"{i.key}.score"]
            cells.append(
                f"{rules.fmt_value(i, row[f'{i.key}.value'])}\n"
                f"{rules.fmt_points(score) if not pd.isna(score) else t(ctx, 'asm.excluded')}"
            )
        cells += [
            rules.fmt_points(row["total"]),
            report.light_word(ctx, row["light"] if isinstance(row["light"], str) else None),
            report.change_text(row["total_change"]),
            report.rank_change_text(row["rank_change"]),
        ]
        body.append(cells)
    lists_head = [t(ctx, "asm.col_rank"), t(ctx, "asm.col_unit"), t(ctx, "asm.col_total")]
    blocks = report.lists(sc, ctx).blocks
    lists = {
        k: [
            [report.rank_text(r["rank"]), str(r["unit_name"]), rules.fmt_points(r["total"])]
            for _, r in frame.iterrows()
        ]
        for k, (_, frame) in zip(("top", "bottom"), blocks)
    }
    src = ctx.sources if ctx.sources is not None else pd.DataFrame()
    sources = [
        [
            report.table_label(ctx.lang, str(r.get("table_name") or "")),
            str(r.get("file_name") or ""),
            "" if pd.isna(r.get("imported_at")) else f"{pd.Timestamp(r['imported_at']):%Y-%m-%d %H:%M}",
            str(int(r["rows_loaded"])) if not pd.isna(r.get("rows_loaded")) else "",
        ]
        for _, r in src.head(40).iterrows()
    ]
    return {
        "score_head": [head],
        "score": body,
        "lists_head": [lists_head],
        "top": lists["top"],
        "bottom": lists["bottom"],
        "def_head": [[report.definition_header(ctx)[i] for i in (0, 1, 6, 7, 8)]],
        "defs": [[r[i] for i in (0, 1, 6, 7, 8)] for r in report.definition_rows(sc, ctx)],
        "src_head": [[t(ctx, f"asm.src.{k}") for k in ("table_name", "file_name", "imported_at", "rows_loaded")]],
        "sources": sources,
    }


def _table(
    rows: list[list[str]],
    head: list[list[str]],
    widths: list[float],
    style: ParagraphStyle,
    head_style: ParagraphStyle,
    fills: Sequence[tuple[int, int, str]] = (),
    long: bool = False,
):
    data = [[Paragraph(escape(c).replace("\n", "<br/>"), head_style) for c in head[0]]]
    data += [[Paragraph(escape(c).replace("\n", "<br/>"), style) for c in r] for r in rows]
    cls = LongTable if long else Table
    tbl = cls(data, colWidths=widths, repeatRows=1)
    cmds = [
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BFBFBF")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EDEDED")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    cmds += [("BACKGROUND", (c, r), (c, r), colors.HexColor(fill)) for r, c, fill in fills]
    tbl.setStyle(TableStyle(cmds))
    return tbl


def document(sc: Scorecard, ctx: Context) -> bytes:
    """The PDF as bytes."""
    title, subtitle, summary = report.title(sc, ctx), report.subtitle(sc, ctx), report.summary(sc, ctx)
    tables = _tables(sc, ctx)
    ranking = report.lists(sc, ctx)
    (top_title, _), (bottom_title, _) = ranking.blocks
    headings = {k: t(ctx, f"asm.pdf.{k}") for k in ("charts", "scorecard", "definitions", "sources")}
    headings["lists"] = ranking.heading
    extra = [
        top_title,
        bottom_title,
        ranking.note,
        t(ctx, "asm.pdf.page", n=0),
        "0123456789",
        sc.system.describe(ctx.lang),
        t(ctx, "asm.src.none"),
    ]
    every = "".join(
        [title, subtitle, summary, *headings.values(), *extra]
        + [c for rows in tables.values() for r in rows for c in r]
    )
    body_font = fonts.reportlab_font(every)
    bold_font = fonts.reportlab_font(every, bold=True)

    base = ParagraphStyle("base", fontName=body_font, fontSize=8, leading=10, wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=7, leading=8.5)
    head = ParagraphStyle("head", parent=small, fontName=bold_font, alignment=TA_CENTER)
    h1 = ParagraphStyle("h1", parent=base, fontName=bold_font, fontSize=17, leading=22, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=base, fontName=bold_font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    grey = ParagraphStyle("grey", parent=base, textColor=colors.HexColor("#595959"))
    text = ParagraphStyle("text", parent=base, fontSize=10, leading=14)

    story = [
        Paragraph(escape(title), h1),
        Paragraph(escape(subtitle), grey),
        Spacer(0, 6),
        Paragraph(escape(sc.system.describe(ctx.lang)), grey),
        Spacer(0, 4),
        Paragraph(escape(summary), text),
        Paragraph(escape(headings["charts"]), h2),
        _image(chart_totals(sc, ctx), WIDTH * 0.8),
        Spacer(0, 6),
        _image(chart_indicators(sc, ctx), WIDTH * 0.7),
    ]

    half = (WIDTH - 1 * cm) / 2
    lw = [1.2 * cm, half - 3.2 * cm, 2.0 * cm]
    top = _table(tables["top"], tables["lists_head"], lw, base, head)
    bottom = _table(tables["bottom"], tables["lists_head"], lw, base, head)
    note = [Paragraph(escape(ranking.note), grey)] if ranking.note else []
    story += [
        KeepTogether(
            [
                Paragraph(escape(headings["lists"]), h2),
                *note,
                Table(
                    [[Paragraph(escape(top_title), h2), Paragraph(escape(bottom_title), h2)], [top, bottom]],
                    colWidths=[half + 0.5 * cm, half + 0.5 * cm],
                    style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), body_font)],
                ),
            ]
        )
    ]

    inds = sc.system.indicators
    fixed = [1.0 * cm, 4.2 * cm, 1.2 * cm, 1.4 * cm, 1.2 * cm, 1.4 * cm, 1.3 * cm]
    per = max(1.5 * cm, (WIDTH - sum(fixed)) / max(1, len(inds)))
    widths = fixed[:3] + [per] * len(inds) + fixed[3:]
    fills = []
    wide = sc.wide()
    for r, (_, row) in enumerate(wide.iterrows(), start=1):
        for k, i in enumerate(inds):
            lt = row[f"{i.key}.light"]
            if isinstance(lt, str):
                fills.append((r, 3 + k, LIGHT_FILL[lt]))
        if isinstance(row["light"], str):
            fills += [(r, 3 + len(inds), LIGHT_FILL[row["light"]]), (r, 4 + len(inds), LIGHT_FILL[row["light"]])]
    story += [
        Paragraph(escape(headings["scorecard"]), h2),
        _table(tables["score"], tables["score_head"], widths, small, head, fills, long=True),
    ]
    story += [
        Paragraph(escape(headings["definitions"]), h2),
        _table(
            tables["defs"], tables["def_head"], [3 * cm, 9 * cm, 10.5 * cm, 1.5 * cm, 1.5 * cm], small, head, long=True
        ),
    ]
    story += [Paragraph(escape(headings["sources"]), h2)]
    if tables["sources"]:
        story.append(
            _table(tables["sources"], tables["src_head"], [4 * cm, 12 * cm, 4 * cm, 3 * cm], small, head, long=True)
        )
    else:
        story.append(Paragraph(escape(t(ctx, "asm.src.none")), base))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(body_font, 8)
        canvas.setFillColor(colors.HexColor("#7f7f7f"))
        canvas.drawRightString(PAGE[0] - MARGIN, 0.8 * cm, t(ctx, "asm.pdf.page", n=doc.page))
        canvas.drawString(MARGIN, 0.8 * cm, title[:80])
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=sc.system.label(ctx.lang),
        author=ctx.region_name,
        creator="grassroots",
        initialFontName=body_font,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
