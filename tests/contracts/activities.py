"""Contracts of queries/activities: invariants that hold on any database (tests/test_query_contracts.py
runs them on tests/tiny.py and on tests/tiny_activity.py)."""

from grassroots.metrics.centres import extended_spans
from tests.contracts import OCTOBER, Contract, shares

P = {**OCTOBER, "ext_spans": extended_spans(), "with_floating": False}


# the tiny database, and tests/tiny_activity.py's, which holds rows for every query here
FIXTURES = ("tiny_db", "activity_db")

CONTRACTS = [
    Contract(
        "activities/summary",
        params=P,
        not_null=("activities", "person_visits", "population", "weekend", "extended", "volunteers", "partners"),
        checks=(
            lambda f: len(f) == 1,
            shares("weekend_share", "extended_share"),
            lambda f: (f.weekend <= f.activities).all() and (f.extended <= f.activities).all(),
            lambda f: (f.population == f.residents).all(),  # floating population not counted
            lambda f: (f.activities_per_1000.isna() | (f.population > 0)).all(),
        ),
    ),
    Contract(
        "activities/summary",
        params={**P, "with_floating": True},
        checks=(lambda f: (f.population == f.residents + f.floating).all(),),
    ),
    Contract(
        "activities/by_category",
        params=P,
        unique=("category",),
        not_null=("category", "activities"),
        checks=(
            lambda f: (f.activities > 0).all(),
            lambda f: abs(f.activity_share.sum() - 1) < 1e-9,
            shares("activity_share", "visit_share"),
        ),
    ),
    Contract(
        "activities/by_month",
        params=P,
        unique=("month", "category"),
        not_null=("month", "category"),
        checks=(lambda f: f.month.is_monotonic_increasing, lambda f: (f.activities >= 0).all()),
    ),
    Contract(
        "activities/by_day",
        params=P,
        unique=("date",),
        not_null=("date", "activities"),
        checks=(lambda f: (f.activities > 0).all(),),
    ),
    Contract(
        "activities/by_street",
        params=P,
        unique=("street_code",),
        not_null=("street_code", "activities"),
        checks=(
            lambda f: f.street_code.str.len().eq(9).all(),
            lambda f: (f.activities_per_1000.isna() | (f.population > 0)).all(),
        ),
    ),
    Contract(
        "activities/by_centre",
        params=P,
        unique=("centre_id",),
        not_null=("centre_id", "centre", "activities"),
        checks=(shares("weekend_share", "extended_share"), lambda f: f.activities.is_monotonic_decreasing),
    ),
    Contract(
        "activities/partners",
        params=P,
        unique=("partner",),
        not_null=("partner", "activities"),
        min_rows=0,
        checks=(lambda f: (f.partner.str.strip() != "").all(),),
    ),
]
