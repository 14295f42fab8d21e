"""Contracts of queries/volunteers: invariants that hold on any database (tests/test_query_contracts.py
runs them on tests/tiny.py and on tests/tiny_activity.py)."""

from tests.contracts import OCTOBER, Contract

P = OCTOBER

# the tiny database, and tests/tiny_activity.py's, which holds rows for every query here
FIXTURES = ("tiny_db", "activity_db")

CONTRACTS = [
    Contract(
        "volunteers/summary",
        P,
        not_null="teams volunteers sessions hours points_earned points_redeemed outstanding_start outstanding_end",
    ).where(
        lambda f: len(f) == 1,
        lambda f: (
            abs(float((f.outstanding_start + f.points_earned - f.points_redeemed - f.outstanding_end).iloc[0])) < 1e-9
        ),
        lambda f: (f.volunteers <= f.sessions).all(),
    ),
    Contract("volunteers/by_team", P, unique="centre_id team", not_null="centre_id team", min_rows=0).where(
        lambda f: (f.sessions > 0).all() and (f.volunteers <= f.sessions).all(),
    ),
    Contract("volunteers/by_month", P, unique="month", not_null="month outstanding_end").where(
        lambda f: f.month.is_monotonic_increasing,
    ),
    Contract("volunteers/by_centre", P, unique="centre_id", not_null="centre_id volunteers").where(
        lambda f: (f.volunteer_hours >= 0).all(),
    ),
    Contract("volunteers/party_summary", P, not_null="members new_members organisations").where(
        lambda f: len(f) == 1 and (f.new_members <= f.members).all(),
    ),
    Contract(
        "volunteers/party_by_community", P, unique="community_code", not_null="community_code members", min_rows=0
    ).where(
        lambda f: (f.new_members <= f.members).all(),
    ),
    Contract("volunteers/party_posts", P, unique="post", not_null="post members", min_rows=0),
    Contract("volunteers/wishes_claimed", P, unique="claimer_type", not_null="claimer_type wishes", min_rows=0).where(
        lambda f: (f.fulfilled <= f.claimed).all() and (f.claimed <= f.wishes).all(),
        lambda f: f.claim_share.dropna().between(0, 1).all(),
    ),
    Contract(
        "volunteers/wish_claimers", P, unique="claimer_type claimed_by", not_null="claimed_by claimed", min_rows=0
    ).where(
        lambda f: (f.fulfilled <= f.claimed).all(),
    ),
]
