"""The services page's (便民服务) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

from grassroots import config
from grassroots.cards import Card, Spec, build
from grassroots.views.common import extended_spans_text

# the page's cards: services/summary's columns, for the period and its comparison
CARDS = (
    Spec("services", "kpi.services", "count", metric="services"),
    Spec("online_share", "kpi.online_share", "percent", metric="online_share"),
    Spec("proxy_share", "metric.proxy_share", "percent", "svc.proxy_help", higher_is_better=None),
    Spec("home_share", "metric.home_share", "percent", "svc.home_help", higher_is_better=None),
    Spec("tongban_share", "metric.tongban_share", "percent", "svc.tongban_help"),
    Spec("extended_share", "metric.service_extended_share", "percent", "svc.extended_help"),
    Spec("satisfaction_rate", "metric.satisfaction_rate", "percent", "svc.satisfaction_help"),
    Spec("avg_rating", "svc.avg_rating", "rating", "svc.avg_rating_help"),
    Spec("services_per_staff", "metric.services_per_staff", "per_staff", "svc.per_staff_help"),
    Spec("finished_share", "svc.finished_share", "percent", "svc.finished_help"),
)


def cards(now, prev, cfg: config.AppConfig, tr: Callable[..., str]) -> list[Card]:
    """The page's cards from services/summary for the period (`now`) and its comparison (`prev`)."""
    return build(
        CARDS,
        now,
        prev,
        tr,
        {
            "svc.extended_help": {"spans": extended_spans_text(cfg, tr)},
            "svc.satisfaction_help": {"rated": f"{int(now['rated']):,}"},
            "svc.per_staff_help": {"staff": f"{int(now['staff']):,}", "centres": f"{int(now['centres_serving']):,}"},
        },
    )
