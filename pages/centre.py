"""中心画像 Centre profile: one centre's facts, every metric of the period beside the median of its
peers (centres of the same type), and its trend. Opened from any table or the map via
grassroots.ui.links.open_centre. The sections are grassroots/ui/centre_sections.py; what they show is
assembled in grassroots/views/centre.py."""

import pandas as pd
import streamlit as st

from grassroots import codes, config, markup
from grassroots.ui import centre_sections, data, filters, links
from grassroots.ui.text import in_language, lang, tr, tr_md

f = filters.current()
cfg = config.app()
st.title(tr("centre.title"))

every = f.scope.rows(data.query("common/centres"))  # a link naming a centre outside the user's scope finds nothing
if every.empty:
    st.info(tr("centre.no_centres"))
    st.stop()
names = dict(zip(every.centre_id, every.name))
pool = every[every.community_code.str.startswith(f.region)]
if f.centre_type:
    pool = pool[pool.type == f.centre_type]
if f.pilot_batch:
    pool = pool[pool.pilot_batch == f.pilot_batch]
options = pool.centre_id.tolist()
chosen = st.session_state.get(links.PROFILE_KEY)
if chosen not in names:
    chosen = f.centre_id or (options[0] if options else every.centre_id.iloc[0])
    st.session_state[links.PROFILE_KEY] = chosen
if chosen not in options:
    options = [chosen] + options  # opened from elsewhere: keep it even outside the filters
cid = st.selectbox(
    tr("centre.pick"),
    options,
    key=links.PROFILE_KEY,
    bind="query-params",
    format_func=in_language(lambda c, tr: names.get(c, c)),
    help=tr("centre.pick_help"),
)

facts = data.query("centre/facts", {"profile_centre": cid})
if facts.empty:
    st.warning(tr_md("centre.unknown", centre=cid))
    st.stop()
c = facts.iloc[0]
ctype = codes.label("centre_type", c.type, lang())
st.caption(
    " · ".join(markup.md(x) for x in (c.district, c.street, c.community, ctype) if pd.notna(x))
    + f" · {f.window.text()}"
)

centre_sections.facts(c)
centre_sections.vs_peers(f, c, cid, ctype)
centre_sections.trend(f, c, cid)
centre_sections.items(f, c, cid)
