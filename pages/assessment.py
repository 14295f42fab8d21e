"""考核评估 Assessment: a scorecard per street, community or centre from an indicator system in
config/indicators/, 红榜/黑榜, the computation of any score down to its records, and the files to
file (.xlsx, PDF)."""

import datetime as dt

import streamlit as st

from grassroots import config, markup, privacy
from grassroots.assessment import charts, drill, official, pdf, report, system, xlsx
from grassroots.assessment import cli as asm_cli
from grassroots.ui import archived, data, downloads, filters, ranking, session
from grassroots.ui import funnel as funnel_ui
from grassroots.ui import whatif as whatif_ui
from grassroots.ui.text import in_language, lang, tr

f = filters.current()
L = lang()
st.title(tr("asm.title"))
st.caption(f.describe())

systems, refused = system.load_all()
for err in refused:
    st.error(tr("asm.cfg_refused", msg=err.message(L)))
if not systems:
    st.stop()

left, right = st.columns([2, 3])
by_key = {s.key: s for s in systems}
if st.session_state.get("asm_system") not in by_key:
    st.session_state["asm_system"] = systems[0].key
chosen = by_key[
    left.selectbox(tr("asm.system"), list(by_key), key="asm_system", format_func=lambda k: by_key[k].label(L))
]
# The level follows the filter (streets; a street's communities; a community's centres) whenever the
# region changes; the user may still choose another.
natural = official.level_for(f.params())
scope_now = (f.params()["region"], f.params()["centre_id"])
if st.session_state.get("asm_level_scope") != scope_now:
    st.session_state["asm_level_scope"] = scope_now
    if natural in chosen.levels:
        st.session_state["asm_level"] = natural
if st.session_state.get("asm_level") not in chosen.levels:
    st.session_state["asm_level"] = natural if natural in chosen.levels else chosen.levels[0]
level = (
    right.segmented_control(
        tr("asm.level"),
        list(chosen.levels),
        key="asm_level",
        required=True,
        format_func=in_language(lambda v, tr: tr(f"asm.level_name.{v}")),
    )
    or chosen.levels[0]
)
st.caption(chosen.describe(L))

bar = st.progress(0.0, text=tr("asm.computing"))
ranked = official.compute(
    data.query,
    f.params(),
    level,
    f.params(f.previous),
    system=chosen,
    min_n=config.app().min_n,
    progress=lambda done, total, label="": bar.progress(
        min(1.0, done / total) if total else 1.0, text=tr("asm.computing")
    ),
)
sc = ranked.scorecard
bar.empty()
if sc.units.empty:
    st.info(tr("asm.no_units"))
    st.stop()

u = sc.units
cols = st.columns(4)
cols[0].metric(tr("asm.kpi.units"), f"{len(u)}", help=tr("asm.kpi.units_help", n=sc.min_n))
cols[1].metric(tr("asm.kpi.ranked"), f"{int(u['ranked'].sum())}", help=tr("asm.kpi.units_help", n=sc.min_n))
avg = u.loc[u["ranked"], "total"].mean()
cols[2].metric(
    tr("asm.kpi.average"), "—" if avg != avg else f"{avg:.1f} / {chosen.max_total:g}", help=tr("asm.kpi.average_help")
)
counts = u["light"].value_counts()
cols[3].metric(
    tr("asm.kpi.lights"),
    tr("asm.kpi.lights_value", g=counts.get("green", 0), y=counts.get("yellow", 0), r=counts.get("red", 0)),
    help=tr("asm.kpi.lights_help", green=f"{chosen.lights.green:g}", yellow=f"{chosen.lights.yellow:g}"),
)

official_key = config.app().ranking_system
if ranked.official:
    st.subheader(
        tr("asm.lists"), help=tr("rank.asm_help", system=chosen.label(L), max=f"{chosen.max_total:g}", n=sc.min_n)
    )
else:
    st.subheader(
        tr("rank.other_heading", system=chosen.label(L)),
        help=tr(
            "rank.other_help",
            n=sc.min_n,
            official=by_key[official_key].label(L) if official_key in by_key else official_key,
        ),
    )


