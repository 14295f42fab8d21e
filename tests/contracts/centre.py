"""Contracts of queries/centre."""

from tests.contracts import Contract

CONTRACTS = [
    Contract(
        "centre/facts",
        {"profile_centre": "C1"},
        unique="centre_id",
        not_null="centre_id name type community_code listed_items",
    ).where(
        lambda f: len(f) == 1,
        lambda f: f.office_share.dropna().between(0, 1).all(),
    ),
    Contract("centre/facts", {"profile_centre": "no such centre"}, min_rows=0).where(
        lambda f: len(f) == 0,
    ),
]
