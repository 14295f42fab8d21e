"""The sections of the activities page (活动开展), one function each, drawing the tables of
grassroots/views/activities.py."""

from __future__ import annotations

import streamlit as st

from grassroots import charts, codes, config
from grassroots.metrics import centres
from grassroots.ui import chart_downloads, data, links
from grassroots.ui.filters import Filters
from grassroots.ui.services_sections import percent
from grassroots.ui.text import lang, tr
from grassroots.views import activities as view
from grassroots.views.common import headers


def categories_and_months(p: dict) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(tr("act.by_category"), help=tr("act.by_category_help"))
        table = view.by_category(data.query("activities/by_category", p), tr, lang())
        fig = charts.activity.bars_with_line(
            table, tr("act.col.category"), tr("kpi.activities"), tr("kpi.person_visits")
        )
        chart_downloads.chart(fig, table, tr("act.by_category"), key="act_by_category")
    with right:
        st.subheader(tr("act.by_month"))
        table = view.by_month(data.query("activities/by_month", p), tr, lang())
        order = codes.series("activity_category", centres.CATEGORIES, lang())
        fig = charts.activity.stacked(table, tr("act.col.month"), tr("act.col.category"), tr("kpi.activities"), order)
        chart_downloads.chart(fig, table, tr("act.by_month"), key="act_by_month")


def calendar(p: dict, f: Filters) -> None:
    st.subheader(tr("act.calendar"), help=tr("act.calendar_help"))
    table = view.by_day(data.query("activities/by_day", p), tr)
    days = tr("chart.weekdays").split(",")
    fig = charts.activity.calendar(table, tr("act.col.date"), tr("kpi.activities"), f.window.start, f.window.end, days)
    chart_downloads.chart(fig, table, tr("act.calendar"), key="act_calendar")


def streets(p: dict, with_floating: bool) -> None:
    st.subheader(tr("act.by_street"), help=tr("metric_help.per_1000", pop=tr("act.pop_" + str(with_floating).lower())))
    table = view.by_street(data.query("activities/by_street", p), tr)
    fig = charts.activity.hbar(table, tr("act.col.street"), tr("metric.activities_per_1000"), fmt=",.2f")
    chart_downloads.chart(fig, table, tr("act.by_street"), key="act_by_street")


def ranking(p: dict) -> None:
    min_n = config.app().min_n
    st.subheader(tr("act.ranking"), help=tr("act.ranking_help", n=min_n))
    ranked = centres.rank_min_n(data.query("activities/by_centre", p), "activities_per_1000", "activities", min_n)
    good = ranked[ranked.ranked]
    if good.empty:
        st.info(tr("act.none_ranked", n=min_n))
    brief = headers(view.CENTRE_BRIEF, tr)
    narrow = dict(
        zip(
            brief,
            [
                st.column_config.NumberColumn(width=48),
                st.column_config.TextColumn(width=190),
                st.column_config.NumberColumn(width=72),
                st.column_config.NumberColumn(format="%.2f", width=96),
            ],
        )
    )
    for col, title, rows_, key in zip(
        st.columns(2),
        ("act.most_active", "act.least_active"),
        (good.head(5), good.tail(5).iloc[::-1]),
        ("top", "bottom"),
    ):
        with col:
            st.markdown(f"**{tr(title)}**")
            links.centre_table(
                view.centre_table(rows_, tr)[brief], rows_.centre_id, key=f"act_{key}", column_config=narrow
            )
    unranked = ranked[~ranked.ranked]
    if len(unranked):
        st.caption(tr("act.not_ranked", n=min_n, k=len(unranked)))
    with st.expander(tr("act.all_centres", n=len(ranked))):
        table = view.centre_table(ranked, tr)
        shares = percent(view.CENTRE_PERCENT)
        chart_downloads.centre_rows(
            table, ranked.centre_id, tr("act.all_centres_file"), "act_all_centres", column_config=shares
        )


def partners(p: dict) -> None:
    found = data.titled("act.partners_title", "activities/partners", p, "act.no_partners")
    if found is None:
        return
    table = view.partners_table(found, tr, lang())
    top = table.head(15)
    fig = charts.activity.hbar(top, tr("act.col.partner"), tr("kpi.activities"))
    chart_downloads.chart(fig, top, tr("act.partners_top"), key="act_partners")
    with st.expander(tr("act.partners_all", n=len(table))):
        st.dataframe(table, hide_index=True)