def _drill_to(entry) -> None:
    """A click on a row of either list opens that unit's computation below."""
    st.session_state["asm_drill_unit"] = entry.code


ranking.lists(ranked, "asm_rank", on_pick=_drill_to, hint=tr("rank.click_hint_asm"))

st.subheader(tr("asm.scorecard"), help=tr("asm.scorecard_help"))
shown, owner = report.styled(sc, L, compare=f.compare_label())


def _pick_cell() -> None:
    """A click on a cell of an indicator column opens that unit's computation below."""
    cells = st.session_state["asm_table"].selection.cells
    if cells:
        row, column = cells[0]
        st.session_state["asm_drill_unit"] = sc.units["unit_id"].iloc[row]
        if column in owner:
            st.session_state["asm_drill_indicator"] = owner[column]


config_cols = {}
for ind in chosen.indicators:
    config_cols[f"{ind.label(L)} · {tr('asm.col_score')}"] = st.column_config.Column(
        help=f"{ind.describe(L)}\n\n{tr('asm.drill.rule_short')}"
    )
st.dataframe(
    shown,
    hide_index=True,
    key="asm_table",
    on_select=_pick_cell,
    selection_mode="single-cell",
    column_config=config_cols,
)
st.caption(tr("asm.click_hint"))

st.subheader(tr("asm.drill"), help=tr("asm.drill_help"))
ids = sc.units["unit_id"].tolist()
names = dict(zip(sc.units["unit_id"], sc.units["unit_name"]))
if st.session_state.get("asm_drill_unit") not in ids:
    st.session_state["asm_drill_unit"] = ids[0]
inds = {i.key: i for i in chosen.indicators}
if st.session_state.get("asm_drill_indicator") not in inds:
    st.session_state["asm_drill_indicator"] = chosen.indicators[0].key
a, b = st.columns(2)
unit_id = a.selectbox(tr("asm.drill_unit"), ids, key="asm_drill_unit", format_func=lambda x: names.get(x, x))
ind_key = b.selectbox(
    tr("asm.drill_indicator"), list(inds), key="asm_drill_indicator", format_func=lambda k: inds[k].label(L)
)
st.markdown("\n".join(f"{n}. {line}" for n, line in enumerate(drill.steps(sc, ind_key, unit_id, L), start=1)))
records = privacy.mask_frame(
    drill.records(inds[ind_key], data.query, f.params(), level, unit_id), may_see_personal=session.may_see_personal()
)
st.caption(tr("asm.drill_records", n=len(records), shown=min(len(records), 1000)))
records = drill.record_view(inds[ind_key], records, L)
st.dataframe(records.head(1000), hide_index=True)
downloads.buttons(records, f"assessment_{unit_id}_{ind_key}", key="asm_drill_dl")

st.subheader(tr("asm.charts"))
tab_total, tab_parts = st.tabs([tr("asm.chart_totals"), tr("asm.chart_parts")])
tab_total.plotly_chart(markup.plain_figure(charts.totals(sc, L)), key="asm_chart_totals")
tab_parts.plotly_chart(markup.plain_figure(charts.composition(sc, L)), key="asm_chart_parts")
funnel_ui.scorecard(sc, L, "asm_funnel")
whatif_ui.render(sc, f.params(), L)

st.subheader(tr("asm.export"), help=tr("asm.export_help"))
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
stem = asm_cli.stem(f.region_name or tr("filter.all"), ctx.period_label, chosen, level, L)  # what the file holds
x_col, p_col = st.columns(2)
downloads.button(
    tr("asm.export_xlsx"), lambda: xlsx.workbook(sc, ctx), f"{stem}.xlsx", downloads.XLSX, "asm_xlsx", "📊", x_col
)
downloads.button(
    tr("asm.export_pdf"), lambda: pdf.document(sc, ctx), f"{stem}.pdf", "application/pdf", "asm_pdf", "🖨️", p_col
)

# results filed with `assess --archive`, with their system's checksum
archived.listing(data.db_path(), f.params()["region"] or "")
