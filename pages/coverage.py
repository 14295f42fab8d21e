"""试点覆盖 Coverage: where the pilots are, whom they reach, and where the next one should go.
The map and its cards are grassroots/ui/coverage_map.py, the tabs grassroots/ui/coverage_tabs.py; what
they show is assembled in grassroots/views/coverage.py."""

import datetime as dt

import pandas as pd
import streamlit as st

from grassroots.ui import coverage_data, coverage_map, coverage_tabs, data, filters
from grassroots.ui.text import in_language, lang, tr
from grassroots.views import coverage as view

f = filters.current()
st.title(tr("coverage.title"))
st.caption(f.describe())

comms = data.query("coverage/communities", f.params())
if comms.empty:
    st.info(tr("coverage.no_communities"))
    st.stop()

# --- the day the map shows: the period's end, or an earlier month end on the rollout slider ---------
period_end = min(f.window.end - dt.timedelta(days=1), f.as_of.date())
rollout = data.query("coverage/rollout_monthly", f.params())
first = pd.Timestamp(rollout["month"].min()).date() if len(rollout) else period_end
days = view.month_ends(first, f.window.start, period_end)
if st.session_state.get("_coverage_month_for") != days[-1] or st.session_state.get("coverage_month") not in days:
    st.session_state["coverage_month"] = days[-1]  # a new period: start at its end
    st.session_state["_coverage_month_for"] = days[-1]
elif st.session_state.get("_coverage_month_lang") != lang():
    # The browser holds the slider's month by its label, which a language switch changes: without
    # being handed its month again in the new language, the slider would show the first month while
    # the map kept the chosen one.
    st.session_state["coverage_month"] = st.session_state["coverage_month"]
st.session_state["_coverage_month_lang"] = lang()
if len(days) > 1:
    on_iso = st.select_slider(
        tr("coverage.as_of"),
        days,
        key="coverage_month",
        help=tr("coverage.as_of_help"),
        format_func=in_language(lambda d, tr: tr("coverage.month_fmt", y=int(d[:4]), m=int(d[5:7]))),
    )
else:
    on_iso = days[-1]

st.session_state.setdefault("coverage_k", 5)
with st.spinner(tr("coverage.next_running")):
    cv = coverage_data.on_day(f, comms, dt.date.fromisoformat(on_iso), int(st.session_state["coverage_k"]))
sites = cv.result.sites
sites["planned"] = sites["code"].isin(cv.in_the_works)

for note in coverage_map.render(f, cv, sites):
    st.caption(note)

# --- the numbers behind the map ---------------------------------------------------------------------
tab_streets, tab_uncovered, tab_rollout, tab_next = st.tabs(
    [tr("coverage.tab.streets"), tr("coverage.tab.uncovered"), tr("coverage.tab.rollout"), tr("coverage.tab.next")]
)
with tab_streets:
    coverage_tabs.streets(cv)
with tab_uncovered:
    coverage_tabs.uncovered(cv)
with tab_rollout:
    coverage_tabs.rollout(f, rollout)
with tab_next:
    coverage_tabs.where_next(cv, sites)
