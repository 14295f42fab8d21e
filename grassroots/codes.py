"""Fixed code lists in the interface language, and the data model's columns in words.

The data stores fixed lists as words (活动类别 幼有所育, 渠道 窗口, 工单状态 open ...). Everything a user
reads - charts, tables, filters, the headers of downloads - shows them through `label`, keyed by the
stored value, so a widget keeps the stored value as its state and only its format follows the language:

    codes.label("activity_category", "老有所养", "en")          # 'Elderly care'
    st.selectbox(..., options=values, format_func=codes.formatter("ticket_category", lang))
    codes.column_label("tickets", "reported_at", "zh")          # '上报时间'

A value a list does not know (another source's own words, free text) shows as it is stored. The words
are in grassroots/strings/codes.toml ("code.<list>.<value>") and columns.toml ("column.<name>",
"column.<table>.<name>"); ticket and centre statuses keep their keys in tickets.toml and coverage.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from grassroots import i18n

# list -> the prefix of its string keys
LISTS = {
    "activity_category": "code.activity_category",
    "service_category": "code.activity_category",  # service items are filed under the 1+6+X functions
    "service_channel": "code.service_channel",
    "service_outcome": "code.service_outcome",
    "service_list_kind": "code.service_list_kind",
    "centre_type": "code.centre_type",
    "centre_status": "coverage.status",
    "region_level": "code.region_level",
    "ticket_source": "code.ticket_source",
    "ticket_category": "code.ticket_category",
    "ticket_subcategory": "code.ticket_subcategory",
    "ticket_satisfaction": "code.ticket_satisfaction",
    "ticket_status": "tickets.status",
    "wish_status": "code.wish_status",
    "wish_category": "code.wish_category",
    "claimer_type": "code.claimer_type",
    "party_post": "code.party_post",
}
# the fixed lists of each table's columns, for record tables and the explorer
TABLE_LISTS = {
    "activities": {"category": "activity_category"},
    "service_items": {"category": "service_category", "list_kind": "service_list_kind"},
    "service_records": {"channel": "service_channel", "outcome": "service_outcome"},
    "centres": {"type": "centre_type", "status": "centre_status"},
    "programmes": {"centre_type": "centre_type"},
    "regions": {"level": "region_level"},
    "region_boundaries": {"level": "region_level"},
    "tickets": {
        "source": "ticket_source",
        "category": "ticket_category",
        "subcategory": "ticket_subcategory",
        "satisfaction": "ticket_satisfaction",
        "status": "ticket_status",
    },
    "rollup_tickets_monthly": {"category": "ticket_category"},
    "rollup_tickets_hist": {"category": "ticket_category"},
    "rollup_services_daily": {"channel": "service_channel"},
    "rollup_services_monthly": {"channel": "service_channel"},
    "wishes": {"status": "wish_status", "category": "wish_category", "claimer_type": "claimer_type"},
    "party_member_reports": {"post": "party_post"},
}


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def label(kind: str, value, lang: str = "zh"):
    """`value` of the list `kind` in `lang`; an unknown value as stored, a blank as it is."""
    if _blank(value):
        return value
    entry = i18n.table().get(f"{LISTS[kind]}.{value}")
    if entry is None:
        return value
    return entry[lang if lang in i18n.LANGUAGES else "zh"]


def formatter(kind: str, lang: str, blank: str | None = None) -> Callable[[object], str]:
    """A format_func for a widget whose options are stored values of `kind` ('' or None reads `blank`)."""

    def fmt(value) -> str:
        if blank is not None and (value == "" or _blank(value)):
            return blank
        return str(label(kind, value, lang))

    return fmt


def series(kind: str, values: Iterable, lang: str) -> list:
    """Every value of `values` in words (a list, to put into a frame or a chart's order)."""
    return [label(kind, v, lang) for v in values]


def values(kind: str) -> tuple[str, ...]:
    """The stored values the list `kind` knows, in the order of the strings file."""
    prefix = LISTS[kind] + "."
    return tuple(k[len(prefix) :] for k in i18n.table() if k.startswith(prefix))


def fixed_words(lang: str = "zh") -> set[str]:
    """Every word of every fixed list in `lang` (what an English page must not show in Chinese)."""
    return {i18n.table()[f"{LISTS[k]}.{v}"][lang] for k in LISTS for v in values(k)}


def frame_values(frame: pd.DataFrame, table: str, lang: str) -> pd.DataFrame:
    """A frame of `table`'s columns with its fixed-list columns in words."""
    out = frame.copy()
    for col, kind in TABLE_LISTS.get(table, {}).items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, k=kind: label(k, v, lang))
    return out


def column_label(table: str | None, column: str, lang: str = "zh") -> str:
    """A column of the data model in words: "column.<table>.<column>", else "column.<column>", else
    the column's name (a column a query made up is its caller's to name)."""
    found = i18n.table()
    entry = found.get(f"column.{table}.{column}") if table else None
    entry = entry or found.get(f"column.{column}")
    return entry[lang if lang in i18n.LANGUAGES else "zh"] if entry else column


def labelled_columns(frame: pd.DataFrame, table: str | None, lang: str) -> pd.DataFrame:
    """`frame` with its model columns named in words (two columns never end with one name)."""
    return frame.rename(columns=distinct_names({c: column_label(table, c, lang) for c in frame.columns}))


def distinct_names(names: dict) -> dict:
    """column -> its name, a name that an earlier column already has numbered (name 2, name 3 ...)."""
    out, seen = {}, set()
    for c, base in names.items():
        text, n = base, 1
        while text in seen:
            n += 1
            text = f"{base} {n}"
        seen.add(text)
        out[c] = text
    return out
