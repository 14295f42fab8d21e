"""The volunteers page's (志愿服务与党员报到) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots import codes
from grassroots.cards import Spec
from grassroots.views.common import labelled

# volunteering: volunteers/summary's columns, for the period and its comparison
CARDS = (
    Spec("teams", "vol.teams", "count", "vol.teams_help"),
    Spec("volunteers", "metric.volunteers", "count", "vol.volunteers_help"),
    Spec("hours", "metric.volunteer_hours", "number", "vol.hours_help"),
    Spec("hours_per_volunteer", "vol.hours_per_volunteer", "number", "vol.hours_per_volunteer_help"),
    Spec("sessions", "vol.sessions", "count", "vol.sessions_help"),
    Spec("points_earned", "vol.points_earned", "count", "vol.points_earned_help"),
    Spec("points_redeemed", "vol.points_redeemed", "count", "vol.points_redeemed_help"),
    Spec("outstanding_end", "vol.outstanding", "count", "vol.outstanding_help", higher_is_better=None, compare=False),
)
# party members reporting to communities (党员报到): volunteers/party_summary's columns
PARTY_CARDS = (
    Spec("members", "vol.members", "count", metric="party_members"),
    Spec("new_members", "vol.new_members", "count", metric="new_party_members"),
    Spec("organisations", "vol.organisations", "count", "vol.organisations_help"),
    Spec("communities", "vol.communities", "count", "vol.communities_help"),
)


def outstanding_caption(now, tr: Callable[..., str]) -> str:
    """The time bank's points: at the start, earned, redeemed, at the end."""
    return tr(
        "vol.outstanding_caption",
        start=f"{now.outstanding_start:,.0f}",
        earned=f"{now.points_earned:,.0f}",
        redeemed=f"{now.points_redeemed:,.0f}",
        end=f"{now.outstanding_end:,.0f}",
    )


def by_month(month: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return labelled(
        [
            ("act.col.month", pd.to_datetime(month.month).dt.strftime("%Y-%m")),
            ("metric.volunteers", month.volunteers),
            ("metric.volunteer_hours", month.hours),
            ("vol.points_earned", month.points_earned),
            ("vol.points_redeemed", month.points_redeemed),
            ("vol.outstanding", month.outstanding_end),
        ],
        tr,
    )


def teams_table(teams: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return labelled(
        [
            ("vol.col.team", teams.team),
            ("act.col.centre", teams.centre),
            ("metric.volunteers", teams.volunteers),
            ("vol.sessions", teams.sessions),
            ("metric.volunteer_hours", teams.hours),
            ("vol.hours_per_volunteer", teams.hours_per_volunteer.round(2)),
            ("vol.points_earned", teams.points_earned),
            ("vol.points_redeemed", teams.points_redeemed),
            ("vol.outstanding", teams.outstanding_end),
        ],
        tr,
    )


def centre_table(by_centre: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return labelled(
        [
            ("act.col.centre", by_centre.centre),
            ("vol.teams", by_centre.teams),
            ("metric.volunteers", by_centre.volunteers),
            ("metric.volunteer_hours", by_centre.volunteer_hours),
            ("vol.points_earned", by_centre.points_earned),
            ("vol.points_redeemed", by_centre.points_redeemed),
            ("vol.outstanding", by_centre.outstanding_end),
        ],
        tr,
    )


def community_table(comm: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return labelled(
        [
            ("vol.col.community", comm.community),
            ("act.col.street", comm.street),
            ("vol.members", comm.members),
            ("vol.new_members", comm.new_members),
            ("vol.col.per_1000", comm.members_per_1000.round(2)),
            ("vol.organisations", comm.organisations),
            ("vol.col.top_post", codes.series("party_post", comm.top_post, lang)),
        ],
        tr,
    )


def posts_table(posts: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return labelled(
        [
            ("vol.col.post", codes.series("party_post", posts.post, lang)),
            ("vol.members", posts.members),
            ("vol.new_members", posts.new_members),
            ("svc.col.share", posts.share.round(4)),
        ],
        tr,
    )


def wishes_caption(wishes: pd.DataFrame, claimed: pd.DataFrame, tr: Callable[..., str]) -> str:
    return tr(
        "vol.wishes_caption",
        raised=f"{int(wishes.wishes.sum()):,}",
        claimed=f"{int(claimed.claimed.sum()):,}",
        party=f"{int(claimed.loc[claimed.claimer_type == '党员', 'claimed'].sum()):,}",
    )


def claimed_table(claimed: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return labelled(
        [
            ("vol.col.claimer_type", codes.series("claimer_type", claimed.claimer_type, lang)),
            ("vol.col.claimed", claimed.claimed),
            ("vol.col.fulfilled", claimed.fulfilled),
            ("svc.col.share", claimed.claim_share.round(4)),
            ("vol.col.fulfilment_rate", claimed.fulfilment_rate.round(4)),
        ],
        tr,
    )


def claimers_table(claimers: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """Who claimed wishes (a claiming person's name comes masked from the query: personal.toml)."""
    return labelled(
        [
            ("vol.col.claimed_by", claimers.claimed_by),
            ("vol.col.claimer_type", codes.series("claimer_type", claimers.claimer_type, lang)),
            ("vol.col.claimed", claimers.claimed),
            ("vol.col.fulfilled", claimers.fulfilled),
            ("vol.col.communities", claimers.communities),
        ],
        tr,
    )
