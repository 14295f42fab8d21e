"""Contracts of queries/services and the month-grain service rollups: invariants that hold on any
database (tests/test_query_contracts.py runs them on tests/tiny.py and on tests/tiny_activity.py)."""

from tests.contracts import OCTOBER, Contract, shares

P = OCTOBER


# the tiny database, and tests/tiny_activity.py's, which holds rows for every query here
FIXTURES = ("tiny_db", "activity_db")

CONTRACTS = [
    Contract(
        "services/summary",
        params=P,
        not_null=("services", "online", "rated", "satisfied", "staff"),
        checks=(
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
    ),
    Contract(
        "services/by_channel",
        params=P,
        unique=("channel",),
        not_null=("channel", "services"),
        checks=(lambda f: abs(f.share.sum() - 1) < 1e-9, shares("extended_share", "tongban_share")),
    ),
    Contract(
        "services/by_month",
        params=P,
        unique=("month", "channel"),
        not_null=("month", "channel", "services"),
        checks=(lambda f: (f.satisfied <= f.rated).all(),),
    ),
    Contract(
        "services/by_item",
        params=P,
        unique=("item_code",),
        not_null=("item_code", "item_name", "services"),
        checks=(
            shares("online_share", "proxy_share", "home_share", "finished_share", "satisfaction_rate"),
            lambda f: f.services.is_monotonic_decreasing,
            lambda f: (f.centres_serving >= 1).all(),
        ),
    ),
    Contract(
        "services/by_category",
        params=P,
        unique=("category",),
        not_null=("category", "services"),
        checks=(lambda f: abs(f.share.sum() - 1) < 1e-9,),
    ),
    Contract(
        "services/ratings",
        params=P,
        unique=("rating",),
        not_null=("rating", "services"),
        checks=(lambda f: list(f.rating) == [5, 4, 3, 2, 1],),
    ),
    Contract(
        "services/hour_of_week",
        params=P,
        unique=("dow", "hour"),
        not_null=("dow", "hour", "n"),
        checks=(
            lambda f: len(f) == 168,
            lambda f: (f.n == f.n_window + f.n_online + f.n_kiosk + f.n_proxy + f.n_home).all(),
        ),
    ),
    Contract(
        "services/by_centre",
        params=P,
        unique=("centre_id",),
        not_null=("centre_id", "services", "listed_items"),
        checks=(
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
    ),
    Contract(
        "services/unused_items",
        params=P,
        unique=("centre_id", "item_code"),
        not_null=("centre_id", "item_code", "item_name"),
        min_rows=0,
    ),
    Contract(
        "services/processing_time",
        params=P,
        unique=("item_code",),
        not_null=("item_code", "finished"),
        min_rows=0,
        checks=(lambda f: (f.median_hours <= f.p90_hours).all() and (f.median_hours >= 0).all(),),
    ),
]
