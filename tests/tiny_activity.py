"""A small hand-made database for the activities, services, volunteers and centre-profile pages.

Every number the tests expect is worked out by hand from the rows below (see the comments and the
tests). Window of interest: October 2026 (Thursday 1st .. Saturday 31st). Data as-of: 2026-11-20 09:00
(S10, the newest record). Extended hours as config/app.toml: weekdays 12-14 and 19-21, weekends 10-17.
"""

from __future__ import annotations

from pathlib import Path

from grassroots import db, rollups, sql
from tests.rows import fill, insert

REGIONS = [
    # code, name, parent, level, residents, floating, households
    ("530111", "官渡区", None, "district", None, None, None),
    ("530111001", "关上街道", "530111", "street", None, None, None),
    ("530111004", "金马街道", "530111", "street", None, None, None),
    ("530111001001", "小街社区", "530111001", "community", 10000, 2000, 3500),
    ("530111001002", "关上社区", "530111001", "community", 4000, 0, 1500),
    ("530111004001", "凤凰山社区", "530111004", "community", 5000, 45000, 1800),
]
CENTRES = [
    # id, name, type, community, floor, office, staff, batch, opened, status
    ("C1", "小街社区便民党群服务中心", "便民党群服务中心", "530111001001", 447, 70, 22, "第一批", "2026-03-01", "运行"),
    (
        "C2",
        "凤凰山社区便民党群服务中心",
        "便民党群服务中心",
        "530111004001",
        300,
        60,
        20,
        "第一批",
        "2026-05-01",
        "运行",
    ),
    ("C3", "关上社区邻里中心", "邻里中心", "530111001002", 200, 40, 5, None, "2025-01-01", "运行"),
    ("C4", "关上社区便民党群服务中心", "便民党群服务中心", "530111001002", 250, 50, 10, "第一批", "2026-06-01", "运行"),
    ("C5", "凤凰山社区邻里中心（在建）", "邻里中心", "530111004001", 150, 30, 0, None, None, "在建"),
]
ACTIVITIES = [
    # id, centre, date, start, category, title, participants, volunteers, partner
    ("A1", "C1", "2026-10-03", "10:00", "居有所乐", "英语角", 30, 3, "云南大学"),  # Sat 10:00: weekend, extended
    ("A2", "C1", "2026-10-05", "09:00", "老有所养", "老年课堂", 20, 2, None),  # Mon 09:00
    ("A3", "C1", "2026-10-07", "19:30", "幼有所育", "亲子阅读", 15, 1, "云南大学"),  # Wed 19:30: extended
    ("A4", "C2", "2026-10-10", "09:00", "居有所乐", "广场舞", 40, 4, "昆明银行"),  # Sat 09:00: weekend only
    ("A5", "C2", "2026-10-14", "12:30", "病有所医", "义诊", 25, 5, "昆明银行"),  # Wed 12:30: extended
    ("A6", "C3", "2026-10-20", None, "事有所办", "政策宣讲", 10, 0, None),  # Tue, no start time
    ("A7", "C4", "2026-10-21", "10:00", "老有所养", "健康讲座", 12, 0, None),  # Wed 10:00
    ("A8", "C1", "2026-09-15", "10:00", "居有所乐", "书法", 5, 1, None),  # September (环比)
    ("A9", "C2", "2025-10-06", "10:00", "居有所乐", "合唱", 10, 0, None),  # October 2025 (同比)
]
# October 2026: 7 activities, 152 person-visits; weekend A1, A4; extended A1, A3, A5; volunteers 15;
# partners 云南大学, 昆明银行. Residents of all communities 19,000 (floating 47,000).
ITEMS = [
    ("I1", "城乡居民医保参保登记", "病有所医", "政务服务"),
    ("I2", "老年人优待证办理", "老有所养", "政务服务"),
    ("I3", "户口迁移代办", "事有所办", "代办"),
    ("I4", "生育登记", "幼有所育", "政务服务"),
]
CENTRE_ITEMS = [
    ("C1", "I1"),
    ("C1", "I2"),
    ("C1", "I3"),
    ("C1", "I4"),
    ("C2", "I1"),
    ("C2", "I2"),
    ("C3", "I1"),
    ("C4", "I1"),
    ("C5", "I1"),
]
SERVICES = [
    # id, centre, item, channel, accepted, minutes to finish (None: open), rating, applicant community
    ("S1", "C1", "I1", "窗口", "2026-10-08 10:00", 30, 5, "530111001001"),  # Thu 10:00
    ("S2", "C1", "I1", "网上办", "2026-10-09 12:30", 60, 4, "530111001001"),  # Fri 12:30 extended
    ("S3", "C1", "I2", "掌上办", "2026-10-10 11:00", 120, None, None),  # Sat 11:00 extended
    ("S4", "C1", "I2", "窗口", "2026-10-11 15:00", 240, 1, "530111004001"),  # Sun 15:00 extended, 通办
    ("S5", "C1", "I1", "帮代办", "2026-10-12 19:30", 1440, 3, "530111001002"),  # Mon 19:30 extended, 通办
    ("S6", "C2", "I1", "上门服务", "2026-10-13 09:00", 180, 5, "530111004001"),  # Tue 09:00
    ("S7", "C2", "I2", "窗口", "2026-10-14 09:30", None, None, "530111004001"),  # Wed 09:30, not finished
    ("S8", "C3", "I1", "自助终端", "2026-10-15 22:00", 10, 4, "530111001002"),  # Thu 22:00
    ("S9", "C1", "I1", "窗口", "2026-09-20 10:00", 30, 5, "530111001001"),  # September (Sun)
    ("S10", "C2", "I1", "窗口", "2026-11-20 09:00", None, None, "530111004001"),  # the newest record
]
VOLUNTEERING = [
    # id, volunteer, team, centre, date, hours, earned, redeemed
    ("V1", "P1", "金小马志愿服务队", "C2", "2026-10-03", 3, 30, 0),
    ("V2", "P2", "金小马志愿服务队", "C2", "2026-10-10", 2, 20, 10),
    ("V3", "P1", "金小马志愿服务队", "C2", "2026-10-17", 1, 10, 5),
    ("V4", "P3", "小街志愿服务队", "C1", "2026-10-05", 4, 40, 0),
    ("V5", "P3", "小街志愿服务队", "C1", "2026-09-12", 2, 20, 0),
    ("V6", "P4", "小街志愿服务队", "C1", "2026-08-01", 1, 10, 15),
    ("V7", "P2", "金小马志愿服务队", "C2", "2026-11-05", 2, 20, 0),
]
PARTY = [
    # member, organisation, community, reported_on, post
    ("M1", "官渡区税务局", "530111001001", "2026-10-10", "志愿服务岗"),
    ("M2", "官渡区税务局", "530111001001", "2026-03-01", "楼栋长"),
    ("M3", "昆明银行", "530111004001", "2026-10-20", "志愿服务岗"),
    ("M4", "官渡区人民医院", "530111004001", None, "政策宣传岗"),
    ("M5", "昆明银行", "530111001002", "2026-11-05", "志愿服务岗"),
    ("M6", "官渡区税务局", "530111001001", "2026-01-05", "志愿服务岗"),
    ("M7", "昆明银行", "530111004001", "2026-02-01", "志愿服务岗"),
]
WISHES = [
    # id, community, raised, claimed, claimed_by, claimer_type, fulfilled, status
    ("W1", "530111001001", "2026-10-02", "2026-10-03", "张三丰", "党员", "2026-10-08", "已完成"),
    ("W2", "530111001001", "2026-10-05", "2026-10-06", "官渡区税务局", "共建单位", None, "已认领"),
    ("W3", "530111004001", "2026-10-09", "2026-10-10", "李四", "党员", None, "已认领"),
    ("W4", "530111004001", "2026-10-12", None, None, None, None, "待认领"),
    ("W5", "530111001002", "2026-10-15", "2026-10-16", "金小马志愿服务队", "志愿者", "2026-10-20", "已完成"),
    ("W6", "530111001001", "2026-09-28", "2026-09-29", "王五", "党员", None, "已认领"),
]

