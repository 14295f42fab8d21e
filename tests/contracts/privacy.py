"""Contracts of queries/privacy/ (grassroots/retention.py; tests/test_privacy_cli.py checks the purge)."""

import datetime as dt

from tests.contracts import Contract

TABLES = {"tickets", "wishes", "activities", "volunteering", "party_member_reports", "import_log"}

CONTRACTS = [
    Contract(
        "privacy/aged", {"cutoff": dt.date(2100, 1, 1)}, unique="table_name row_id", not_null="table_name row_id"
    ).where(
        lambda f: set(f.table_name) <= TABLES and {"tickets", "activities"} <= set(f.table_name),
    ),
    Contract("privacy/aged", {"cutoff": dt.date(2000, 1, 1)}, min_rows=0).where(
        lambda f: f.empty,
    ),
    Contract("privacy/last_purge", min_rows=0).where(
        lambda f: list(f.columns) == ["purged_on"],
    ),
    Contract("privacy/mark_purge", {"day": dt.date(2026, 12, 6)}, writes=True),
]
