"""The tabs under the coverage page's map, one function each: by street, uncovered communities, the
programmes' rollout, where next."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import charts, config, markup
from grassroots.metrics import targets
from grassroots.ui import data, downloads, widgets
from grassroots.ui.filters import Filters
from grassroots.ui.text import tr
from grassroots.views import coverage as view


def _percent(*cols: str) -> dict:
    return {tr(f"coverage.col.{c}"): st.column_config.NumberColumn(format="percent") for c in cols}


def streets(cv: view.Coverage) -> None:
    st.caption(tr("coverage.streets_help"))
    table = view.street_table(cv.result.communities, tr)
    column_config = _percent(*view.STREET_SHARES)
    st.dataframe(table, hide_index=True, key="coverage_streets_table", column_config=column_config)
    downloads.buttons(table, "coverage_by_street", key="coverage_streets")


def uncovered(cv: view.Coverage) -> None:
    st.caption(tr("coverage.uncovered_help"))
    table = view.uncovered_table(cv.result.communities, cv.in_the_works, tr)
    if table.empty:
        st.success(tr("coverage.all_covered"))
        return
    km = {tr("coverage.col.nearest_km"): st.column_config.NumberColumn(format="%.2f")}
    st.dataframe(table, hide_index=True, key="coverage_uncovered_table", column_config=km)
    downloads.buttons(table, "coverage_uncovered", key="coverage_uncovered")


def rollout(f: Filters, by_street: pd.DataFrame) -> None:
    cfg = config.app()
    progress = data.query("overview/programme_progress", f.params())
    monthly = data.query("coverage/programme_monthly", f.params())
    if monthly.empty:
        st.info(tr("coverage.no_programmes"))
    else:
        names = dict(zip(monthly["programme_id"], monthly["programme"]))
        pid = st.selectbox(
            tr("coverage.rollout_programme"),
            list(names),
            format_func=lambda k: str(names.get(k, k)),
            key="coverage_programme",
        )
        st.caption(tr("coverage.rollout_help"))
        mine = progress[progress["programme_id"] == pid].reset_index(drop=True)
        judged = mine[pd.Series([targets.judged(r) for r in mine.itertuples()], index=mine.index, dtype=bool)]
        fig = charts.coverage.programme_rollout(monthly[monthly["programme_id"] == pid], judged, tr)
        st.plotly_chart(markup.plain_figure(fig), key="coverage_programme_chart")
        if len(mine):
            light_help = tr("overview.light_help", gap=f"{cfg.yellow_gap:.0%}")
            st.markdown(f"**{tr('coverage.rollout_targets')}**", help=light_help)
            widgets.programme_table(mine, targets.lights(mine, f.as_of.date(), cfg.yellow_gap))
    st.markdown(f"**{tr('coverage.rollout_streets')}**", help=tr("coverage.rollout_streets_help"))
    if by_street.empty:
        st.info(tr("coverage.no_rollout"))
    else:
        st.plotly_chart(
            markup.plain_figure(charts.coverage.street_heatmap(by_street, tr)), key="coverage_street_heatmap"
        )


def where_next(cv: view.Coverage, sites: pd.DataFrame) -> None:
    st.number_input(
        tr("coverage.next_k"), min_value=1, max_value=50, step=1, key="coverage_k", help=tr("coverage.next_help")
    )
    if sites.empty:
        st.info(tr("coverage.next_none"))
        return
    if len(sites) < int(st.session_state["coverage_k"]):
        st.caption(tr("coverage.next_fewer", n=len(sites)))
    before, after = f"{cv.result.totals['residents_covered']:,.0f}", f"{sites['cumulative'].iloc[-1]:,.0f}"
    st.markdown(tr("coverage.next_total", n=len(sites), before=before, after=after))
    table = view.next_table(sites, tr)
    st.dataframe(table, hide_index=True, key="coverage_next_table", column_config=_percent("cumulative_share"))
    downloads.buttons(table, "coverage_where_next", key="coverage_next")
