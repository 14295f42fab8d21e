"""A hand-made ticket database for the tickets page, small enough to work every number out by hand.

Window of interest: October 2026. Data as-of: 2026-11-01 00:00 (the newest record, ticket K13).
The tickets are the rows of tests/data/tiny_tickets.csv. Durations are whole hours after reporting (written +Nh
below, and so in the file); the response limit is 2 h.

Cohort = tickets reported in October 2026:
  K1  小街   市容环境  网格员上报  accepted +1, dispatched +2, handled +6, verified +7, closed +8; due +72
       (ticket): on time; 满意; the reporter's personal data is set
  K2  小街   市容环境  网格员上报  accepted +3 (late response), dispatched +4, handled +20, verified +22,
       closed +24; due +12 (sla): late; 不满意; rework 1; description starts with '=' (formula)
  K3  小街   道路交通  网格员上报  accepted +1, closed +48 (no dispatch/handle/verify); due +120 (sla):
       on time; 基本满意; reopened once; escalated to 交通局
  K4  小街   道路交通  网格员上报  accepted +1, closed +96; due +72 (ticket): late; escalated to 交通局
  K5  凤凰山 物业管理  网格员上报  accepted +2 (on the limit); open; due 10-10 08:00 (ticket): overdue
  K6  凤凰山 物业管理  网格员上报  not accepted; open; due 11-30 (sla): not overdue
  K7  凤凰山 市容环境  cancelled;  K8 凤凰山 市容环境 duplicate
  K9  (no community) Noise  12345热线 (a hotline: no stage times)  closed +10; due +24 (sla): on time
  K10 (no community) Noise  12345热线  open; due +24 (sla): overdue
  K11 (no community) Noise  12345热线  cancelled (it has a closing time: still not closed)
  K12 小街   市容环境  网格员上报  accepted +1, closed +12; no deadline
Outside October: K0 小街 reported 09-01 00:00, open, due 09-08 (overdue, 61 days old at as-of);
K13 小街 reported 11-01 00:00, open (the newest record).

October 2026, all regions, all categories (worked by hand):
  received 9 (K1-K6, K9, K10, K12), closed 6, void 3 (2 cancelled, 1 duplicate), still open 3
  hours to close 8, 10, 12, 24, 48, 96: median (12 + 24) / 2 = 18 h; P90 (linear, position 4.5)
      48 + 0.5 × 48 = 72 h
  on time K1 K3 K9 = 3; late K2 K4 = 2; open overdue K5 K10 = 2 -> on-time 3 / 7 = 42.9%
  due to close 6 + 2 = 8: closure 6 / 8 = 75.0%, on-time closure 3 / 8 = 37.5%
  deadlines: from the ticket 3 (K1 K4 K5), from the SLA table 5 (K2 K3 K6 K9 K10), none 1 (K12)
  satisfaction 2 / 3 = 66.7%; response (hotline left out) K1 K3 K4 K5 K12 of K1-K6 K12 = 5 / 7 = 71.4%
  resolution (closed, not reopened) 5 / 8 = 62.5%; rework 1 / 6 = 16.7%; reopen 1 / 6 = 16.7%
  escalated 2 / 9 = 22.2%; composite 100 × (0.2 × 5/7 + 0.4 × 5/8 + 0.4 × 2/3) = 65.95
  Kaplan–Meier (censored at age: K6 280 h -> 288, K10 448 h -> 456, K5 616 h -> 624; days above 72 h):
      S(8) = 8/9, S(10) = 7/9, S(12) = 6/9, S(24) = 5/9, S(48) = 4/9 <= 0.5 -> survival median 48 h
  backlog at as-of (open, reported before 11-01): K0 61 d (31+, overdue), K5 25 d (16-30, overdue),
      K10 18 d (16-30, overdue), K6 11 d (8-15) -> 4 open, 3 overdue
  stages: accepted 6 recorded (median 1 h), missing on closed K9; dispatch..close recorded on K1 K2 only
  wishes raised in October: W1 W2 W3 W4; claimed W1 W2 W4 (75.0%); fulfilled W1 W4 (2 / 3 = 66.7%)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots import db, rollups
from tests import tiny
from tests.rows import insert, table

AS_OF = dt.datetime(2026, 11, 1, 0, 0)
XIAOJIE, FENGHUANG = "530111001001", "530111004001"
REGIONS = tiny.REGIONS  # the places of tests/tiny.py: 官渡区, 关上街道 with 小街, 金马街道 with 凤凰山
CENTRES = [
    ("C1", "小街社区便民党群服务中心", "便民党群服务中心", XIAOJIE, "第一批"),
    ("C2", "凤凰山社区邻里中心", "邻里中心", FENGHUANG, None),
]

COMMUNITY = {"小街": XIAOJIE, "凤凰山": FENGHUANG}
REPORTER = ("王小明", "18012341999", "530111199001011234", "小街社区3栋2单元501")


def _ticket(row: dict) -> dict:
    """A row of tests/data/tiny_tickets.csv as a ticket: stage times and a relative deadline are hours after
    reporting, `reporter` yes gives REPORTER's personal data, the source's status is the status unless given."""
    rep = dt.datetime.fromisoformat(row["reported"])
    at = lambda key: None if row[key] is None else rep + dt.timedelta(hours=float(row[key]))  # noqa: E731
    due_at = dt.datetime.fromisoformat(row["due_at"]) if row["due_at"] else at("due")
    community = COMMUNITY.get(row["community"])
    reporter = REPORTER if row["reporter"] else (None, None, None, None)
    return dict(
        ticket_id=row["ticket_id"],
        source=row["source"],
        category=row["category"],
        subcategory=None,
        grid_code=(community + "01") if community else None,
        community_code=community,
        reported_at=rep,
        accepted_at=at("accepted"),
        dispatched_at=at("dispatched"),
        handled_at=at("handled"),
        verified_at=at("verified"),
        closed_at=at("closed"),
        due_at=due_at,
        due_source=row["due_source"] if due_at is not None else None,
        department=row["department"],
        escalated=row["escalated"] == "yes",
        rework_count=int(row["rework"] or 0),
        reopen_count=int(row["reopen"] or 0),
        satisfaction=row["satisfaction"],
        description=row["description"],
        reporter_name=reporter[0],
        reporter_phone=reporter[1],
        reporter_id_number=reporter[2],
        reporter_address=reporter[3],
        status=row["status"],
        source_status=row["source_status"] or row["status"],
    )


TICKETS = [_ticket(row) for row in table("tiny_tickets")]
WISHES = [
    # id, community, raised, category, claimed, claimed by, claimer type, fulfilled, status
    ("W1", XIAOJIE, "2026-10-02", "助老", "2026-10-03", "张伟", "党员", "2026-10-10", "已完成"),
    ("W2", XIAOJIE, "2026-10-05", "助学", "2026-10-09", "昆明某科技公司", "共建单位", None, "已认领"),
    ("W3", FENGHUANG, "2026-10-08", "环境", None, None, None, None, "待认领"),
    ("W4", FENGHUANG, "2026-10-20", "助老", "2026-10-21", "李娜", "党员", "2026-10-25", "已完成"),
    ("W5", FENGHUANG, "2026-09-20", "助老", None, None, None, None, "待认领"),  # September: outside
]


def build(path: Path) -> Path:
    with db.writer(path) as con:
        insert(con, "regions", REGIONS)
        insert(con, "centres", CENTRES, "centre_id, name, type, community_code, pilot_batch", status="运行")
        insert(con, "tickets", TICKETS)
        insert(
            con,
            "wishes",
            WISHES,
            "wish_id, community_code, raised_on, category, claimed_on, claimed_by, claimer_type, fulfilled_on, status",
        )
        rollups.rebuild(con)
    return path
