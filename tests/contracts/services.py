"""Contracts of queries/services and the month-grain service rollups: invariants that hold on any
database (tests/test_query_contracts.py runs them on tests/tiny.py and on tests/tiny_activity.py)."""

from tests.contracts import OCTOBER, Contract, shares

P = OCTOBER


# the tiny database, and tests/tiny_activity.py's, which holds rows for every query here
FIXTURES = ("tiny_db", "activity_db")

CONTRACTS = [
    Contract("services/summary", P, not_null="services online rated satisfied staff").where(
        lambda f: len(f) == 1,
        shares(
            "online_share",
            "proxy_share",
            "home_share",
            "tongban_share",
            "extended_share",
            "finished_share",
            "satisfaction_rate",
        ),
        lambda f: (f.satisfied <= f.rated).all() and (f.rated <= f.services).all(),
        lambda f: f.avg_rating.dropna().between(1, 5).all(),
    ),
    Contract("services/by_channel", P, unique="channel", not_null="channel services").where(
        lambda f: abs(f.share.sum() - 1) < 1e-9,
        shares("extended_share", "tongban_share"),
    ),
    Contract("services/by_month", P, unique="month channel", not_null="month channel services").where(
        lambda f: (f.satisfied <= f.rated).all(),
    ),
    Contract("services/by_item", P, unique="item_code", not_null="item_code item_name services").where(
        shares("online_share", "proxy_share", "home_share", "finished_share", "satisfaction_rate"),
        lambda f: f.services.is_monotonic_decreasing,
        lambda f: (f.centres_serving >= 1).all(),
    ),
    Contract("services/by_category", P, unique="category", not_null="category services").where(
        lambda f: abs(f.share.sum() - 1) < 1e-9,
    ),
    Contract("services/ratings", P, unique="rating", not_null="rating services").where(
        lambda f: list(f.rating) == [5, 4, 3, 2, 1],
    ),
    Contract("services/hour_of_week", P, unique="dow hour", not_null="dow hour n").where(
        lambda f: len(f) == 168,
        lambda f: (f.n == f.n_window + f.n_online + f.n_kiosk + f.n_proxy + f.n_home).all(),
    ),
    Contract("services/by_centre", P, unique="centre_id", not_null="centre_id services listed_items").where(
        shares(
            "online_share",
            "proxy_share",
            "home_share",
            "tongban_share",
            "service_extended_share",
            "satisfaction_rate",
            "unused_share",
        ),
        lambda f: (f.used_items <= f.listed_items).all(),
    ),
    Contract(
        "services/unused_items", P, unique="centre_id item_code", not_null="centre_id item_code item_name", min_rows=0
    ),
    Contract("services/processing_time", P, unique="item_code", not_null="item_code finished", min_rows=0).where(
        lambda f: (f.median_hours <= f.p90_hours).all() and (f.median_hours >= 0).all(),
    ),
]
