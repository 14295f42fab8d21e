"""The assessment page's what-if weights: a number per indicator (the filed weight to start), the
scorecard again with those weights through grassroots.assessment.whatif, and each unit's rank shift
against the filed system. Nothing is written anywhere: the inputs live in the session only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import markup
from grassroots.assessment import whatif
from grassroots.assessment.scorecard import Scorecard
from grassroots.ui import data
from grassroots.ui.text import tr

MAX_WEIGHT = 10.0


def _key(sc: Scorecard, indicator: str) -> str:
    return f"asm_w_{sc.system.key}_{indicator}"


def _reset(sc: Scorecard) -> None:
    for ind in sc.system.indicators:
        st.session_state[_key(sc, ind.key)] = float(ind.weight)


def _shift_text(v) -> str:
    if v is None or pd.isna(v) or v == 0:
        return "—"
    return f"↑{int(v)}" if v > 0 else f"↓{-int(v)}"


def view(table: pd.DataFrame) -> pd.DataFrame:
    """The compare table in words: trial rank, unit, trial total, filed total and rank, shift, cases, note."""
    return pd.DataFrame(
        {
            tr("whatif.col.rank"): table["rank"],
            tr("whatif.col.unit"): table["unit_name"],
            tr("whatif.col.total"): table["total"].round(1),
            tr("whatif.col.filed_total"): table["filed_total"].round(1),
            tr("whatif.col.filed_rank"): table["filed_rank"],
            tr("whatif.col.shift"): [_shift_text(v) for v in table["shift"]],
            tr("whatif.col.cases"): table["cases"],
            tr("whatif.col.note"): ["" if r else tr("common.not_ranked") for r in table["ranked"]],
        }
    )


def render(sc: Scorecard, params: dict, lang: str) -> None:
    s = sc.system
    st.subheader(tr("whatif.title"), help=tr("whatif.help"))
    cols = st.columns(min(3, max(1, len(s.indicators))))
    top = max([MAX_WEIGHT] + [10.0 * i.weight for i in s.indicators])
    weights = {}
    for i, ind in enumerate(s.indicators):
        key = _key(sc, ind.key)
        if key not in st.session_state:
            st.session_state[key] = float(ind.weight)
        weights[ind.key] = cols[i % len(cols)].number_input(
            tr("whatif.weight", name=ind.label(lang), points=f"{ind.points:g}"),
            min_value=0.0,
            max_value=top,
            step=0.1,
            format="%.2f",
            key=key,
            help=tr("whatif.weight_help", weight=f"{ind.weight:g}"),
        )
    st.button(tr("whatif.reset"), key=f"asm_w_reset_{s.key}", on_click=_reset, args=(sc,))
    changes = whatif.changed(weights, s.weights())
    if not changes:
        st.info(tr("whatif.same"))
        return
    if not any(w > 0 for w in weights.values()):
        st.warning(tr("whatif.bad", reason=tr("whatif.all_zero")))
        return
    trial = whatif.trial(sc, data.query, params, changes)
    table = whatif.compare(sc, trial)
    names = {i.key: i.label(lang) for i in s.indicators}
    st.caption(
        tr(
            "whatif.caption",
            max=f"{trial.system.max_total:g}",
            filed_max=f"{s.max_total:g}",
            changes=tr("tickets.sep").join(f"{names[k]} {s.indicator(k).weight:g} → {w:g}" for k, w in changes.items()),
        )
    )
    left, right = st.columns([3, 2])
    one_decimal = st.column_config.NumberColumn(format="%.1f")
    left.dataframe(
        view(table),
        hide_index=True,
        key="asm_whatif_table",
        column_config={tr("whatif.col.total"): one_decimal, tr("whatif.col.filed_total"): one_decimal},
    )
    right.plotly_chart(
        markup.plain_figure(
            whatif.shift_figure(
                table, {"filed": tr("whatif.filed"), "trial": tr("whatif.trial"), "rank": tr("whatif.rank")}
            )
        ),
        key="asm_whatif_chart",
    )
