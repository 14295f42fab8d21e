"""The sections of the services page (便民服务), one function each, drawing the tables of
grassroots/views/services.py."""

from __future__ import annotations

import streamlit as st

from grassroots import charts, codes, config
from grassroots.metrics import centres
from grassroots.ui import chart_downloads, data
from grassroots.ui.text import default_for, in_language, lang, tr
from grassroots.views import services as view
from grassroots.views.common import headers


def percent(keys) -> dict:
    """Column settings showing the columns of `keys` (string keys of their headers) in percent."""
    return {c: st.column_config.NumberColumn(format="percent") for c in headers(keys, tr)}


def channels_and_categories(p: dict) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(tr("svc.by_channel"), help=tr("svc.by_channel_help"))
        table = view.by_channel(data.query("services/by_channel", p), tr, lang())
        fig = charts.activity.shares_pie(table, tr("svc.col.channel"), tr("kpi.services"))
        chart_downloads.chart(fig, table, tr("svc.by_channel"), key="svc_by_channel")
    with right:
        st.subheader(tr("svc.by_category"), help=tr("act.by_category_help"))
        table = view.by_category(data.query("services/by_category", p), tr, lang())
        fig = charts.activity.hbar(table, tr("act.col.category"), tr("kpi.services"))
        chart_downloads.chart(fig, table, tr("svc.by_category"), key="svc_by_category")


def by_month(p: dict) -> None:
    st.subheader(tr("svc.by_month"))
    table = view.by_month(data.query("services/by_month", p), tr, lang())
    order = codes.series("service_channel", centres.CHANNELS, lang())
    fig = charts.activity.stacked(table, tr("act.col.month"), tr("svc.col.channel"), tr("kpi.services"), order)
    chart_downloads.chart(fig, table, tr("svc.by_month"), key="svc_by_month")


def hours(p: dict) -> None:
    st.subheader(tr("svc.hours"), help=tr("svc.hours_help"))
    groups = st.pills(
        tr("svc.hours_channels"),
        list(centres.CHANNEL_GROUPS),
        selection_mode="multi",
        default=default_for("svc_hour_groups", ["window", "kiosk", "proxy"]),
        format_func=in_language(lambda g, tr: tr(f"svc.group.{g}")),
        key="svc_hour_groups",
    ) or list(centres.CHANNEL_GROUPS)
    how = view.hour_of_week(data.query("services/hour_of_week", p), groups)
    fig = charts.activity.hour_of_week(
        how.rename(columns={"shown": tr("kpi.services")}),
        tr("kpi.services"),
        centres.extended_spans(config.app()),
        tr("chart.weekdays").split(","),
        tr("chart.extended_spans"),
        tr("svc.col.hour"),
    )
    chart_downloads.chart(fig, view.hour_table(how, tr), tr("svc.hours"), key="svc_hours")
    st.caption(tr("svc.hours_caption"))


def items(p: dict) -> None:
    st.subheader(tr("svc.items"), help=tr("svc.items_help"))
    table = view.items_table(centres.items_by_total(data.query("services/by_item", p)), tr, lang())
    top = table.head(20)
    chart_downloads.chart(
        charts.activity.hbar(top, tr("svc.col.item"), tr("kpi.services")), top, tr("svc.items_top"), key="svc_items"
    )
    with st.expander(tr("svc.items_all", n=len(table))):
        st.dataframe(table, hide_index=True, column_config=percent(view.ITEM_PERCENT))
        chart_downloads.rows(table, tr("svc.items_file"), key="svc_items_all_dl")


def ratings_and_processing(p: dict, rated: int) -> None:
    min_n = config.app().min_n
    left, right = st.columns(2)
    with left:
        st.subheader(tr("svc.ratings"), help=tr("svc.satisfaction_help", rated=f"{rated:,}"))
        table = view.ratings_table(data.query("services/ratings", p), tr)
        fig = charts.activity.hbar(table, tr("svc.col.rating"), tr("kpi.services"))
        chart_downloads.chart(fig, table, tr("svc.ratings"), key="svc_ratings")
    proc = data.query("services/processing_time", p)
    with right:
        st.subheader(tr("svc.processing"), help=tr("svc.processing_help", n=min_n))
        table = view.processing_top(proc, min_n, tr)
        if table.empty:
            st.info(tr("svc.processing_none", n=min_n))
        else:
            fig = charts.activity.quantile_bars(table, tr("svc.col.item"), table.columns[2], table.columns[3])
            chart_downloads.chart(fig, table, tr("svc.processing"), key="svc_processing")
    with st.expander(tr("svc.processing_all", n=len(proc))):
        table = view.processing_all(proc, min_n, tr, lang())
        st.dataframe(table, hide_index=True)
        chart_downloads.rows(table, tr("svc.processing_file"), key="svc_processing_dl")


def by_centre(p: dict) -> None:
    st.subheader(tr("svc.by_centre"), help=tr("svc.by_centre_help"))
    frame = data.query("services/by_centre", p)
    table = view.by_centre(frame, tr)
    shares = percent(view.CENTRE_PERCENT)
    chart_downloads.centre_rows(table, frame.centre_id, tr("svc.by_centre_file"), "svc_centres", column_config=shares)


def unused(p: dict) -> None:
    found = data.titled("svc.unused", "services/unused_items", p, "svc.unused_none", say_none=st.success)
    if found is None:
        return
    centres_n = len(found.groupby(["centre_id", "centre"], sort=False).size())
    st.caption(tr("svc.unused_caption", items=len(found), centres=centres_n))
    table = view.unused_table(found, tr, lang())
    st.dataframe(table, hide_index=True, height=320)
    chart_downloads.rows(table, tr("svc.unused_file"), key="svc_unused_dl")
