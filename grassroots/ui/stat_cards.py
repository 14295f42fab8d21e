"""The one way a page draws metric cards (grassroots.cards.Card): value, change against the period's
comparison (periods.primary: 环比 for a month or quarter, 同比 for a year, the preceding window for a
custom one; percent for counts, percentage points for shares) and the metric's definition as help."""

from __future__ import annotations

import streamlit as st

from grassroots.cards import Card
from grassroots.ui import filters
from grassroots.ui.text import cards_per_row, tr


def draw(c: Card, compare_label: str | None = None, border: bool = True) -> None:
    """One st.metric (bordered unless it sits in a bordered container of its own); `compare_label` names
    what the change is against."""
    st.metric(
        c.label,
        c.value,
        delta=c.delta,
        help=c.help,
        border=border,
        delta_color="off" if c.higher_is_better is None else ("normal" if c.higher_is_better else "inverse"),
        delta_arrow="auto" if c.arrow else "off",
        delta_description=compare_label if c.delta and c.compared else None,
    )


def outside(f, say: bool = True) -> bool:
    """For filters `f` whose window lies wholly outside the data (Filters.outside: a shared link to a month not
    imported yet), says so in place of the period's cards and returns True: each would read 0, with "-100%"
    against the year before (the report refuses the same window). `say` False: a page's later row of cards,
    below the one that said it, is left out without saying it again."""
    if not f.outside:
        return False
    if say:
        st.info(tr("overview.cards_no_data", window=f.window.text()))
    return True


def row(
    cards: list[Card], per_row: int = 5, fit: bool = True, say_outside: bool = True, table: str | None = None
) -> None:
    """Cards laid out `per_row` to a row (`fit`: one fewer for the wider English labels); beneath, which
    days are compared while the period is still running (截至11月20日，与上月、去年同期比). None for a window
    wholly outside the data (outside; `say_outside` False: without saying so again), nor for a window wholly after
    the end of the cards' `table` of records (filters.wholly_behind: the page's warning under its title says why)."""
    per_row = cards_per_row(per_row) if fit else per_row
    if outside(filters.current(), say_outside):
        return
    if table and filters.wholly_behind(filters.current(), table):
        return
    compared = any(c.compared for c in cards)
    label = filters.current().compare_label() if any(c.delta and c.compared for c in cards) else None
    for start in range(0, len(cards), per_row):
        for col, c in zip(st.columns(per_row), cards[start : start + per_row]):
            with col:
                draw(c, label)
    note = filters.current().partial_note(first_only=True) if compared else None
    if note:
        st.caption(note)
