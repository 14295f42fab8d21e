"""A row of metric cards for the activity, service and volunteer pages: value, change against the
period's comparison (periods.primary: 环比 for a month or quarter, 同比 for a year, the preceding
window for a custom one; percent for counts, percentage points for shares) and the metric's
definition as help."""

from __future__ import annotations

import streamlit as st

from grassroots import periods
from grassroots.metrics.centres import fmt
from grassroots.ui import filters
from grassroots.ui.text import cards_per_row


def card(
    label: str, value, kind: str, previous=None, help: str | None = None, higher_is_better: bool | None = True
) -> None:
    """One st.metric. `kind`: count | share | per1000 | number | hours (grassroots.metrics.centres.fmt)."""
    delta = None
    if previous is not None:
        try:
            d = periods.change(float(value), float(previous), kind == "share")
        except (TypeError, ValueError):
            d = None
        if d is not None and d == d:
            delta = f"{d:+.1f} pp" if kind == "share" else f"{d:+.1f}%"
    st.metric(
        label,
        fmt(kind, value),
        delta=delta,
        help=help,
        border=True,
        delta_color="off" if higher_is_better is None else ("normal" if higher_is_better else "inverse"),
        delta_description=filters.current().compare_label() if delta else None,
    )


def row(cards: list[dict], per_row: int = 5) -> None:
    """Cards (keyword arguments of `card`) laid out `per_row` to a row; beneath, which days are compared
    while the period is still running (截至11月20日，与上月、去年同期比)."""
    per_row = cards_per_row(per_row)
    for start in range(0, len(cards), per_row):
        cols = st.columns(per_row)
        for col, c in zip(cols, cards[start : start + per_row]):
            with col:
                card(**c)
    note = filters.current().partial_note(first_only=True)
    if note and any(c.get("previous") is not None for c in cards):
        st.caption(note)
