"""The activities page's (活动开展) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

from grassroots import config
from grassroots.cards import Card, Spec, build
from grassroots.views.common import extended_spans_text

# the page's cards: activities/summary's columns, for the period and its comparison
CARDS = (
    Spec("activities", "kpi.activities", "count", metric="activities"),
    Spec("person_visits", "kpi.person_visits", "count", metric="person_visits"),
    Spec("activities_per_1000", "metric.activities_per_1000", "per_1000", "metric_help.per_1000"),
    Spec("visits_per_1000", "metric.visits_per_1000", "per_1000", "metric_help.per_1000"),
    Spec("visits_per_activity", "act.visits_per_activity", "per_staff", "act.visits_per_activity_help"),
    Spec("weekend_share", "metric.weekend_share", "percent", "metric_help.weekend_share"),
    Spec("extended_share", "metric.extended_share", "percent", "metric_help.extended_share"),
    Spec("volunteers", "metric.activity_volunteers", "count", "metric_help.activity_volunteers"),
    Spec("partners", "act.partners", "count", "act.partners_help"),
    Spec("centres_active", "act.centres_active", "count", "act.centres_active_help"),
)


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
