"""What the workbook and the PDF share: the report's context, its title, and the scorecard as rows
of labelled cells (each export lays them out its own way)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from grassroots import codes, i18n, periods
from grassroots.assessment import official, rules
from grassroots.assessment.scorecard import Scorecard


@dataclass(frozen=True)
class Context:
    region_name: str  # e.g. 官渡区 · 关上街道
    period_label: str  # e.g. 2026年10月
    window: tuple[dt.date, dt.date]  # [start, end)
    previous: tuple[dt.date, dt.date] | None
    as_of: dt.datetime | None  # the data's newest record
    generated_at: dt.datetime
    lang: str = "zh"
    # import_log rows: table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    compare: str = ""  # what `previous` is: 环比 / 同比 / 较前31天 (periods.label); "" 上期


def compare_word(ctx: Context) -> str:
    """The comparison's name for labels: 环比, 同比 (a year), 较前31天 (a custom window), else 上期."""
    return ctx.compare or t(ctx, "asm.compare_default")


def t(ctx: Context, key: str, **fmt) -> str:
    return i18n.t(key, ctx.lang, **fmt)


def title(sc: Scorecard, ctx: Context) -> str:
    return t(
        ctx, "asm.report.title", region=ctx.region_name, period=ctx.period_label, level=t(ctx, f"asm.level.{sc.level}")
    )


def span(window: tuple[dt.date, dt.date] | None) -> str:
    if window is None:
        return "—"
    return periods.Window(*window).text()


def subtitle(sc: Scorecard, ctx: Context) -> str:
    asof = f"{ctx.as_of:%Y-%m-%d %H:%M}" if ctx.as_of is not None and not pd.isna(ctx.as_of) else "—"
    return t(
        ctx,
        "asm.report.subtitle",
        system=sc.system.label(ctx.lang),
        window=span(ctx.window),
        previous=span(ctx.previous),
        as_of=asof,
        cmp=compare_word(ctx),
        generated=f"{ctx.generated_at:%Y-%m-%d %H:%M}",
        n=sc.min_n,
    )


def light_word(ctx: Context, light: str | None) -> str:
    return t(ctx, f"asm.light.{light}") if light else "—"


def rank_text(v) -> str:
    return "—" if v is None or pd.isna(v) else str(int(v))


def change_text(v, digits: int = 2) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"{v:+.{digits}f}"


