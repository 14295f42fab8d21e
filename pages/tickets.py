"""诉求与网格事件 Requests & tickets: volume, turnaround, deadlines, the open backlog with survival
curves, the 接诉即办 rates and rankings, escalation (吹哨报到) and wishes (微心愿). Every chart and
table drills down to the records behind it, masked for the viewer's role, with CSV and .xlsx.
The tabs are grassroots/ui/tickets_tabs.py; what they show is assembled in grassroots/views/tickets.py."""

import pandas as pd
import streamlit as st

from grassroots import codes, config
from grassroots.metrics import survival, ticket_config, ticket_score
from grassroots.ui import data, filters, stat_cards, tickets_tabs
from grassroots.ui.text import lang, segmented, tr
from grassroots.ui.tickets_context import Page
from grassroots.views import tickets as view

f = filters.page("tickets.title", table="tickets")
tc = ticket_config.tickets()

# ---- the page's own filters: category and time grain ------------------------------------------
cats = data.query(*view.first_queries(f.params(), tc)["categories"])["category"].tolist()
left, right = st.columns([3, 2])
if st.session_state.get("tk_category", "") not in [""] + cats:
    st.session_state["tk_category"] = ""  # a category of the scope the user just left
category = left.selectbox(
    tr("tickets.category"),
    [""] + cats,
    key="tk_category",
    bind="query-params",
    format_func=codes.formatter("ticket_category", lang(), blank=tr("filter.all")),
)
grain = segmented(
    tr("tickets.grain"), ["day", "week", "month"], "tk_grain", "tickets.grain", "month", right, bind="query-params"
)
own_due_only = st.toggle(
    tr("tickets.own_due_only"), key="tk_own_due", bind="query-params", help=tr("tickets.own_due_only_help")
)
P = view.page_params(f.params(), tc, category, grain, own_due_only)
first = view.first_queries(f.params(), tc, P)
pg = Page(f, tc, P, grain, config.app().min_n, view.Words(tr, lang()))

# ---- headline ------------------------------------------------------------------------------------
rates_by_category = data.query(*first["rates"])
head = rates_by_category[rates_by_category["is_total"]]
if head.empty:
    head = pd.DataFrame([{}], columns=head.columns)
pg.h, pg.flow = head.iloc[0], data.query(*first["flow"])
pg.backlog = data.query(*first["backlog"])
km_all = survival.curve(data.query(*first["km_counts"]))
km_median = survival.median(km_all) if len(km_all) else None
score = ticket_score.score(head, tc.weights).iloc[0]
stat_cards.row(view.headline_cards(pg.h, pg.flow, pg.backlog, km_median, score, tc, f.as_of, tr), table="tickets")

tabs = st.tabs([tr(f"tickets.tab.{t}") for t in view.TABS], key="tk_tab", on_change="rerun")
for name, tab in zip(view.TABS, tabs):
    with tab:
        if tab.open is not False:
            tickets_tabs.TABS[name](pg)
