"""The scorecard as an editable Word file: title, summary, 红榜/黑榜 (or the system's own lists), the
scorecard (scores to one decimal, right-aligned), the indicator definitions, and the sign-off block."""

from __future__ import annotations

import pandas as pd

from grassroots.assessment import report
from grassroots.assessment.report import Context, t
from grassroots.assessment.scorecard import Scorecard
from grassroots.report import docx as docx_writer
from grassroots.report.layout import Block, Column, Table


def _table(frame: pd.DataFrame) -> Table:
    cols, rows = [], []
    for c in frame.columns:
        numeric = frame[c].dtype.kind in "fiu"
        cols.append(Column(str(c), numeric=numeric, decimals=1 if frame[c].dtype.kind == "f" else 0))
    for r in frame.itertuples(index=False):
        rows.append([None if (isinstance(v, float) and v != v) or v is pd.NA else v for v in r])
    return Table(cols, rows)


def document(sc: Scorecard, ctx: Context) -> bytes:
    blocks = [
        Block("title", report.title(sc, ctx)),
        Block("subtitle", report.subtitle(sc, ctx)),
        Block("paragraph", report.summary(sc, ctx)),
    ]
    lists = [t(ctx, "asm.col_rank"), t(ctx, "asm.col_unit"), t(ctx, "asm.col_total"), t(ctx, "asm.col_light")]
    ranking = report.lists(sc, ctx)  # the official 红榜/黑榜, or the other system's ordering
    if ranking.note:
        blocks.append(Block("paragraph", ranking.note))
    for title, units in ranking.blocks:
        blocks.append(Block("heading", title))
        frame, _ = report.table(sc, ctx.lang, units)
        blocks.append(Block("table", table=_table(frame[lists])))
    blocks.append(Block("heading", t(ctx, "asm.pdf.scorecard")))
    frame, _ = report.table(sc, ctx.lang)
    blocks.append(Block("table", table=_table(frame)))
    blocks.append(Block("heading", t(ctx, "asm.pdf.definitions")))
    head = report.definition_header(ctx)
    blocks.append(Block("table", table=Table([Column(h) for h in head], report.definition_rows(sc, ctx))))
    blocks.append(Block("signoff", t(ctx, "report.signoff")))
    return docx_writer.write(blocks, ctx.lang, author=ctx.region_name)