def rank_change_text(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    return "→" if v == 0 else (f"↑{int(v)}" if v > 0 else f"↓{int(-v)}")


def note(sc: Scorecard, ctx: Context, row) -> str:
    return "" if row["ranked"] else t(ctx, "asm.report.not_ranked", n=sc.min_n)


def summary(sc: Scorecard, ctx: Context) -> str:
    u = sc.units
    lights = u["light"].value_counts()
    avg = u.loc[u["ranked"], "total"].mean()
    return t(
        ctx,
        "asm.report.summary",
        units=len(u),
        ranked=int(u["ranked"].sum()),
        avg=rules.fmt_points(None if pd.isna(avg) else avg),
        max=rules.fmt_points(sc.system.max_total),
        green=int(lights.get("green", 0)),
        yellow=int(lights.get("yellow", 0)),
        red=int(lights.get("red", 0)),
    )


@dataclass(frozen=True)
class Lists:
    """The two lists of a scorecard as the exports show them (official.from_scorecard): the section's
    name (红黑榜, or the other system's ordering), each list's title and rows of sc.units, and a note
    (why there are no lists, or how they were shortened), or ""."""

    heading: str
    sheet: str
    blocks: tuple[tuple[str, pd.DataFrame], ...]
    note: str


def lists(sc: Scorecard, ctx: Context) -> Lists:
    r = official.from_scorecard(sc)
    red_title, black_title = r.titles(ctx.lang)
    units = sc.units.set_index("unit_id", drop=False)
    blocks = tuple(
        (title, units.loc[[e.code for e in entries]].reset_index(drop=True))
        for title, entries in ((red_title, r.red), (black_title, r.black))
    )
    if r.official:
        heading, sheet = t(ctx, "asm.pdf.lists"), t(ctx, "asm.sheet.lists")
    else:
        heading = t(ctx, "rank.pdf_other", system=sc.system.label(ctx.lang))
        sheet = t(ctx, "rank.sheet_other")
    return Lists(heading, sheet, blocks, r.message(ctx.lang) or "")


def definition_rows(sc: Scorecard, ctx: Context) -> list[list[str]]:
    """One row per indicator: name, definition, query, numerator, denominator, direction, rule, points,
    weight, green, yellow, if missing."""
    out = []
    for ind in sc.system.indicators:
        lights = ind.lights
        out.append(
            [
                ind.label(ctx.lang),
                ind.describe(ctx.lang),
                source_label(ctx.lang, ind.query),
                col_label(ctx.lang, ind.numerator or ind.value),
                col_label(ctx.lang, ind.denominator),
                t(ctx, f"asm.direction.{ind.direction}"),
                rules.describe(ind, ctx.lang),
                rules.fmt_points(ind.points),
                rules.fmt_points(ind.weight),
                rules.fmt_value(ind, lights.green) if lights else "—",
                rules.fmt_value(ind, lights.yellow) if lights else "—",
                t(ctx, f"asm.missing.{ind.if_missing}"),
            ]
        )
    return out


def definition_header(ctx: Context) -> list[str]:
    return [
        t(ctx, f"asm.def.{k}")
        for k in (
            "indicator",
            "definition",
            "query",
            "numerator",
            "denominator",
            "direction",
            "rule",
            "points",
            "weight",
            "green",
            "yellow",
            "missing",
        )
    ]


def col_label(lang: str, column: str | None) -> str:
    """A query column in words: 按时办结 (a column no string names reads as the model's column label)."""
    if not column:
        return "—"
    key = f"asm.col.{column}"
    text = i18n.t(key, lang)
    return codes.column_label(None, column, lang) if text == key else text


def table_label(lang: str, table: str) -> str:
    """A table of the data model in words (诉求工单), as the explorer names it."""
    key = f"table.{table}"
    text = i18n.t(key, lang)
    return text if text != key else table


def source_label(lang: str, query: str) -> str:
    """The records an indicator is computed from, in words (诉求工单), never the query's name."""
    key = f"asm.source.{query}"
    text = i18n.t(key, lang)
    return text if text != key else i18n.t("asm.source.other", lang)


def period_label(kind: str, window: tuple[dt.date, dt.date], lang: str) -> str:
    """2026年10月, 2026年第4季度, 2026年, or the dates of a custom period."""
    start, end = window
    if kind == "month":
        return i18n.t("period.month_fmt", lang, y=start.year, m=start.month)
    if kind == "quarter":
        return i18n.t("period.quarter_fmt", lang, y=start.year, q=(start.month - 1) // 3 + 1)
    if kind == "year":
        return i18n.t("period.year_fmt", lang, y=start.year)
    return span(window)


def table(
    sc: Scorecard, lang: str, units: pd.DataFrame | None = None, compare: str = ""
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The scorecard for the screen, best first (or the rows of `units`): rank, unit, parent, cases,
    per indicator its value (text) and points, total, light, change. Also which column belongs to
    which indicator. `compare`: the comparison's name (periods.label) for the change column."""
    ctx = Context("", "", (dt.date.min, dt.date.min), None, None, dt.datetime.min, lang, compare=compare)
    wide = sc.wide(units)
    out = pd.DataFrame(
        {
            t(ctx, "asm.col_rank"): wide["rank"],
            t(ctx, "asm.col_unit"): wide["unit_name"],
            t(ctx, "asm.col_parent"): wide["parent_name"],
            t(ctx, "asm.col_cases"): wide["cases"],
        }
    )
    owner = {}
    for ind in sc.system.indicators:
        name = ind.label(lang)
        value_col, score_col = name, f"{name} · {t(ctx, 'asm.col_score')}"
        out[value_col] = [rules.fmt_value(ind, v) for v in wide[f"{ind.key}.value"]]
        out[score_col] = wide[f"{ind.key}.score"].astype("float64")
        owner[value_col] = owner[score_col] = ind.key
    out[t(ctx, "asm.col_total")] = wide["total"]
    out[t(ctx, "asm.col_light")] = [light_word(ctx, x if isinstance(x, str) else None) for x in wide["light"]]
    out[t(ctx, "asm.col_total_change", cmp=compare_word(ctx))] = wide["total_change"]
    out[t(ctx, "asm.col_rank_change")] = [rank_change_text(v) for v in wide["rank_change"]]
    out[t(ctx, "asm.col_note")] = [note(sc, ctx, r) for _, r in wide.iterrows()]
    return out, owner


CELL_COLOURS = {
    "green": "background-color: #C6EFCE; color: #006100",
    "yellow": "background-color: #FFEB9C; color: #9C5700",
    "red": "background-color: #FFC7CE; color: #9C0006",
}


def styled(
    sc: Scorecard, lang: str, units: pd.DataFrame | None = None, columns: list[str] | None = None, compare: str = ""
):
    """`table` as a pandas Styler: each indicator's value and points, the total and the light
    coloured by their red/yellow/green (the workbook's colours). Also the column -> indicator map."""
    frame, owner = table(sc, lang, units, compare)
    wide = sc.wide(units)
    colours = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for col, key in owner.items():
        colours[col] = [CELL_COLOURS.get(x, "") if isinstance(x, str) else "" for x in wide[f"{key}.light"]]
    for col in (i18n.t("asm.col_total", lang), i18n.t("asm.col_light", lang)):
        colours[col] = [CELL_COLOURS.get(x, "") if isinstance(x, str) else "" for x in wide["light"]]
    if columns is not None:
        frame, colours = frame[columns], colours[columns]
    fmt = {c: "{:.2f}" for c in frame.columns if frame[c].dtype.kind == "f"}
    return frame.style.apply(lambda _: colours, axis=None).format(fmt, na_rep="—"), owner
