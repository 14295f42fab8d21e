"""A tiny hand-made database whose numbers can be worked out by hand (see each comment).

Window of interest: October 2026. Data as-of: 2026-11-20 09:00 (the newest record, ticket T8).
"""

from __future__ import annotations

from pathlib import Path

from grassroots import db, rollups
from tests.rows import TICKET_COLUMNS, TICKET_DEFAULTS, fill, insert, table

REGIONS = table("regions_tiny")  # 官渡区, 关上街道 with 小街社区, 金马街道 with 凤凰山社区
PROGRAMMES = [("P1", "官渡区便民党群服务中心试点", "530111", "便民党群服务中心", "2026-01-01")]
TARGETS = [("P1", "2026-07-31", "centres", 2, "12个试点7月底建成")]
CENTRES = [
    # id, name, type, community, lon, lat, crs, floor, office, staff, programme, batch, opened, status
    (
        "C1",
        "小街社区便民党群服务中心",
        "便民党群服务中心",
        "530111001001",
        102.74,
        25.01,
        "GCJ02",
        447,
        70,
        22,
        "P1",
        "第一批",
        "2026-03-01",
        "运行",
    ),
    (
        "C2",
        "凤凰山社区便民党群服务中心",
        "便民党群服务中心",
        "530111004001",
        102.77,
        25.04,
        "GCJ02",
        300,
        60,
        20,
        "P1",
        "第一批",
        None,
        "在建",
    ),
]
ACTIVITIES = [
    ("A1", "C1", "2026-10-05", "英语角", 30),  # October: 2 activities, 50 visits
    ("A2", "C1", "2026-10-12", "老年课堂", 20),
    ("A3", "C1", "2026-09-10", "亲子阅读", 5),  # September (环比): 1 activity, 5 visits
    ("A4", "C1", "2025-10-06", "义诊", 10),  # October 2025 (同比): 1 activity, 10 visits
]
SERVICES = [
    # id, centre, item, channel, accepted, rating, applicant community
    ("S1", "C1", "I1", "窗口", "2026-10-08 10:00", 5, "530111001001"),
    ("S2", "C1", "I1", "网上办", "2026-10-09 12:30", 4, "530111001001"),
    ("S3", "C1", "I2", "掌上办", "2026-10-10 11:00", None, None),
    ("S4", "C1", "I2", "窗口", "2026-10-11 15:00", 1, "530111004001"),
]  # October: 4 services, online share 2/4
TICKETS = [
    # id, community, reported, closed, due, status, satisfaction
    (
        "T1",
        "530111001001",
        "2026-10-01 08:00",
        "2026-10-01 12:00",
        "2026-10-02 08:00",
        "closed",
        "满意",
    ),  # 4 h, on time
    (
        "T2",
        "530111001001",
        "2026-10-02 08:00",
        "2026-10-04 08:00",
        "2026-10-03 08:00",
        "closed",
        "不满意",
    ),  # 48 h, late
    (
        "T3",
        "530111001001",
        "2026-10-03 08:00",
        "2026-10-03 18:00",
        "2026-10-10 08:00",
        "closed",
        "基本满意",
    ),  # 10 h, on time
    ("T4", "530111001001", "2026-10-05 08:00", None, "2026-10-06 08:00", "open", None),  # open, overdue
    ("T5", "530111001001", "2026-10-20 08:00", None, "2026-11-30 08:00", "open", None),  # open, not overdue
    ("T6", "530111001001", "2026-10-06 08:00", None, "2026-10-07 08:00", "cancelled", None),  # apart
    ("T7", "530111004001", "2026-10-07 08:00", "2026-10-08 08:00", "2026-10-09 08:00", "closed", None),  # 24 h, on time
    ("T8", "530111004001", "2026-11-20 09:00", None, "2026-11-27 09:00", "open", None),  # the newest record
]
# October 2026, all regions: received 6, closed 4, median hours (4, 10, 24, 48) = 17,
# on-time 3 / (3 + 1 + 1) = 60%, satisfaction 2 / 3, services 4, online share 50%.

CENTRE_COLUMNS = (
    "centre_id, name, type, community_code, lon, lat, crs, floor_area_m2, office_area_m2, staff, programme_id,"
    " pilot_batch, opened_on, status"
)
SERVICE_COLUMNS = "service_id, centre_id, item_code, channel, accepted_at, rating, applicant_community_code"


def build(path: Path) -> Path:
    with db.writer(path) as con:
        fill(con, regions=REGIONS, programmes=PROGRAMMES, programme_targets=TARGETS)
        insert(con, "centres", CENTRES, CENTRE_COLUMNS)
        insert(con, "activities", ACTIVITIES, "activity_id, centre_id, date, title, participants", category="居有所乐")
        insert(con, "service_records", SERVICES, SERVICE_COLUMNS, outcome="办结")
        insert(con, "tickets", TICKETS, TICKET_COLUMNS + ", satisfaction", **TICKET_DEFAULTS)
        rollups.rebuild(con)
    return path
