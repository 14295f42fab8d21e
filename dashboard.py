"""Entry point: page config, language, sign-in, shared filters, navigation. `streamlit run dashboard.py`."""

import logging

import streamlit as st

from grassroots import db, project_path
from grassroots.ui import data, filters, frame, screen, signin
from grassroots.ui.text import tr

log = logging.getLogger("grassroots")

st.set_page_config(page_title="基层治理数据看板", page_icon="🏛️", layout="wide")
frame.language_switch()

PAGES = {
    "nav.section.leaders": [
        st.Page("pages/overview.py", title=tr("nav.overview"), icon="📊", url_path="home", default=True),
        # the overview's address is the app's root; a link that names it (/overview) opens it too
        st.Page("pages/overview.py", title=tr("nav.overview"), icon="📊", url_path="overview", visibility="hidden"),
        st.Page("pages/coverage.py", title=tr("nav.coverage"), icon="🗺️", url_path="coverage"),
        st.Page("pages/tickets.py", title=tr("nav.tickets"), icon="📨", url_path="tickets"),
        st.Page("pages/activities.py", title=tr("nav.activities"), icon="🎪", url_path="activities"),
        st.Page("pages/services.py", title=tr("nav.services"), icon="🧾", url_path="services"),
        st.Page("pages/volunteers.py", title=tr("nav.volunteers"), icon="🤝", url_path="volunteers"),
        st.Page("pages/centre.py", title=tr("nav.centre"), icon="🏠", url_path="centre"),
        st.Page("pages/assessment.py", title=tr("nav.assessment"), icon="🏅", url_path="assessment"),
        st.Page("pages/alerts.py", title=tr("nav.alerts"), icon="🚨", url_path="alerts"),
    ],
    "nav.section.data": [
        st.Page("pages/import_data.py", title=tr("nav.import"), icon="📥", url_path="import"),
        st.Page("pages/explorer.py", title=tr("nav.explorer"), icon="🔎", url_path="explorer"),
        st.Page("pages/metrics.py", title=tr("nav.metrics"), icon="📐", url_path="metrics"),
    ],
    "nav.section.admin": [
        st.Page("pages/admin.py", title=tr("nav.admin"), icon="🔐", url_path="admin"),
    ],
}
user = signin.current()  # None until someone signs in; the pages the role may open, hidden till then
page = st.navigation(signin.pages_for(user, PAGES), position="sidebar" if user else "hidden", expanded=True)

with frame.guard():
    if not db.resolve(None).exists():
        st.error(tr("error.no_db", path=db.resolve(None).name))
        st.stop()
    if not data.schema_current():  # made by older code: its macros would fail the pages one by one
        st.error(tr("error.old_schema", path=db.resolve(None).name))
        st.code(f"python -m grassroots migrate --db {project_path(db.resolve(None))}", language="bash")
        st.stop()
    signin.gate(user)  # the sign-in page, and a stop, until someone is signed in
    shown = filters.render()
    frame.as_of_line()
    if screen.wanted(st.query_params):
        screen.show(shown)  # the wall screen (大屏) in place of the page
    else:
        page.run()
