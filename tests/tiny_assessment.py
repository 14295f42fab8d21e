"""A hand-made database for the assessment and explorer tests: three streets of 官渡区, one
community and one centre each. Window of interest: October 2026 (previous: September 2026).
Data as-of: 2026-11-20 09:00 (the newest record, ticket B-X).

October, per street (the tests work the scores out from these counts):
            tickets  on time  late  open overdue  reworked  rated  satisfied  services  online  activities  wishes  claimed
  关上 A      10        8       1        1           3        9        6         10        6        10          4       4
  金马 B      10        6       2        2           0        8        8          4        1         6          5       3
  太和 C       2        2       0        0           0        2        2          0        0         0          0       0
Residents: A 10,000, B 5,000, C 2,000. Every October ticket was accepted (or closed).
September: A 4 tickets all on time; B 4 tickets, 2 on time and 2 late; nothing else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots import db, rollups
from tests.rows import PLAIN_CENTRE, TICKET_DEFAULTS, insert

A, B, C = "530111001", "530111004", "530111002"
COMM = {A: A + "001", B: B + "001", C: C + "001"}
REGIONS = [
    ("530111", "官渡区", None, "district", None),
    (A, "关上街道", "530111", "street", None),
    (B, "金马街道", "530111", "street", None),
    (C, "太和街道", "530111", "street", None),
    (COMM[A], "小街社区", A, "community", 10000),
    (COMM[B], "凤凰山社区", B, "community", 5000),
    (COMM[C], "北京路社区", C, "community", 2000),
]
CENTRES = [
    ("CA", "小街社区便民党群服务中心", COMM[A], "第一批"),
    ("CB", "凤凰山社区便民党群服务中心", COMM[B], "第一批"),
    ("CC", "北京路社区邻里中心", COMM[C], "第二批"),
]
AS_OF = dt.datetime(2026, 11, 20, 9, 0)
# the query parameters of the window of interest (October 2026) and of the one before it
OCT = {
    "date_from": dt.date(2026, 10, 1),
    "date_to": dt.date(2026, 11, 1),
    "as_of": AS_OF,
    "region": "",
    "centre_id": None,
    "centre_type": None,
    "pilot_batch": None,
}
SEP = {**OCT, "date_from": dt.date(2026, 9, 1), "date_to": dt.date(2026, 10, 1)}
PERSON = ("张三丰", "18012341999", "530111199001011234", "小街社区幸福路 8 号")  # on ticket A-01


def _tickets(
    street: str, month: int, on_time: int, late: int, open_overdue: int, reworked: int, rated: int, satisfied: int
) -> list[tuple]:
    """Tickets reported from day 1 of `month`, 08:00, one a day: first the on-time ones (closed 4 h
    after, due in 24 h), then the late ones (closed 48 h after, due in 24 h), then the open overdue
    (due in 24 h). The first `reworked` have rework_count 1; the first `rated` closed ones are rated,
    the first `satisfied` of those 满意 (the rest 不满意)."""
    rows, k = [], 0
    closed_rated = 0
    prefix = {A: "A", B: "B", C: "C"}[street] + (f"{month:02d}" if month != 10 else "")
    for kind, n in (("on_time", on_time), ("late", late), ("open", open_overdue)):
        for _ in range(n):
            k += 1
            rep = dt.datetime(2026, month, k, 8, 0)
            due = rep + dt.timedelta(hours=24)
            closed = None if kind == "open" else rep + dt.timedelta(hours=4 if kind == "on_time" else 48)
            sat = None
            if closed is not None and closed_rated < rated:
                sat = "满意" if closed_rated < satisfied else "不满意"
                closed_rated += 1
            person = PERSON if (street == A and month == 10 and k == 1) else (None, None, None, None)
            rows.append(
                (
                    f"{prefix}-{k:02d}",
                    COMM[street],
                    rep,
                    rep + dt.timedelta(hours=1),
                    closed,
                    due,
                    "open" if closed is None else "closed",
                    sat,
                    1 if k <= reworked else 0,
                    *person,
                )
            )
    return rows


TICKETS = (
    _tickets(A, 10, on_time=8, late=1, open_overdue=1, reworked=3, rated=9, satisfied=6)
    + _tickets(B, 10, on_time=6, late=2, open_overdue=2, reworked=0, rated=8, satisfied=8)
    + _tickets(C, 10, on_time=2, late=0, open_overdue=0, reworked=0, rated=2, satisfied=2)
    + _tickets(A, 9, on_time=4, late=0, open_overdue=0, reworked=0, rated=0, satisfied=0)
    + _tickets(B, 9, on_time=2, late=2, open_overdue=0, reworked=0, rated=0, satisfied=0)
    # the newest record, reported after October (sets the as-of), and a cancelled one that never counts
    + [
        ("B-X", COMM[B], AS_OF, None, None, AS_OF + dt.timedelta(days=7), "open", None, 0, None, None, None, None),
        ("A-C", COMM[A], dt.datetime(2026, 10, 15, 8), None, None, None, "cancelled", None, 0, None, None, None, None),
    ]
)


def _services() -> list[tuple]:
    rows = []
    for centre, n, online in (("CA", 10, 6), ("CB", 4, 1)):
        for i in range(n):
            rows.append(
                (
                    f"S{centre}{i:02d}",
                    centre,
                    "网上办" if i < online else "窗口",
                    dt.datetime(2026, 10, 5 + i, 10, 0),
                    5,
                )
            )
    return rows


def _activities() -> list[tuple]:
    rows = []
    for centre, n in (("CA", 10), ("CB", 6)):
        rows += [(f"ACT{centre}{i:02d}", centre, dt.date(2026, 10, 1 + i), 20) for i in range(n)]
    return rows


def _wishes() -> list[tuple]:
    rows = []
    for street, n, claimed in ((A, 4, 4), (B, 5, 3)):
        for i in range(n):
            rows.append(
                (
                    f"W{street[-1]}{i}",
                    COMM[street],
                    dt.date(2026, 10, 2 + i),
                    dt.date(2026, 10, 10) if i < claimed else None,
                )
            )
    return rows


IMPORTS = [
    ("官渡区2026年10月诉求工单台账.xlsx", "tickets", dt.datetime(2026, 11, 1, 9, 30), 32),
    ("服务中心台账.csv", "centres", dt.datetime(2026, 10, 2, 14, 0), 3),
]


def build(path: Path) -> Path:
    with db.writer(path) as con:
        insert(con, "regions", REGIONS, "code, name, parent_code, level, residents")
        insert(con, "centres", CENTRES, "centre_id, name, community_code, pilot_batch", **PLAIN_CENTRE)
        insert(
            con,
            "tickets",
            TICKETS,
            "ticket_id, community_code, reported_at, accepted_at, closed_at, due_at, status, satisfaction,"
            " rework_count, reporter_name, reporter_phone, reporter_id_number, reporter_address",
            **TICKET_DEFAULTS,
        )
        insert(
            con, "service_records", _services(), "service_id, centre_id, channel, accepted_at, rating", outcome="办结"
        )
        insert(con, "activities", _activities(), "activity_id, centre_id, date, participants", category="居有所乐")
        insert(con, "wishes", _wishes(), "wish_id, community_code, raised_on, claimed_on")
        con.executemany(
            "insert into import_log (file_name, file_hash, table_name, rows_read, rows_loaded, rows_rejected,"
            " imported_at) values (?, 'h', ?, ?, ?, 0, ?)",
            [(f, t, n, n, at) for f, t, at, n in IMPORTS],
        )
        rollups.rebuild(con)
    return path


def street_card(path: Path):
    """The default system's street scorecard of OCT (SEP before it) on the database at `path`, and the
    data sources' table its files list."""
    from grassroots import sql
    from grassroots.assessment import scorecard, system

    s = system.load(system.INDICATORS_DIR / "default.toml")
    with db.reader(path) as con:
        sc = scorecard.compute(s, "street", lambda n, p: sql.run(con, n, p), OCT, SEP, min_n=4)
        sources = sql.run(con, "assessment/data_sources", {"limit": 100, "region": "", "centre_id": None})
    return sc, sources
