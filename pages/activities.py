"""活动开展 Activities: how many, for whom, when, by whom, and where a centre is busy or idle.
The sections are grassroots/ui/activities_sections.py; their tables grassroots/views/activities.py."""

import streamlit as st

from grassroots import config, views
from grassroots.metrics import centres
from grassroots.ui import activities_sections, data, filters, stat_cards
from grassroots.ui.text import tr

f = filters.current()
cfg = config.app()
st.title(tr("act.title"))
st.caption(f.describe())

with_floating = st.toggle(tr("act.with_floating"), key="act_with_floating", help=tr("act.with_floating_help"))
p = {**f.params(), "ext_spans": centres.extended_spans(cfg), "with_floating": with_floating}
now = data.query("activities/summary", p).iloc[0]
prev = data.query("activities/summary", {**p, **f.params(f.previous)}).iloc[0]

stat_cards.row(views.activities.cards(now, prev, with_floating, cfg, tr))
st.caption(views.activities.population_caption(now, with_floating, tr))

if not now.activities:
    st.info(tr("common.no_data"))
    st.stop()

activities_sections.categories_and_months(p)
activities_sections.calendar(p, f)
activities_sections.streets(p, with_floating)
activities_sections.ranking(p)
activities_sections.partners(p)
