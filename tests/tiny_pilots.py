"""A tiny database for pilot centres against operating centres, and programme targets by scope.

Data as-of: 2026-11-20 09:00 (the only ticket). Window of interest: October 2026 (last day 10-31).
Communities lie 5 km or more apart, so no service circle reaches a neighbour.

官渡区 530111
  关上街道 530111001: 小街 001001, 关上 001002, 世纪城 001003
  金马街道 530111004: 凤凰山 004001, 金马 004002
Programmes:
  P1 district (530111), from 2026-01-01: 3 centres by 2026-07-31; 80% of communities by 2026-12-31
  P2 金马街道 (530111004), from 2026-02-01: 1 centre by 2026-06-30; 2 centres by 2026-12-31
Centres (all 运行 unless said):
  C1 P1 小街 opened 03-01 · C2 P1 关上 05-01 · C3 P1 凤凰山 11-10 (after October)
  C4 P2 金马 04-01 · C7 P2 凤凰山 在建 · C5 no programme 世纪城 2025-06-01 · C6 no programme 小街 2025-01-01
  C8 关上街道党群服务中心 (street level, standing in 关上社区) no programme 2024-01-01
Activities in October: C8 one with 48 people; C5 one with 12.

Hand-worked answers, October 2026:
  district: pilots operating C1 C2 C4 = 3; pilot target at 10-31 = P1's last centre target 3 (all
    passed) + P2's next 2 (12-31) = 5 -> "3 / 5"; P1's 80% is a share, never added (adding it as
    ceil(0.8 x 5) = 4 centres, taken after the data's last day, made it "3 / 6").
    pilot coverage: 小街 关上 金马 = 3 / 5 = 60.0%; operating-centre coverage: + 世纪城 = 4 / 5 = 80.0%.
  金马街道: pilots C4 = 1; own target P2 next = 2 -> "1 / 2"; P1's 3 is the district's, named apart.
    progress P1 (district target): centres by 07-31 = 0 in 金马, now 1 (C3); share by 11-20 = 1 of 2 = 50%.
    progress P2 (own): 06-30 reached 1 of 1; 12-31 reached 1 of 2 so far.
  关上街道: pilots C1 C2 = 2; no own target -> "2"; P1 (district) centres by 07-31 = 2, share 2 of 3.
    pilot coverage 2 / 3 = 66.7%; operating-centre coverage 3 / 3 = 100.0%.
  per 1,000 (residents): C8 serves 关上街道, 10,000 + 8,000 + 6,000 = 24,000 -> 48 visits = 2.0 per 1,000;
    C5 serves 世纪城 only, 6,000 -> 12 visits = 2.0 per 1,000.
"""

from __future__ import annotations

from pathlib import Path

from grassroots import db, rollups
from tests.rows import TICKET_COLUMNS, TICKET_DEFAULTS, fill, insert, table

REGIONS = table("regions_pilots")  # 官渡区, its two streets and their five communities
PROGRAMMES = [
    ("P1", "官渡区便民党群服务中心试点", "530111", None, "2026-01-01"),
    ("P2", "金马街道邻里中心试点", "530111004", None, "2026-02-01"),
]
TARGETS = [
    ("P1", "2026-07-31", "centres", 3, "3个试点7月底建成"),
    ("P1", "2026-12-31", "community_share", 0.8, "年底80%社区覆盖"),
    ("P2", "2026-06-30", "centres", 1, "首个邻里中心"),
    ("P2", "2026-12-31", "centres", 2, "年底2个"),
]
CENTRES = [
    # id, name, type, community, lon, lat, programme, batch, opened, status
    (
        "C1",
        "小街社区便民党群服务中心",
        "便民党群服务中心",
        "530111001001",
        102.70,
        25.00,
        "P1",
        "第一批",
        "2026-03-01",
        "运行",
    ),
    (
        "C2",
        "关上社区便民党群服务中心",
        "便民党群服务中心",
        "530111001002",
        102.75,
        25.00,
        "P1",
        "第一批",
        "2026-05-01",
        "运行",
    ),
    (
        "C3",
        "凤凰山社区便民党群服务中心",
        "便民党群服务中心",
        "530111004001",
        102.85,
        25.10,
        "P1",
        "第二批",
        "2026-11-10",
        "运行",
    ),
    ("C4", "金马社区邻里中心", "邻里中心", "530111004002", 102.90, 25.10, "P2", "试点", "2026-04-01", "运行"),
    ("C5", "世纪城社区党群服务中心", "党群服务中心", "530111001003", 102.80, 25.00, None, None, "2025-06-01", "运行"),
    ("C6", "小街社区党群服务中心", "党群服务中心", "530111001001", 102.701, 25.001, None, None, "2025-01-01", "运行"),
    ("C7", "凤凰山社区邻里中心", "邻里中心", "530111004001", 102.851, 25.101, "P2", "试点", None, "在建"),
    ("C8", "关上街道党群服务中心", "党群服务中心", "530111001002", 102.751, 25.001, None, None, "2024-01-01", "运行"),
]
ACTIVITIES = [
    ("A1", "C8", "2026-10-10", "居有所乐", "街道邻里节", 48),
    ("A2", "C5", "2026-10-11", "居有所乐", "读书会", 12),
]
TICKETS = [("T1", "530111001001", "2026-11-20 09:00", None, "2026-11-27 09:00", "open", None)]

CENTRE_COLUMNS = "centre_id, name, type, community_code, lon, lat, programme_id, pilot_batch, opened_on, status"


def build(path: Path) -> Path:
    with db.writer(path) as con:
        fill(con, regions=REGIONS, programmes=PROGRAMMES, programme_targets=TARGETS)
        insert(con, "centres", CENTRES, CENTRE_COLUMNS)
        insert(con, "activities", ACTIVITIES, "activity_id, centre_id, date, category, title, participants")
        insert(con, "tickets", TICKETS, TICKET_COLUMNS + ", satisfaction", **TICKET_DEFAULTS)
        rollups.rebuild(con)
    return path
