"""A hand-made database for the official 红榜/黑榜 (grassroots/assessment/official.py): five streets
of 官渡区, three communities in 关上街道, two centres in 小街社区 and one in 关兴社区. Tickets only, and
no residents, services or wishes, so the default system (config/indicators/default.toml) scores two
indicators: on-time closure (50 points, full at 70%, 1 point off per point short) and rework (10,
nothing reworked here); the others have no value and are left out, so

    total = (50 - max(0, 70 - on-time %) + 10) / 60 x 100.

Every ticket is closed: on time (4 h after report, due in 24 h) or late (48 h, due in 24 h). The
minimum n is the app's 20 tickets. Tickets per unit, (tickets, on time):

    unit               March     October    November   | Oct total | Q4 total    | 2026 total
    A1 小街社区                   (20, 14)   (20, 6)    |  100.0    | 20/40 66.67 | as Q4
    A2 关兴社区                   (20, 12)              |   83.33   | 83.33       | as Q4
    A3 云秀社区                   (10, 5)    (10, 10)   |  n 10     | 15/20 100.0 | as Q4
    A  关上街道 (A1-A3)           (50, 31)   (30, 16)   |   86.67   | 47/80 81.25 | as Q4
    B  金马街道 (B1)     (40, 8)  (20, 13)              |   91.67   | 91.67       | 21/60 = 35% -> 41.67
    C  太和街道 (C1)              (20, 11)   (20, 20)   |   75.0    | 31/40 100.0 | as Q4
    D  吴井街道 (D1)              (20, 13)              |   91.67   | 91.67       | as Q4
    E  小板桥街道 (E1)            (5, 5)     (15, 15)+1 |  n 5      | 20/20 100.0 | as Q4 (n 21)

(+1: the newest record, E-X, reported 2026-11-20 09:00 and still open, not yet due: it counts in n
but not in on-time %.) The lists, top_n = 5 (each list takes at most half of the ranked units):

    October, district: B 91.67 and D 91.67 share rank 1, A 86.67 3rd, C 75.0 4th; E unranked (5).
        4 ranked -> 2 a list: 红榜 D, B (rank 1, by code); 黑榜 C, A.
    Q4, district: C, E 100 (rank 1), B, D 91.67 (rank 3), A 81.25 (rank 5). 5 ranked -> 2 a list:
        红榜 C, E; 黑榜 A, then B and D tied at the cut (both taken): A, D, B.
    2026, district: C, E 100 (1), D 91.67 (3), A 81.25 (4), B 41.67 (5): 红榜 C, E; 黑榜 B, A; D on neither.
    October, 关上街道: A1 100 (1), A2 83.33 (2); A3 unranked (10): 红榜 A1; 黑榜 A2.
    Q4 and 2026, 关上街道: A3 100 (1), A2 83.33 (2), A1 66.67 (3): 红榜 A3; 黑榜 A1; A2 on neither.
    小街社区 (centres): CA1 and CA2 count every ticket of the community alike: the same total, no lists.
    关兴社区 (centres): one centre, CB1: fewer than 2 to rank.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots import db, rollups
from tests.rows import PLAIN_CENTRE, TICKET_COLUMNS, TICKET_DEFAULTS, insert

DISTRICT = "530111"
A, B, C, D, E = "530111001", "530111004", "530111002", "530111003", "530111005"
A1, A2, A3 = A + "001", A + "002", A + "003"
B1, C1, D1, E1 = B + "001", C + "001", D + "001", E + "001"
NAMES = {
    A: "关上街道",
    B: "金马街道",
    C: "太和街道",
    D: "吴井街道",
    E: "小板桥街道",
    A1: "小街社区",
    A2: "关兴社区",
    A3: "云秀社区",
    B1: "凤凰山社区",
    C1: "北京路社区",
    D1: "吴井社区",
    E1: "小板桥社区",
}
REGIONS = [(DISTRICT, "官渡区", None, "district")]
REGIONS += [(s, NAMES[s], DISTRICT, "street") for s in (A, B, C, D, E)]
REGIONS += [(c, NAMES[c], c[:9], "community") for c in (A1, A2, A3, B1, C1, D1, E1)]
CENTRES = [
    ("CA1", "小街社区便民党群服务中心", A1),
    ("CA2", "小街社区邻里中心", A1),
    ("CB1", "关兴社区便民党群服务中心", A2),
]
AS_OF = dt.datetime(2026, 11, 20, 9, 0)

# {month: {community: (tickets, on time)}}
COUNTS = {
    10: {A1: (20, 14), A2: (20, 12), A3: (10, 5), B1: (20, 13), C1: (20, 11), D1: (20, 13), E1: (5, 5)},
    11: {A1: (20, 6), A3: (10, 10), C1: (20, 20), E1: (15, 15)},
    3: {B1: (40, 8)},
}


def tickets() -> list[tuple]:
    """Two a day from the 1st of the month, 08:00 and 14:00: first the on-time ones, then the late."""
    rows = []
    counts = [(c, month, n, on_time) for month, row in COUNTS.items() for c, (n, on_time) in row.items()]
    for community, month, n, on_time in counts:
        for k in range(n):
            rep = dt.datetime(2026, month, 1 + k // 2, 8 if k % 2 == 0 else 14)
            closed = rep + dt.timedelta(hours=4 if k < on_time else 48)
            tid = f"{community[-4:]}-{month:02d}-{k:02d}"
            rows.append((tid, community, rep, closed, rep + dt.timedelta(hours=24), "closed"))
    rows.append(("E-X", E1, AS_OF, None, AS_OF + dt.timedelta(days=7), "open"))
    return rows


def build(path: Path) -> Path:
    with db.writer(path) as con:
        insert(con, "regions", REGIONS, "code, name, parent_code, level")
        insert(con, "centres", CENTRES, "centre_id, name, community_code", pilot_batch="第一批", **PLAIN_CENTRE)
        insert(con, "tickets", tickets(), TICKET_COLUMNS, **TICKET_DEFAULTS)
        rollups.rebuild(con)
    return path
