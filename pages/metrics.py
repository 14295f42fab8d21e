"""指标口径 Metric definitions: the metric catalogue (grassroots/metrics/catalogue.toml) as a table."""

import pandas as pd
import streamlit as st

from grassroots.metrics import catalogue
from grassroots.ui import downloads
from grassroots.ui.text import lang, tr

COLUMNS = ("name", "formula", "population", "unit", "direction", "group")

st.title(tr("metrics.title"))
st.caption(tr("metrics.intro"))
left, right = st.columns([1, 2])
group = left.selectbox(
    tr("metrics.group_pick"),
    [None, *catalogue.GROUPS],
    key="metrics_group",
    format_func=lambda g: tr("metrics.all") if g is None else tr(f"metrics.group.{g}"),
)
search = right.text_input(tr("metrics.search"), key="metrics_search")
rows = catalogue.table(lang(), group, search or "")
if not rows:
    st.info(tr("metrics.none"))
    st.stop()
view = pd.DataFrame(rows)[list(COLUMNS)].rename(columns={c: tr(f"metrics.col.{c}") for c in COLUMNS})
st.table(view.set_index(tr("metrics.col.name")))  # a static table: long definitions wrap
downloads.buttons(view, tr("metrics.download"), key="metrics_dl")
