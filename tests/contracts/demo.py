"""Contracts of queries/demo (the sample exports' cuts), worked out on tests/tiny.py by hand."""

import datetime as dt

from tests.contracts import Contract

OCT = {"date_from": dt.date(2026, 10, 1), "date_to": dt.date(2026, 11, 1)}
EVER = {"region": "", "date_from": dt.date(2000, 1, 1), "date_to": dt.date(2100, 1, 1)}

CONTRACTS = [
    Contract("demo/sample_centres", unique="centre_id", not_null="centre_id name type community_code").where(
        lambda f: list(f.centre_id) == ["C1", "C2"],
    ),
    Contract("demo/sample_regions", unique="code", not_null="code name level").where(
        lambda f: len(f) == 5 and list(f.level[:1]) == ["district"] and list(f.level[-2:]) == ["community"] * 2,
    ),
    # 小街社区 in October: T1..T6 (T6 cancelled, still listed) in the order reported: T6 on the 6th, T5 on the 20th
    Contract(
        "demo/sample_tickets",
        {**OCT, "region": "530111001", "source": None},
        unique="ticket_id",
        not_null="ticket_id reported_at status",
    ).where(
        lambda f: list(f.ticket_id) == ["T1", "T2", "T3", "T4", "T6", "T5"],
    ),
    Contract("demo/sample_tickets", {**OCT, "region": "", "source": "12345热线"}, min_rows=0).where(
        lambda f: (f.source == "12345热线").all(),
    ),
    # C1's four October services, none elsewhere
    Contract("demo/sample_services", {**OCT, "region": "530111001"}, unique="service_id").where(
        lambda f: list(f.service_id) == ["S1", "S2", "S3", "S4"],
    ),
    Contract("demo/sample_services", {**OCT, "region": "530111004"}, min_rows=0).where(
        lambda f: len(f) == 0,
    ),
    Contract("demo/sample_activities", {**OCT, "region": "530111"}, unique="activity_id").where(
        lambda f: list(f.activity_id) == ["A1", "A2"],
    ),
    Contract("demo/sample_wishes", EVER, unique="wish_id", min_rows=0),
    Contract("demo/sample_volunteering", EVER, unique="record_id", min_rows=0),
    Contract("demo/sample_party_members", EVER, unique="member_id", min_rows=0),
]
