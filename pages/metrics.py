"""指标口径 Metric definitions: the metric catalogue (grassroots/metrics/catalogue.toml) as a table."""

import pandas as pd
import streamlit as st

from grassroots.metrics import catalogue
from grassroots.ui import downloads
from grassroots.ui.text import lang, tr

COLUMNS = ("group", "name", "formula", "population", "unit", "direction")

st.title(tr("metrics.title"))
st.caption(tr("metrics.intro"))
left, right = st.columns([1, 2])
group = left.selectbox(tr("metrics.group_pick"), [None, *catalogue.GROUPS], key="metrics_group",
                       format_func=lambda g: tr("metrics.all") if g is None else tr(f"metrics.group.{g}"))
search = right.text_input(tr("metrics.search"), key="metrics_search")
rows = catalogue.table(lang(), group, search or "")
if not rows:
    st.info(tr("metrics.none"))
    st.stop()
view = pd.DataFrame(rows)[list(COLUMNS)].rename(columns={c: tr(f"metrics.col.{c}") for c in COLUMNS})
wide = st.column_config.TextColumn(width="large")
st.dataframe(view, hide_index=True, key="metrics_table", row_height=80, column_config={
    tr("metrics.col.formula"): wide, tr("metrics.col.population"): wide})
downloads.buttons(view, tr("metrics.download"), key="metrics_dl")
