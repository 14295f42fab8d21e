"""便民服务 Services: volume by item, category and channel; when people come; how satisfied they are;
which listed items nobody uses; how long each item takes; how busy each centre's staff are.
The sections are grassroots/ui/services_sections.py; their tables grassroots/views/services.py."""

import streamlit as st

from grassroots import config, views
from grassroots.ui import filters, services_sections, stat_cards
from grassroots.ui.text import tr

f = filters.page("svc.title", table="service_records")
p = f.params()
now, prev = filters.this_and_previous("services/summary", f)
stat_cards.row(views.services.cards(now, prev, config.app(), tr), table="service_records")

if not now.services:
    st.info(tr("common.no_data"))
    st.stop()

services_sections.channels_and_categories(p)
services_sections.by_month(p)
services_sections.hours(p)
services_sections.items(p)
services_sections.ratings_and_processing(p, int(now.rated))
services_sections.by_centre(p)
services_sections.unused(p)
