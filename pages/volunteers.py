"""志愿服务 Volunteers and party members: teams, members and hours; time-bank points; party members
reporting to communities and the posts they took; the wishes they claimed."""

import pandas as pd
import streamlit as st

from grassroots import charts_activity as charts
from grassroots import codes
from grassroots.metrics import catalogue
from grassroots.ui import data, filters, links, stat_cards
from grassroots.ui.chart_downloads import chart, rows
from grassroots.ui.text import lang, tr

f = filters.current()
st.title(tr("vol.title"))
st.caption(f.describe())
p = f.params()

now = data.query("volunteers/summary", p).iloc[0]
prev = data.query("volunteers/summary", f.params(f.previous)).iloc[0]
party = data.query("volunteers/party_summary", p).iloc[0]
party_prev = data.query("volunteers/party_summary", f.params(f.previous)).iloc[0]

st.subheader(tr("vol.volunteering"))
stat_cards.row(
    [
        dict(label=tr("vol.teams"), value=now.teams, kind="count", previous=prev.teams, help=tr("vol.teams_help")),
        dict(
            label=tr("metric.volunteers"),
            value=now.volunteers,
            kind="count",
            previous=prev.volunteers,
            help=tr("vol.volunteers_help"),
        ),
        dict(
            label=tr("metric.volunteer_hours"),
            value=now.hours,
            kind="number",
            previous=prev.hours,
            help=tr("vol.hours_help"),
        ),
        dict(
            label=tr("vol.hours_per_volunteer"),
            value=now.hours_per_volunteer,
            kind="number",
            previous=prev.hours_per_volunteer,
            help=tr("vol.hours_per_volunteer_help"),
        ),
        dict(
            label=tr("vol.sessions"),
            value=now.sessions,
            kind="count",
            previous=prev.sessions,
            help=tr("vol.sessions_help"),
        ),
        dict(
            label=tr("vol.points_earned"),
            value=now.points_earned,
            kind="count",
            previous=prev.points_earned,
            help=tr("vol.points_earned_help"),
        ),
        dict(
            label=tr("vol.points_redeemed"),
            value=now.points_redeemed,
            kind="count",
            previous=prev.points_redeemed,
            help=tr("vol.points_redeemed_help"),
        ),
        dict(
            label=tr("vol.outstanding"),
            value=now.outstanding_end,
            kind="count",
            help=tr("vol.outstanding_help"),
            higher_is_better=None,
        ),
    ]
)
st.caption(
    tr(
        "vol.outstanding_caption",
        start=f"{now.outstanding_start:,.0f}",
        earned=f"{now.points_earned:,.0f}",
        redeemed=f"{now.points_redeemed:,.0f}",
        end=f"{now.outstanding_end:,.0f}",
    )
)

if now.sessions:
    st.subheader(tr("vol.by_month"), help=tr("vol.by_month_help"))
    month = data.query("volunteers/by_month", p)
    view = pd.DataFrame(
        {
            tr("act.col.month"): pd.to_datetime(month.month).dt.strftime("%Y-%m"),
            tr("metric.volunteers"): month.volunteers,
            tr("metric.volunteer_hours"): month.hours,
            tr("vol.points_earned"): month.points_earned,
            tr("vol.points_redeemed"): month.points_redeemed,
            tr("vol.outstanding"): month.outstanding_end,
        }
    )
    chart(
        charts.lines(
            view,
            tr("act.col.month"),
            [tr("metric.volunteer_hours"), tr("vol.points_redeemed")],
            [tr("vol.outstanding")],
        ),
        view,
        tr("vol.by_month"),
        key="vol_by_month",
    )

    left, right = st.columns(2)
    with left:
        st.subheader(tr("vol.teams_title"), help=tr("vol.teams_help"))
        teams = data.query("volunteers/by_team", p)
        view = pd.DataFrame(
            {
                tr("vol.col.team"): teams.team,
                tr("act.col.centre"): teams.centre,
                tr("metric.volunteers"): teams.volunteers,
                tr("vol.sessions"): teams.sessions,
                tr("metric.volunteer_hours"): teams.hours,
                tr("vol.hours_per_volunteer"): teams.hours_per_volunteer.round(2),
                tr("vol.points_earned"): teams.points_earned,
                tr("vol.points_redeemed"): teams.points_redeemed,
                tr("vol.outstanding"): teams.outstanding_end,
            }
        )
        top = view.head(15)
        chart(
            charts.hbar(top, tr("vol.col.team"), tr("metric.volunteer_hours"), fmt=",.1f"),
            top,
            tr("vol.teams_top"),
            key="vol_teams",
        )
        with st.expander(tr("vol.teams_all", n=len(view))):
            st.dataframe(view, hide_index=True)
            rows(view, tr("vol.teams_file"), key="vol_teams_dl")
    with right:
        st.subheader(tr("vol.by_centre"), help=tr("vol.by_centre_help"))
        by_centre = data.query("volunteers/by_centre", p)
        view = pd.DataFrame(
            {
                tr("act.col.centre"): by_centre.centre,
                tr("vol.teams"): by_centre.teams,
                tr("metric.volunteers"): by_centre.volunteers,
                tr("metric.volunteer_hours"): by_centre.volunteer_hours,
                tr("vol.points_earned"): by_centre.points_earned,
                tr("vol.points_redeemed"): by_centre.points_redeemed,
                tr("vol.outstanding"): by_centre.outstanding_end,
            }
        )
        links.centre_table(view, by_centre.centre_id, key="vol_centres", height=420)
        rows(
            view.assign(**{codes.column_label(None, "centre_id", lang()): by_centre.centre_id.values}),
            tr("vol.by_centre_file"),
            key="vol_centres_dl",
        )
