"""The volunteers page's (志愿服务与党员报到) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots.views.common import card_specs, declared, table

DECLARED = declared(__file__)  # the page's cards and tables: volunteers.toml beside this file
TABLES = DECLARED["tables"]

# volunteering: volunteers/summary's columns, for the period and its comparison
CARDS = card_specs(DECLARED["cards"])
# party members reporting to communities (党员报到): volunteers/party_summary's columns
PARTY_CARDS = card_specs(DECLARED["party_cards"])


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
    return table(month, TABLES["by_month"], tr)


def teams_table(teams: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return table(teams, TABLES["teams"], tr)


def centre_table(by_centre: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return table(by_centre, TABLES["centres"], tr)


def community_table(comm: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(comm, TABLES["communities"], tr, lang)


def posts_table(posts: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(posts, TABLES["posts"], tr, lang)


def wishes_caption(wishes: pd.DataFrame, claimed: pd.DataFrame, tr: Callable[..., str]) -> str:
    return tr(
        "vol.wishes_caption",
        raised=f"{int(wishes.wishes.sum()):,}",
        claimed=f"{int(claimed.claimed.sum()):,}",
        party=f"{int(claimed.loc[claimed.claimer_type == '党员', 'claimed'].sum()):,}",
    )


def claimed_table(claimed: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(claimed, TABLES["claimed"], tr, lang)


def claimers_table(claimers: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """Who claimed wishes (a claiming person's name comes masked from the query: personal.toml)."""
    return table(claimers, TABLES["claimers"], tr, lang)
