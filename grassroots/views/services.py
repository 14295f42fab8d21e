"""The services page's (便民服务) assembly without streamlit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots import codes, config, durations
from grassroots.cards import Card, build
from grassroots.metrics import centres
from grassroots.views.common import card_specs, declared, extended_spans_text, table

DECLARED = declared(__file__)  # the page's cards and tables: services.toml beside this file
TABLES = DECLARED["tables"]

# the page's cards: services/summary's columns, for the period and its comparison
CARDS = card_specs(DECLARED["cards"])


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


# ---- the page's tables ---------------------------------------------------------------------------
ITEM_PERCENT = ("kpi.online_share", "metric.proxy_share", "metric.home_share", "metric.satisfaction_rate")
CENTRE_PERCENT = ITEM_PERCENT[:3] + (
    "metric.tongban_share",
    "metric.service_extended_share",
    "metric.satisfaction_rate",
)


def by_channel(ch: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(ch, TABLES["by_channel"], tr, lang)


def by_category(cat: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(cat, TABLES["by_category"], tr, lang)


def by_month(month: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(month, TABLES["by_month"], tr, lang)


def hour_of_week(how: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """services/hour_of_week with the services of the chosen channel groups summed into `shown`."""
    return how.assign(shown=how[[centres.CHANNEL_GROUPS[g][0] for g in groups]].sum(axis=1))


def hour_table(how: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    days = tr("chart.weekdays").split(",")
    return table(how.assign(weekday=[days[d - 1] for d in how.dow]), TABLES["hours"], tr)


def items_table(items: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """Service items, one row per item code (centres.items_by_total), largest first."""
    return table(items, TABLES["items"], tr, lang)


def ratings_table(ratings: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    rated = ratings.assign(rating=[tr(f"svc.rating.{r}") for r in ratings.rating])
    return table(rated, TABLES["ratings"], tr)


def _durations(columns: dict, tr: Callable[..., str], unit: str | None = None) -> pd.DataFrame:
    """A table whose median and P90 columns (hours) are in one unit each (or `unit` for both), named in
    their headers."""
    return durations.tabulate(
        pd.DataFrame(columns),
        {"median_hours": tr("svc.col.median"), "p90_hours": tr("svc.col.p90")},
        lambda label, u: tr(f"unit.col.{u}", label=label),
        unit=unit,
    )


def processing_top(proc: pd.DataFrame, min_n: int, tr: Callable[..., str]) -> pd.DataFrame:
    """The 15 items finished most often (of those with at least `min_n`), their median and P90 in the
    median's unit (they share one axis)."""
    enough = proc.assign(label=centres.item_labels(proc.item_name, proc.item_code))
    enough = enough[enough.finished >= min_n].head(15)
    columns = {tr("svc.col.item"): enough.label, tr("svc.col.finished"): enough.finished}
    columns |= {"median_hours": enough.median_hours, "p90_hours": enough.p90_hours}
    return _durations(columns, tr, durations.unit_for(enough.median_hours))


def processing_all(proc: pd.DataFrame, min_n: int, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    columns = {tr("svc.col.item"): proc.item_name, tr("svc.col.item_code"): proc.item_code}
    columns |= {tr("act.col.category"): codes.series("service_category", proc.category, lang)}
    columns |= {tr("svc.col.finished"): proc.finished, "median_hours": proc.median_hours}
    columns |= {"p90_hours": proc.p90_hours, tr("svc.col.enough"): proc.finished >= min_n}
    return _durations(columns, tr)


def by_centre(frame: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    return table(frame, TABLES["centres"], tr)


def unused_table(unused: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return table(unused, TABLES["unused"], tr, lang)
