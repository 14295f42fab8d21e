"""The sections of the volunteers page (志愿服务), one function each, drawing the tables of
grassroots/views/volunteers.py."""

from __future__ import annotations

import streamlit as st

from grassroots import charts
from grassroots.ui import chart_downloads, data
from grassroots.ui.text import lang, tr
from grassroots.views import volunteers as view


def _top_and_all(table, label: str, value: str, name: str, key: str, n: int, **bars) -> None:
    """The first `n` rows as bars, all of them in an expander with their download."""
    top = table.head(n)
    fig = charts.activity.hbar(top, tr(label), tr(value), **bars)
    chart_downloads.chart(fig, top, tr(f"{name}_top"), key=key)
    with st.expander(tr(f"{name}_all", n=len(table))):
        st.dataframe(table, hide_index=True)
        chart_downloads.rows(table, tr(f"{name}_file"), key=f"{key}_dl")


def volunteering(p: dict) -> None:
    st.subheader(tr("vol.by_month"), help=tr("vol.by_month_help"))
    table = view.by_month(data.query("volunteers/by_month", p), tr)
    left_axis = [tr("metric.volunteer_hours"), tr("vol.points_redeemed")]
    fig = charts.activity.lines(table, tr("act.col.month"), left_axis, [tr("vol.outstanding")])
    chart_downloads.chart(fig, table, tr("vol.by_month"), key="vol_by_month")
    left, right = st.columns(2)
    with left:
        st.subheader(tr("vol.teams_title"), help=tr("vol.teams_help"))
        table = view.teams_table(data.query("volunteers/by_team", p), tr)
        _top_and_all(table, "vol.col.team", "metric.volunteer_hours", "vol.teams", "vol_teams", 15, fmt=",.1f")
    with right:
        st.subheader(tr("vol.by_centre"), help=tr("vol.by_centre_help"))
        by_centre = data.query("volunteers/by_centre", p)
        table = view.centre_table(by_centre, tr)
        chart_downloads.centre_rows(table, by_centre.centre_id, tr("vol.by_centre_file"), "vol_centres", height=420)


def party(p: dict) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('vol.by_community')}**")
        table = view.community_table(data.query("volunteers/party_by_community", p), tr, lang())
        _top_and_all(table, "vol.col.community", "vol.members", "vol.by_community", "vol_party_comm", 20)
    with right:
        st.markdown(f"**{tr('vol.posts')}**")
        table = view.posts_table(data.query("volunteers/party_posts", p), tr, lang())
        fig = charts.activity.hbar(table, tr("vol.col.post"), tr("vol.members"))
        chart_downloads.chart(fig, table, tr("vol.posts"), key="vol_posts")


def wishes(p: dict) -> None:
    st.subheader(tr("vol.wishes"), help=tr("vol.wishes_help"))
    found = data.query("volunteers/wishes_claimed", p)
    claimed = found[found.claimer_type != ""]
    if claimed.empty:
        st.info(tr("vol.no_wishes"))
        return
    st.caption(view.wishes_caption(found, claimed, tr))
    left, right = st.columns(2)
    with left:
        table = view.claimed_table(claimed, tr, lang())
        fig = charts.activity.hbar(table, tr("vol.col.claimer_type"), tr("vol.col.claimed"))
        chart_downloads.chart(fig, table, tr("vol.wishes"), key="vol_wishes")
    with right:
        claimers = data.query("volunteers/wish_claimers", p)
        table = view.claimers_table(claimers, tr, lang())
        st.markdown(f"**{tr('vol.claimers')}**")
        st.dataframe(table, hide_index=True, height=300)
        chart_downloads.rows(table, tr("vol.claimers_file"), key="vol_claimers_dl")
