"""A hand-made database for hot spots and repeats, every answer worked out by hand below.

Communities: A = 小街社区 (530111001001, grids A01 A02), B = 凤凰山社区 (530111004001, grid B01).
Months January - October 2026; as_of 2026-11-01 00:00. Config: tests use config/hotspots.toml's
shipped values (min_count 5, baseline 6 months, at least 3 covered, floor 0.5, ratio 2, p 1e-4).

Tickets (received unless said; every one at its own address unless said):
  A 市容环境/垃圾清运  1 a month January - September; 8 in October: 5 at their own addresses and
       G1 G2 G3 in grid A01 without an address (G1 10-10 "新村农贸市场旁垃圾桶满溢，三天无人清运",
       closed 10-25; G2 10-20 "新村农贸市场旁垃圾桶又满溢了，三天无人清运"; G3 10-22 "建筑垃圾堆放在路边")
  A 道路交通/电动车停放  3 a month January - October (flat)
  B 物业管理/电梯故障  October only: R1 10-03 at 金色家园5栋2单元, closed 10-04; R2 10-08 same address;
       R3 10-25 same address, open; R4 10-12 at another address
  B 公共设施/电动车充电桩  July 6, September 9, October 14 (others 0)
  one cancelled ticket in A in October (never counted); N1, A 电动车停放 at 2026-11-01 00:00 (as_of)

Hot spots, October (expectation = mean of April - September, all six covered):
  A 垃圾清运    8 vs 6/6 = 1.0: ratio 8, p = P(X>=8 | 1) = 1.02e-5                  -> hot
  B 电动车充电桩 14 vs (6 + 9)/6 = 2.5: ratio 5.6, p = P(X>=14 | 2.5) = 4.2e-7         -> hot
  A 电动车停放   3 vs 3.0                                                           -> no (below min count)
  B 电梯故障     4 vs 0 (floor 0.5): ratio 8 but below min count 5                    -> no
  Most surprising first: B 电动车充电桩, then A 垃圾清运.
未诉先办 (May - October): B 电动车充电桩 hot in July (6 vs 0: floor 0.5, p = 1.4e-5),
  September (9 vs 6/6 = 1.0: p = 1.1e-6) and October: 3 of 6 -> a candidate, history
  May 0, June 0, July 6, August 0, September 9, October 14. A 垃圾清运 is hot only in October.
Repeats, October (window 30 days, text similarity 0.5):
  {R1 R2 R3} by address: repeats R2 R3, both after R1's closure (10-04)
  {G1 G2} by grid and text (Jaccard 15/21 = 0.71): repeat G2, not after a closure (G1 closed 10-25)
  G3 is in the same grid but its text differs (0.05); R4 is at another address.
  count 3, after closure 2; received October 8 + 3 + 4 + 14 = 29 -> rate 3 / 29 = 10.34%
  by community: A 1 / 11 = 9.09%, B 2 / 18 = 11.11%; by department: 物业服务企业 2 / 4 = 50%,
  区环卫站 1 / 8 = 12.5%.
October's named tickets (G, R, X1, N1) are the rows of tests/data/tiny_hotspots.csv.
A flat database (`build(path, flat=True)`): every cell the same count every month - no hot spot.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots import db, rollups
from tests import tiny
from tests.rows import insert, table

AS_OF = dt.datetime(2026, 11, 1)
A, B = "530111001001", "530111004001"
A01, A02, B01 = A + "001", A + "002", B + "001"
# beside tests/tiny.py's first four places (官渡区, its two streets and 小街, A)
REGIONS = [
    (B, "凤凰山社区", "530111004", "community", 5000, 4500, 1800, 102.77, 25.04),
    (A01, "小街社区第一网格", A, "grid", None, None, None, None, None),
    (A02, "小街社区第二网格", A, "grid", None, None, None, None, None),
    (B01, "凤凰山社区第一网格", B, "grid", None, None, None, None, None),
]
DEPT = {"垃圾清运": "区环卫站", "电动车停放": "交警大队", "电梯故障": "物业服务企业", "电动车充电桩": "街道公共服务办"}
CAT = {"垃圾清运": "市容环境", "电动车停放": "道路交通", "电梯故障": "物业管理", "电动车充电桩": "公共设施"}
TEXT = {
    "垃圾清运": "垃圾桶满溢无人清运",
    "电动车停放": "电动车停放混乱堵塞通道",
    "电梯故障": "电梯频繁故障停运",
    "电动车充电桩": "楼道内电动车飞线充电存在火灾隐患",
}
LIFT = "昆明市官渡区金马街道凤凰山社区金色家园5栋2单元"  # R1-R3's address (tests/data/tiny_hotspots.csv)


def _row(tid, community, grid, sub, reported, *, closed=None, status=None, address="own", text=None):
    rep = dt.datetime.fromisoformat(reported)
    clo = dt.datetime.fromisoformat(closed) if closed else None
    if address == "own":
        address = f"{'昆明市官渡区小街社区' if community == A else '昆明市官渡区凤凰山社区'}{tid}号"
    return dict(
        ticket_id=tid,
        source="网格员上报",
        category=CAT[sub],
        subcategory=sub,
        grid_code=grid,
        community_code=community,
        reported_at=rep,
        closed_at=clo,
        status=status or ("closed" if clo else "open"),
        department=DEPT[sub],
        description=text or TEXT[sub],
        reporter_address=address,
    )


def tickets(flat: bool = False) -> list[dict]:
    out = []
    for m in range(1, 11):
        day = f"2026-{m:02d}"
        if flat:
            for sub, community, grid in (("垃圾清运", A, A02), ("电动车停放", A, A02), ("电梯故障", B, B01)):
                out += [
                    _row(
                        f"F{m:02d}{sub[:2]}{i}",
                        community,
                        grid,
                        sub,
                        f"{day}-{5 + 3 * i:02d} 09:00",
                        closed=f"{day}-{6 + 3 * i:02d} 09:00",
                    )
                    for i in range(6)
                ]
            continue
        if m <= 9:
            out.append(_row(f"GB{m:02d}", A, A02, "垃圾清运", f"{day}-15 09:00", closed=f"{day}-16 09:00"))
        out += [
            _row(
                f"EP{m:02d}{i}",
                A,
                A02,
                "电动车停放",
                f"{day}-{5 + 7 * i:02d} 10:00",
                closed=f"{day}-{6 + 7 * i:02d} 10:00",
            )
            for i in range(3)
        ]
        charging = {7: 6, 9: 9, 10: 14}.get(m, 0)
        out += [
            _row(
                f"CH{m:02d}{i:02d}",
                B,
                B01,
                "电动车充电桩",
                f"{day}-{1 + i * 2:02d} 11:00",
                closed=f"{day}-{2 + i * 2:02d} 11:00",
            )
            for i in range(charging)
        ]
    if flat:
        return out
    out += [
        _row(f"GO{i}", A, A02, "垃圾清运", f"2026-10-{2 + i:02d} 09:00", closed=f"2026-10-{3 + i:02d} 09:00")
        for i in range(5)
    ]
    places = {"A": A, "B": B, "A01": A01, "A02": A02, "B01": B01}
    for r in table("tiny_hotspots"):  # G1-G3, R1-R4, the cancelled X1 and N1, the newest record (as_of)
        tid, community, grid, sub, reported = (
            r.pop(k) for k in ("ticket_id", "community", "grid", "subcategory", "reported")
        )
        out.append(_row(tid, places[community], places[grid], sub, reported, **r))
    return out


def build(path: Path, flat: bool = False) -> Path:
    with db.writer(path) as con:
        insert(con, "regions", tiny.REGIONS[:4])
        insert(con, "regions", REGIONS)
        insert(con, "tickets", tickets(flat))
        rollups.rebuild(con)
    return path
