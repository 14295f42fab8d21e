"""活动开展 Activities: how many, for whom, when, by whom, and where a centre is busy or idle.
The sections are grassroots/ui/activities_sections.py; their tables grassroots/views/activities.py."""

import streamlit as st

from grassroots import config, views
from grassroots.metrics import centres
from grassroots.ui import activities_sections, filters, stat_cards
from grassroots.ui.text import tr

f = filters.page("act.title", table="activities")
cfg = config.app()

with_floating = st.toggle(tr("act.with_floating"), key="act_with_floating", help=tr("act.with_floating_help"))
own = {"ext_spans": centres.extended_spans(cfg), "with_floating": with_floating}
p = {**f.params(), **own}
now, prev = filters.this_and_previous("activities/summary", f, own)

stat_cards.row(views.activities.cards(now, prev, with_floating, cfg, tr), table="activities")
st.caption(views.activities.population_caption(now, with_floating, tr))

if not now.activities:
    st.info(tr("common.no_data"))
    st.stop()

activities_sections.categories_and_months(p)
activities_sections.calendar(p, f)
activities_sections.streets(p, with_floating)
activities_sections.ranking(p)
activities_sections.partners(p)