else:
    st.info(tr("vol.no_volunteering"))

st.subheader(tr("vol.party"), help=tr("vol.party_help"))
stat_cards.row(
    [
        dict(
            label=tr("vol.members"),
            value=party.members,
            kind="count",
            previous=party_prev.members,
            help=catalogue.get("party_members").help(),
        ),
        dict(
            label=tr("vol.new_members"),
            value=party.new_members,
            kind="count",
            previous=party_prev.new_members,
            help=catalogue.get("new_party_members").help(),
        ),
        dict(
            label=tr("vol.organisations"),
            value=party.organisations,
            kind="count",
            previous=party_prev.organisations,
            help=tr("vol.organisations_help"),
        ),
        dict(
            label=tr("vol.communities"),
            value=party.communities,
            kind="count",
            previous=party_prev.communities,
            help=tr("vol.communities_help"),
        ),
    ],
    per_row=4,
)
if party.members:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('vol.by_community')}**")
        comm = data.query("volunteers/party_by_community", p)
        view = pd.DataFrame(
            {
                tr("vol.col.community"): comm.community,
                tr("act.col.street"): comm.street,
                tr("vol.members"): comm.members,
                tr("vol.new_members"): comm.new_members,
                tr("vol.col.per_1000"): comm.members_per_1000.round(2),
                tr("vol.organisations"): comm.organisations,
                tr("vol.col.top_post"): codes.series("party_post", comm.top_post, lang()),
            }
        )
        top = view.head(20)
        chart(
            charts.hbar(top, tr("vol.col.community"), tr("vol.members")),
            top,
            tr("vol.by_community_top"),
            key="vol_party_comm",
        )
        with st.expander(tr("vol.by_community_all", n=len(view))):
            st.dataframe(view, hide_index=True)
            rows(view, tr("vol.by_community_file"), key="vol_party_comm_dl")
    with right:
        st.markdown(f"**{tr('vol.posts')}**")
        posts = data.query("volunteers/party_posts", p)
        view = pd.DataFrame(
            {
                tr("vol.col.post"): codes.series("party_post", posts.post, lang()),
                tr("vol.members"): posts.members,
                tr("vol.new_members"): posts.new_members,
                tr("svc.col.share"): posts.share.round(4),
            }
        )
        chart(charts.hbar(view, tr("vol.col.post"), tr("vol.members")), view, tr("vol.posts"), key="vol_posts")

st.subheader(tr("vol.wishes"), help=tr("vol.wishes_help"))
wishes = data.query("volunteers/wishes_claimed", p)
claimed = wishes[wishes.claimer_type != ""]
if claimed.empty:
    st.info(tr("vol.no_wishes"))
else:
    total = int(wishes.wishes.sum())
    st.caption(
        tr(
            "vol.wishes_caption",
            raised=f"{total:,}",
            claimed=f"{int(claimed.claimed.sum()):,}",
            party=f"{int(claimed.loc[claimed.claimer_type == '党员', 'claimed'].sum()):,}",
        )
    )
    left, right = st.columns(2)
    with left:
        view = pd.DataFrame(
            {
                tr("vol.col.claimer_type"): codes.series("claimer_type", claimed.claimer_type, lang()),
                tr("vol.col.claimed"): claimed.claimed,
                tr("vol.col.fulfilled"): claimed.fulfilled,
                tr("svc.col.share"): claimed.claim_share.round(4),
                tr("vol.col.fulfilment_rate"): claimed.fulfilment_rate.round(4),
            }
        )
        chart(
            charts.hbar(view, tr("vol.col.claimer_type"), tr("vol.col.claimed")),
            view,
            tr("vol.wishes"),
            key="vol_wishes",
        )
    with right:
        claimers = data.query("volunteers/wish_claimers", p)  # a claiming person's name masked (personal.toml)
        view = pd.DataFrame(
            {
                tr("vol.col.claimed_by"): claimers.claimed_by,
                tr("vol.col.claimer_type"): codes.series("claimer_type", claimers.claimer_type, lang()),
                tr("vol.col.claimed"): claimers.claimed,
                tr("vol.col.fulfilled"): claimers.fulfilled,
                tr("vol.col.communities"): claimers.communities,
            }
        )
        st.markdown(f"**{tr('vol.claimers')}**")
        st.dataframe(view, hide_index=True, height=300)
        rows(view, tr("vol.claimers_file"), key="vol_claimers_dl")
