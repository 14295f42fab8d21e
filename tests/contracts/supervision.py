"""Contracts of queries/supervision/* on the tiny database (tests/tiny.py: T4 open since 5 October and
due 6 October 08:00; T5 due 30 November; T8 due 27 November; nothing escalated)."""

import datetime as dt

from tests.contracts import OCTOBER, Contract

P = {**OCTOBER, "at": dt.datetime(2026, 11, 20, 9, 0), "margin_days": 3.0, "repeat_ids": []}

CONTRACTS = [
    # at the as-of time only T4 is past its deadline (by 45 days and 1 hour), and by more than 3 days
    Contract("supervision/list", P, unique="ticket_id", not_null="ticket_id overdue escalated").where(
        lambda f: list(f.ticket_id) == ["T4"] and bool(f.overdue[0]) and not f.escalated[0],
        lambda f: abs(f.days_overdue[0] - (45 + 1 / 24)) < 1e-9,
        lambda f: f.street_name[0] == "关上街道" and f.community_name[0] == "小街社区",
    ),
    # on 8 October T4 is 1.67 days over: inside the margin, not listed
    Contract("supervision/list", {**P, "at": dt.datetime(2026, 10, 8)}, min_rows=0).where(
        lambda f: f.empty,
    ),
    # on 10 October it is 3.67 days over; no margin lists it on 8 October too
    Contract("supervision/list", {**P, "at": dt.datetime(2026, 10, 10)}).where(
        lambda f: list(f.ticket_id) == ["T4"],
    ),
    Contract("supervision/list", {**P, "at": dt.datetime(2026, 10, 8), "margin_days": 0.0}).where(
        lambda f: list(f.ticket_id) == ["T4"],
    ),
    # a repeat-group ticket open then is listed (T5: open, not yet due); a closed one is not (T1)
    Contract("supervision/list", {**P, "repeat_ids": ["T5", "T1"]}, unique="ticket_id").where(
        lambda f: list(f.ticket_id) == ["T4", "T5"] and list(f.is_repeat) == [False, True],
    ),
    # a street with no overdue ticket
    Contract("supervision/list", {**P, "region": "530111004"}, min_rows=0).where(
        lambda f: f.empty,
    ),
]
