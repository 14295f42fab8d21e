"""数据探索 Explorer: browse any table of the model with filters and sorting, and a read-only SQL
console; both run in grassroots.console (scoped to the chosen region, never wider than the user's
own scope, with personal data masked as the role demands). The tabs are grassroots/ui/explorer_tabs.py."""

import streamlit as st

from grassroots import console
from grassroots.ui import explorer_tabs, filters, session
from grassroots.ui.text import tr

f = filters.current()
user = session.user()
own = session.scope()
if own is None:  # nobody signed in: the console reads nothing
    st.stop()
scope = console.narrowest(own.region, f.region)
personal = session.may_see_personal()
st.title(tr("explorer.title"))
st.caption(
    tr(
        "explorer.scope",
        region=f.region_name if scope == f.region else scope or tr("filter.all_regions"),
        personal=tr("explorer.personal_on" if personal else "explorer.personal_off"),
    )
)

browse_tab, console_tab = st.tabs([tr("explorer.browse"), tr("explorer.console")])
with browse_tab:
    explorer_tabs.browse(scope, personal)
with console_tab:
    explorer_tabs.sql_console(scope, personal, user)
