"""The two ranking lists of grassroots/assessment/official.py on a page: 红榜/黑榜 for the official
system (another system's lists carry its name), unranked units beneath, and a click on a row handed
to the page (`on_pick(entry)`, run as the selection's callback, before the rerun)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from grassroots import i18n
from grassroots.assessment.official import Entry, Ranking, filter_keys
from grassroots.ui.text import lang, tr, tr_md


def frame(entries: tuple[Entry, ...], level: str) -> pd.DataFrame:
    """The rows of one list as shown: rank with its 95% interval (3（2–9）, 3（2–9，不确定）), unit,
    total, cases."""
    return pd.DataFrame(
        {
            tr("rank.col_rank"): [e.rank_text(lang()) for e in entries],
            tr(f"rank.col_unit.{level}"): [e.name for e in entries],
            tr("rank.col_score"): pd.array([e.score for e in entries], dtype="Float64"),
            tr("rank.col_n"): pd.array([e.n for e in entries], dtype="Int64"),
        }
    )


def _picked(key: str, entries: tuple[Entry, ...], on_pick: Callable[[Entry], None]) -> None:
    state = st.session_state.get(key)
    rows = state.selection.rows if state is not None else []
    if rows and rows[0] < len(entries):
        on_pick(entries[rows[0]])


def lists(r: Ranking, key: str, on_pick: Callable[[Entry], None] | None = None, hint: str | None = None) -> None:
    """Both lists side by side, or the reason there are none; then the unranked units."""
    L = lang()
    message = r.message(L)
    if r.reason:
        st.info(message)
    else:
        red_title, black_title = r.titles(L)
        left, right = st.columns(2)
        for col, title, entries, which in ((left, red_title, r.red, "red"), (right, black_title, r.black, "black")):
            with col:
                st.markdown(f"**{title}**")
                widget_key = f"{key}_{which}_{r.level}"
                if not entries:
                    st.caption(tr("rank.empty_list"))
                    continue
                st.dataframe(
                    frame(entries, r.level),
                    hide_index=True,
                    key=widget_key,
                    on_select=(lambda k=widget_key, e=entries: _picked(k, e, on_pick)) if on_pick else "ignore",
                    selection_mode="single-row",
                    column_config={
                        tr("rank.col_score"): st.column_config.NumberColumn(format="%.1f"),
                        tr("rank.col_rank"): st.column_config.TextColumn(help=tr("rank.col_rank_help")),
                    },
                )
        notes = [m for m in (message,) if m]
        if any(e.uncertain for e in r.red + r.black):
            notes.append(tr("rank.uncertain_note"))
        if r.ties_at_cut:
            notes.append(tr("rank.tie_note"))
        if on_pick and hint:
            notes.append(hint)
        for note in notes:
            st.caption(note)
    if r.unranked:
        names = i18n.listing((tr_md("rank.unranked_item", name=e.name, n=e.n) for e in r.unranked), lang())
        st.caption(tr("rank.unranked", n=r.min_n, names=names))


def set_filter(level: str) -> Callable[[Entry], None]:
    """An `on_pick` that makes the clicked unit the sidebar's region (or centre) filter: it runs as the
    selection's callback, before the rerun draws the filter bar."""

    def pick(entry: Entry) -> None:
        for k, v in filter_keys(level, entry.code).items():
            st.session_state[k] = v

    return pick
