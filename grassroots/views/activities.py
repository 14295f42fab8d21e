"""The activities page's (活动开展) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots import codes, config, i18n
from grassroots.cards import Card, build
from grassroots.views.common import card_specs, declared, extended_spans_text, table

DECLARED = declared(__file__)  # the page's cards and tables: activities.toml beside this file
TABLES = DECLARED["tables"]

# the page's cards: activities/summary's columns, for the period and its comparison
CARDS = card_specs(DECLARED["cards"])


def cards(now, prev, with_floating: bool, cfg: config.AppConfig, tr: Callable[..., str]) -> list[Card]:
    """The page's cards from activities/summary for the period (`now`) and its comparison (`prev`);
    the rates per 1,000 are of the population `with_floating` says."""
    pop = {"pop": tr("act.pop_" + str(with_floating).lower())}
    return build(
        CARDS,
        now,
        prev,
        tr,
        {"metric_help.per_1000": pop, "metric_help.extended_share": {"spans": extended_spans_text(cfg, tr)}},
    )


# ---- the page's tables ---------------------------------------------------------------------------
CENTRE_BRIEF = ("act.col.rank", "act.col.centre", "kpi.activities", "metric.activities_per_1000")
CENTRE_PERCENT = ("metric.weekend_share", "metric.extended_share")


def population_caption(now, with_floating: bool, tr: Callable[..., str]) -> str:
    return tr(
        "act.population_caption",
        pop=f"{int(now.population):,}",
        residents=f"{int(now.residents):,}",
        floating=f"{int(now.floating):,}",
        which=tr("act.pop_" + str(with_floating).lower()),
    )


def by_category(cat: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(cat, TABLES["by_category"], tr, lang)


def by_month(month: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(month, TABLES["by_month"], tr, lang)


def by_day(days: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return table(days, TABLES["by_day"], tr)


def by_street(streets: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    """The streets, most activities per 1,000 residents first."""
    s = streets.sort_values("activities_per_1000", ascending=False, na_position="last")
    return table(s, TABLES["by_street"], tr)


def centre_table(frame: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    """Centres (ranked by centres.rank_min_n) with their activity figures."""
    return table(frame, TABLES["centres"], tr)


def partners_table(partners: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """Co-building partners (共建单位), their activities and the categories they took part in."""
    categories = [
        i18n.listing(codes.series("activity_category", str(c).split("、"), lang), lang) if isinstance(c, str) else c
        for c in partners.categories
    ]
    return table(partners.assign(categories=categories), TABLES["partners"], tr)
