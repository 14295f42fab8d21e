"""考核评估 Assessment: a scorecard per street, community or centre from an indicator system in
config/indicators/, 红榜/黑榜, the computation of any score down to its records, and the files to
file (.xlsx, PDF). The sections are grassroots/ui/assessment_sections.py."""

import streamlit as st

from grassroots import config, views
from grassroots.assessment import official, system
from grassroots.ui import archived, assessment_sections, data, filters, ranking, stat_cards, whatif
from grassroots.ui.text import lang, segmented, tr

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
level = segmented(tr("asm.level"), chosen.levels, "asm_level", "asm.level_name", where=right)
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

stat_cards.row(views.assessment.cards(sc, chosen, tr), per_row=4, fit=False)

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

assessment_sections.scorecard(sc, chosen, f.compare_label())
assessment_sections.drill_down(sc, chosen, f, level)
assessment_sections.figures(sc)
whatif.render(sc, f.params(), lang())
assessment_sections.exports(sc, chosen, f, level)

# results filed with `assess --archive`, with their system's checksum
archived.listing(data.db_path(), f.params()["region"] or "")