CENTRE_COLUMNS = (
    "centre_id, name, type, community_code, floor_area_m2, office_area_m2, staff, pilot_batch, opened_on, status"
)
OPENING_HOURS, EXTENDED_HOURS = "Mon-Fri 09:00-17:00", "weekday 12:00-14:00; weekend 10:00-17:00"
ACTIVITY_COLUMNS = "activity_id, centre_id, date, start_time, category, title, participants, volunteers, partner"
WISH_COLUMNS = "wish_id, community_code, raised_on, claimed_on, claimed_by, claimer_type, fulfilled_on, status"


def build(path: Path) -> Path:
    with db.writer(path) as con:
        insert(con, "regions", REGIONS, "code, name, parent_code, level, residents, floating, households")
        insert(con, "centres", CENTRES, CENTRE_COLUMNS, opening_hours=OPENING_HOURS, extended_hours=EXTENDED_HOURS)
        insert(con, "activities", ACTIVITIES, ACTIVITY_COLUMNS)
        fill(con, service_items=ITEMS, centre_items=CENTRE_ITEMS)
        con.executemany(
            "insert into service_records (service_id, centre_id, item_code, channel, accepted_at, finished_at,"
            " rating, applicant_community_code, outcome)"
            " values ($1, $2, $3, $4, $5::timestamp, $5::timestamp + to_minutes($6::bigint), $7, $8, '办结')",
            SERVICES,
        )
        fill(con, volunteering=VOLUNTEERING, party_member_reports=PARTY)
        insert(con, "wishes", WISHES, WISH_COLUMNS, category="生活帮扶", content="心愿")
        rollups.rebuild(con)
    return path


# --- helpers for the tests of these pages ---------------------------------------------------------------


def app(monkeypatch, db_path: Path, page: str, month: str = "2026-10-01", role: str = "leader", **state):
    """An AppTest of `page` (e.g. "pages/activities.py") on `db_path`, signed in as `role` (scope: every
    region), for the month starting `month`, with extra session state (filters, widgets) set before
    the page runs. The page must run without an exception or an error message."""

    from tests.signin import month_app

    at = month_app(db_path, monkeypatch, role, month=month, **state)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception and not at.error, (page, [e.value for e in at.exception], [e.value for e in at.error])
    return at


def query(path: Path, name: str, params: dict | None = None):
    """queries/<name>.sql on the database at `path`, with `params` (None: the month of October 2026)."""
    from tests.contracts import OCTOBER

    with db.reader(path) as con:
        return sql.run(con, name, OCTOBER if params is None else params)


def metrics(at) -> dict:
    """label -> value of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def _decoded(obj):
    """Plotly JSON with its typed arrays ({"dtype", "bdata"[, "shape"]}) turned back into lists."""
    import base64

    import numpy as np

    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if "shape" in obj:
                arr = arr.reshape([int(s) for s in str(obj["shape"]).split(",")])
            return arr.tolist()
        return {k: _decoded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decoded(v) for v in obj]
    return obj


def figures(at) -> list:
    """Every plotly chart on the page as a plotly Figure (numbers decoded from the typed arrays)."""
    import json

    import plotly.graph_objects as go

    return [go.Figure(_decoded(json.loads(c.proto.spec))) for c in at.get("plotly_chart")]
