"""The sections of the assessment page (考核评估), one function each: the scorecard table, the drill
into one score, the charts and the files to file."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from grassroots import charts, markup, privacy
from grassroots.assessment import cli as asm_cli
from grassroots.assessment import drill, pdf, report, xlsx
from grassroots.assessment.scorecard import Scorecard
from grassroots.assessment.system import System
from grassroots.ui import data, downloads, session
from grassroots.ui import funnel as funnel_ui
from grassroots.ui.filters import Filters
from grassroots.ui.text import lang, tr


def scorecard(sc: Scorecard, system: System, compare: str) -> None:
    """The scorecard; a click on a cell opens that unit's (and indicator's) computation below."""
    st.subheader(tr("asm.scorecard"), help=tr("asm.scorecard_help"))
    shown, owner = report.styled(sc, lang(), compare=compare)

    def pick_cell() -> None:
        cells = st.session_state["asm_table"].selection.cells
        if cells:
            row, column = cells[0]
            st.session_state["asm_drill_unit"] = sc.units["unit_id"].iloc[row]
            if column in owner:
                st.session_state["asm_drill_indicator"] = owner[column]

    hints = {
        f"{ind.label(lang())} · {tr('asm.col_score')}": st.column_config.Column(
            help=f"{ind.describe(lang())}\n\n{tr('asm.drill.rule_short')}"
        )
        for ind in system.indicators
    }
    st.dataframe(
        shown, hide_index=True, key="asm_table", on_select=pick_cell, selection_mode="single-cell", column_config=hints
    )
    st.caption(tr("asm.click_hint"))


def drill_down(sc: Scorecard, system: System, f: Filters, level: str) -> None:
    """How one unit's score of one indicator was computed, and the records behind it."""
    st.subheader(tr("asm.drill"), help=tr("asm.drill_help"))
    L = lang()
    ids = sc.units["unit_id"].tolist()
    names = dict(zip(sc.units["unit_id"], sc.units["unit_name"]))
    if st.session_state.get("asm_drill_unit") not in ids:
        st.session_state["asm_drill_unit"] = ids[0]
    inds = {i.key: i for i in system.indicators}
    if st.session_state.get("asm_drill_indicator") not in inds:
        st.session_state["asm_drill_indicator"] = system.indicators[0].key
    a, b = st.columns(2)
    unit_id = a.selectbox(tr("asm.drill_unit"), ids, key="asm_drill_unit", format_func=lambda x: names.get(x, x))
    ind_key = b.selectbox(
        tr("asm.drill_indicator"), list(inds), key="asm_drill_indicator", format_func=lambda k: inds[k].label(L)
    )
    st.markdown("\n".join(f"{n}. {line}" for n, line in enumerate(drill.steps(sc, ind_key, unit_id, L), start=1)))
    found = drill.records(inds[ind_key], data.query, f.params(), level, unit_id)
    records = privacy.mask_frame(found, may_see_personal=session.may_see_personal())
    st.caption(tr("asm.drill_records", n=len(records), shown=min(len(records), 1000)))
    records = drill.record_view(inds[ind_key], records, L)
    st.dataframe(records.head(1000), hide_index=True)
    downloads.buttons(records, f"assessment_{unit_id}_{ind_key}", key="asm_drill_dl")


def figures(sc: Scorecard) -> None:
    st.subheader(tr("asm.charts"))
    tab_total, tab_parts = st.tabs([tr("asm.chart_totals"), tr("asm.chart_parts")])
    tab_total.plotly_chart(markup.plain_figure(charts.assessment.totals(sc, lang())), key="asm_chart_totals")
    tab_parts.plotly_chart(markup.plain_figure(charts.assessment.composition(sc, lang())), key="asm_chart_parts")
    funnel_ui.scorecard(sc, lang(), "asm_funnel")


def exports(sc: Scorecard, system: System, f: Filters, level: str) -> None:
    """The workbook and the printable report, named for what they hold."""
    st.subheader(tr("asm.export"), help=tr("asm.export_help"))
    L = lang()
    ctx = report.Context(
        region_name=f.region_name,
        period_label=report.period_label(f.kind, (f.window.start, f.window.end), L),
        window=(f.window.start, f.window.end),
        previous=(f.previous.start, f.previous.end),
        as_of=f.as_of,
        generated_at=dt.datetime.now().replace(microsecond=0),
        lang=L,
        sources=data.query("assessment/data_sources", {**f.params(), "limit": 500}),
        compare=f.compare_label(),
    )
    stem = asm_cli.stem(f.region_name or tr("filter.all"), ctx.period_label, system, level, L)  # what the file holds
    x_col, p_col = st.columns(2)
    downloads.button(
        tr("asm.export_xlsx"), lambda: xlsx.workbook(sc, ctx), f"{stem}.xlsx", downloads.XLSX, "asm_xlsx", "📊", x_col
    )
    downloads.button(
        tr("asm.export_pdf"), lambda: pdf.document(sc, ctx), f"{stem}.pdf", "application/pdf", "asm_pdf", "🖨️", p_col
    )
