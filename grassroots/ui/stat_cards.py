"""A row of metric cards for the activity, service and volunteer pages: value, 环比 change (percent
for counts, percentage points for shares) and the metric's definition as help."""

from __future__ import annotations

import streamlit as st

from grassroots import periods
from grassroots.metrics.centres import fmt
from grassroots.ui.text import tr


def card(label: str, value, kind: str, previous=None, help: str | None = None,
         higher_is_better: bool | None = True) -> None:
    """One st.metric. `kind`: count | share | per1000 | number | hours (grassroots.metrics.centres.fmt)."""
    delta = None
    if previous is not None:
        try:
            d = periods.change(float(value), float(previous), kind == "share")
        except (TypeError, ValueError):
            d = None
        if d is not None and d == d:
            delta = f"{d:+.1f} pp" if kind == "share" else f"{d:+.1f}%"
    st.metric(label, fmt(kind, value), delta=delta, help=help, border=True,
              delta_color="off" if higher_is_better is None else ("normal" if higher_is_better else "inverse"),
              delta_description=tr("overview.vs_prev") if delta else None)


def row(cards: list[dict], per_row: int = 5) -> None:
    """Cards (keyword arguments of `card`) laid out `per_row` to a row."""
    for start in range(0, len(cards), per_row):
        cols = st.columns(per_row)
        for col, c in zip(cols, cards[start:start + per_row]):
            with col:
                card(**c)
