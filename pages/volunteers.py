"""志愿服务 Volunteers and party members: teams, members and hours; time-bank points; party members
reporting to communities and the posts they took; the wishes they claimed.
The sections are grassroots/ui/volunteers_sections.py; their tables grassroots/views/volunteers.py."""

import streamlit as st

from grassroots import cards, views
from grassroots.ui import filters, stat_cards, volunteers_sections
from grassroots.ui.text import tr

f = filters.page("vol.title", table="volunteering")
p = f.params()

now, prev = filters.this_and_previous("volunteers/summary", f)
party, party_prev = filters.this_and_previous("volunteers/party_summary", f)

st.subheader(tr("vol.volunteering"))
stat_cards.row(cards.build(views.volunteers.CARDS, now, prev, tr), table="volunteering")
st.caption(views.volunteers.outstanding_caption(now, tr))
if now.sessions:
    volunteers_sections.volunteering(p)
else:
    st.info(tr("vol.no_volunteering"))

st.subheader(tr("vol.party"), help=tr("vol.party_help"))
stat_cards.row(cards.build(views.volunteers.PARTY_CARDS, party, party_prev, tr), per_row=4, say_outside=False)
if party.members:
    volunteers_sections.party(p)

volunteers_sections.wishes(p)
