"""Contracts of queries/activities: invariants that hold on any database (tests/test_query_contracts.py
runs them on tests/tiny.py and on tests/tiny_activity.py)."""

from grassroots.metrics.centres import extended_spans
from tests.contracts import OCTOBER, Contract, shares

P = {**OCTOBER, "ext_spans": extended_spans(), "with_floating": False}


# the tiny database, and tests/tiny_activity.py's, which holds rows for every query here
FIXTURES = ("tiny_db", "activity_db")

CONTRACTS = [
    Contract(
        "activities/summary", P, not_null="activities person_visits population weekend extended volunteers partners"
    ).where(
        lambda f: len(f) == 1,
        shares("weekend_share", "extended_share"),
        lambda f: (f.weekend <= f.activities).all() and (f.extended <= f.activities).all(),
        lambda f: (f.population == f.residents).all(),  # floating population not counted
        lambda f: (f.activities_per_1000.isna() | (f.population > 0)).all(),
    ),
    Contract("activities/summary", {**P, "with_floating": True}).where(
        lambda f: (f.population == f.residents + f.floating).all(),
    ),
    Contract("activities/by_category", P, unique="category", not_null="category activities").where(
        lambda f: (f.activities > 0).all(),
        lambda f: abs(f.activity_share.sum() - 1) < 1e-9,
        shares("activity_share", "visit_share"),
    ),
    Contract("activities/by_month", P, unique="month category", not_null="month category").where(
        lambda f: f.month.is_monotonic_increasing,
        lambda f: (f.activities >= 0).all(),
    ),
    Contract("activities/by_day", P, unique="date", not_null="date activities").where(
        lambda f: (f.activities > 0).all(),
    ),
    Contract("activities/by_street", P, unique="street_code", not_null="street_code activities").where(
        lambda f: f.street_code.str.len().eq(9).all(),
        lambda f: (f.activities_per_1000.isna() | (f.population > 0)).all(),
    ),
    Contract("activities/by_centre", P, unique="centre_id", not_null="centre_id centre activities").where(
        shares("weekend_share", "extended_share"),
        lambda f: f.activities.is_monotonic_decreasing,
    ),
    Contract("activities/partners", P, unique="partner", not_null="partner activities", min_rows=0).where(
        lambda f: (f.partner.str.strip() != "").all(),
    ),
]
