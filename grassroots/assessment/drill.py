"""How one score was computed, down to the records: the steps in words, and the records that count
in the indicator's numerator or denominator (from queries/assessment/<query>_records.sql, whose flag
columns carry the same names as the per-unit counts)."""

from __future__ import annotations

import pandas as pd

from grassroots import codes, i18n
from grassroots.assessment import report, rules
from grassroots.assessment.scorecard import Fetch, Scorecard
from grassroots.assessment.system import Indicator


def _fmt_count(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def steps(sc: Scorecard, indicator: str, unit_id: str, lang: str = "zh") -> list[str]:
    """The computation of one cell, one sentence per step."""
    ind = sc.system.indicator(indicator)
    cell, unit = sc.cell(unit_id, indicator), sc.unit(unit_id)
    value = rules.fmt_value(ind, cell["value"])
    name, num, n = ind.label(lang), report.col_label(lang, ind.numerator), _fmt_count(cell["numerator"])
    if ind.rule.kind == "deduction":
        first = i18n.t("asm.drill.count", lang, name=name, num=num, n=n)
    elif ind.value is not None or ind.denominator is None:  # a value read as it is
        col = report.col_label(lang, ind.value) if ind.value is not None else num
        first = i18n.t("asm.drill.value", lang, name=name, col=col, value=value)
    else:
        scale = "" if ind.scale == 1 else f" × {rules.fmt_points(ind.scale)}"
        den, d = report.col_label(lang, ind.denominator), _fmt_count(cell["denominator"])
        first = i18n.t("asm.drill.ratio", lang, name=name, num=num, den=den, n=n, d=d, scale=scale, value=value)
    out = [first]
    out.append(i18n.t("asm.drill.rule", lang, rule=rules.describe(ind, lang)))
    out.append(rules.explain(ind, None if pd.isna(cell["value"]) else float(cell["value"]), lang))
    if not cell["excluded"] and ind.weight != 1:
        out.append(
            i18n.t(
                "asm.drill.weight",
                lang,
                w=rules.fmt_points(ind.weight),
                s=rules.fmt_points(cell["score"]),
                ws=rules.fmt_points(cell["weighted"]),
            )
        )
    rank = report.rank_text(unit["rank"])
    out.append(
        i18n.t(
            "asm.drill.total",
            lang,
            total=rules.fmt_points(unit["total"]),
            max=rules.fmt_points(sc.system.max_total),
            rank=rank if unit["ranked"] else i18n.t("asm.unranked_short", lang),
        )
    )
    return out


def _truthy(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    return pd.to_numeric(s, errors="coerce").fillna(0) != 0


def records(ind: Indicator, fetch: Fetch, params: dict, level: str, unit_id: str) -> pd.DataFrame:
    """The records of the unit that count in the indicator: rows flagged in its numerator or
    denominator (a value indicator: the rows that carry a value), the flag columns first."""
    frame = fetch(ind.records_query, {**params, "unit_level": level, "unit_id": unit_id})
    flags = [c for c in (ind.numerator, ind.denominator) if c and c in frame.columns]
    if flags:
        keep = _truthy(frame[flags[0]])
        for f in flags[1:]:
            keep |= _truthy(frame[f])
        frame = frame[keep]
    elif ind.value == "median_hours_to_close" and "hours_to_close" in frame.columns:
        frame = frame[frame["hours_to_close"].notna()]
        flags = ["hours_to_close"]
    first = [frame.columns[0]] + [f for f in flags if f != frame.columns[0]]
    return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)


# the model table of each source's records, for the words of their fixed lists and columns
SOURCE_TABLES = {"tickets": "tickets", "services": "service_records", "activities": "activities", "wishes": "wishes"}


def record_view(ind: Indicator, frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The records of `records` as a reader sees them: fixed lists in words, each flag as yes/no under
    the name of the count it makes, every column labelled in `lang`."""
    table = SOURCE_TABLES.get(ind.query)
    out = codes.frame_values(frame, table, lang) if table else frame.copy()
    yes, no = i18n.t("asm.flag.yes", lang), i18n.t("asm.flag.no", lang)
    names = {}
    for c in out.columns:
        key = f"asm.col.{c}"
        text = i18n.t(key, lang)
        if text == key:
            text = codes.column_label(table, c, lang)
        elif out[c].dtype == bool:
            out[c] = out[c].map(lambda b: yes if b else no)
        names[c] = text
    return out.rename(columns=codes.distinct_names(names))
