"""Planted stories in the tickets, for the hot-spot and repeat views to find: a few spikes and repeat
complaints drawn from the problems residents raise most (lifts of old estates, garbage collection,
trees felled by a typhoon, e-bike charging), at months counted back from as_of.

- 双桥社区 (关上街道), last month: the lifts of an old estate keep breaking down; one building's lift
  is reported four times, twice after the ticket before was closed.
- 新二村社区 (六甲街道), three months back: garbage is not collected after the contractor changed; three
  tickets without an address from one grid say the same thing (a repeat found by text).
- 荔城社区 (镇海街道, 莆田), fourteen months back: trees felled by a typhoon.
- 季官社区 (小板桥街道), five, four, two and one month back: e-bike charging, growing month after month
  (a 未诉先办 candidate); one estate's broken charging point is reported again after closure.

Spike sizes grow with the square root of the demo's scale, so each stays well above its cell's
expectation at every scale. Random draws use their own stream per month, so the rest of the data is
the same as without the stories.
"""

from __future__ import annotations

import zlib

import numpy as np
import pyarrow as pa

from grassroots import deadlines
from grassroots.demo import lexicon, people
from grassroots.demo.world import World

SMALL_TICKETS = 30_000

# (months back from as_of's month, community, category, subcategory, tickets at small scale, texts)
SPIKES = (
    (
        1,
        "530111001003",
        "物业管理",
        "电梯故障",
        16,
        (
            "电梯频繁故障停运，老人上下楼困难",
            "电梯又停运了，维修后没几天又坏",
            "电梯困人，物业响应太慢",
            "电梯运行异响，担心安全",
            "老旧小区电梯年久失修，经常停运",
        ),
    ),
    (
        3,
        "530111008006",
        "市容环境",
        "垃圾清运",
        14,
        (
            "垃圾清运不及时，垃圾桶满溢",
            "换了保洁公司后垃圾几天没人清运",
            "垃圾桶满溢，气味难闻，蚊蝇很多",
            "垃圾清运车不按时来，垃圾堆到路边",
        ),
    ),
    (
        14,
        "350304001008",
        "市容环境",
        "倒伏树木",
        12,
        (
            "台风过后树木倒伏挡住通道",
            "台风刮倒行道树压在车上",
            "大树倒伏压断电线，存在安全隐患",
            "暴雨后树木倒伏，无法通行",
        ),
    ),
    (
        5,
        "530111005004",
        "公共设施",
        "电动车充电桩",
        7,
        (
            "电动车在楼道内飞线充电，存在火灾隐患",
            "小区充电桩太少，电动车排队充电",
            "希望增设电动车充电桩",
            "充电桩损坏无法使用",
        ),
    ),
    (4, "530111005004", "公共设施", "电动车充电桩", 9, None),
    (2, "530111005004", "公共设施", "电动车充电桩", 14, None),
    (1, "530111005004", "公共设施", "电动车充电桩", 16, None),
)

# repeat chains inside the spikes: (months back, community, subcategory, address tail or None (no
# address: the same grid and text), text, [(day of month reported, hours later closed or None)])
CHAINS = (
    (
        1,
        "530111001003",
        "电梯故障",
        "金色家园5栋2单元",
        "金色家园5栋2单元电梯故障停运，老人被困家中",
        ((3, 20), (7, 30), (13, None), (22, None)),
    ),
    (3, "530111008006", "垃圾清运", None, "新二村农贸市场旁垃圾桶满溢，三天无人清运", ((4, 10), (9, 12), (16, None))),
    (1, "530111005004", "电动车充电桩", "春城花园12栋", "春城花园12栋充电桩损坏无法使用", ((5, 40), (15, None))),
)
SOURCES = ("12345热线", "网格员上报", "社区小喇叭")


def _months_back(month_name: str, as_of_month: str) -> int:
    y, m = map(int, month_name.split("-"))
    ay, am = map(int, as_of_month.split("-"))
    return (ay - y) * 12 + (am - m)


def planted(w: World, month_name: str, day_idx: np.ndarray, columns: tuple[str, ...]) -> pa.Table | None:
    """The stories' tickets of one month (None when the month has none)."""
    back = _months_back(month_name, f"{w.tl.as_of:%Y-%m}")
    spikes = [s for s in SPIKES if s[0] == back]
    chains = [c for c in CHAINS if c[0] == back]
    if not spikes:
        return None
    rng = np.random.default_rng(zlib.crc32(f"stories {month_name}".encode()))
    scale = max(1.0, (w.sizes["tickets"] / SMALL_TICKETS) ** 0.5)
    comms = w.reg.communities.reset_index(drop=True)
    index = {code: i for i, code in enumerate(w.comm_code)}
    grid_codes = w.reg.grids["code"].to_numpy(dtype=object)
    regions = w.reg.regions.set_index("code")["name"]
    first_day = w.tl.days[day_idx[0]]
    end_minute = w.tl.end_minute
    # (community index, category, subcategory, reported minute, closed minute or None, text, address)
    rows: list[tuple[int, str, str, int, int | None, str, str | None]] = []
    for _, code, cat, sub, count, texts in spikes:
        if code not in index:
            continue
        i = index[code]
        texts = texts or next(s[5] for s in SPIKES if s[3] == sub and s[5])
        for _ in range(int(round(count * scale))):
            day = int(rng.integers(0, len(day_idx)))
            minute = int((first_day + np.timedelta64(day, "D")).astype("datetime64[m]").astype(np.int64)) + int(
                rng.integers(8 * 60, 21 * 60)
            )
            close = minute + int(rng.integers(6 * 60, 72 * 60))
            rows.append((i, cat, sub, minute, close, str(texts[int(rng.integers(0, len(texts)))]), "random"))
    for _, code, sub, tail, text, steps in chains:
        if code not in index:
            continue
        i = index[code]
        cat = next(s[2] for s in SPIKES if s[3] == sub)
        for day, hours in steps:
            if day > len(day_idx):
                continue
            start = int((first_day + np.timedelta64(day - 1, "D")).astype("datetime64[m]").astype(np.int64))
            minute = start + 9 * 60 + 15
            closed_minute = None if hours is None else minute + hours * 60
            rows.append((i, cat, sub, minute, closed_minute, text, tail))
    rows = [r for r in rows if r[3] < end_minute]
    if not rows:
        return None
    rows.sort(key=lambda r: (r[3], r[0]))
    n = len(rows)
    comm = np.array([r[0] for r in rows])
    reported = np.array([r[3] for r in rows], dtype=np.int64)
    closed = np.array([r[4] if r[4] is not None and r[4] < end_minute else -1 for r in rows], dtype=np.int64)
    is_closed = closed >= 0

    def as_ts(m):
        return (m * 60).astype("datetime64[s]")

    rep_ts = as_ts(reported)

    def stage(frac):
        t = reported + ((closed - reported) * frac).astype(np.int64)
        out = as_ts(t).astype("datetime64[s]")
        out[~is_closed] = np.datetime64("NaT")
        return out

    source = [SOURCES[int(k)] for k in rng.integers(0, len(SOURCES), n)]
    accepted = as_ts(reported + 20)
    accepted[[lexicon.STAGE_RECORDED[x][0] == 0 for x in source]] = np.datetime64("NaT")  # 小喇叭 records none
    cats = np.array([r[1] for r in rows], dtype=object)
    due = deadlines.due_at(rep_ts, cats).astype("datetime64[s]")
    dept = [lexicon.DEPARTMENTS[c][0][0] for c in cats]
    place = [comms.loc[c, "code"] for c in comm]
    street = [regions.get(code[:9], "") for code in place]
    prefix = [f"{regions.get(code[:6], '')}{s}{comms.loc[c, 'name']}" for code, s, c in zip(place, street, comm)]
    address = []
    for (_, _, _, _, _, _, tail), pre in zip(rows, prefix):
        if tail == "random":
            k = int(rng.integers(0, len(lexicon.COMPOUNDS)))
            address.append(
                None
                if rng.random() < 0.3
                else f"{pre}{lexicon.COMPOUNDS[k]}{int(rng.integers(1, 30))}栋{int(rng.integers(1, 7))}单元"
                f"{int(rng.integers(1, 19)) * 100 + int(rng.integers(1, 5))}室"
            )
        else:
            address.append(None if tail is None else f"{pre}{tail}")
    # a chain stays in the community's first grid (the same grid makes a text repeat); the rest spread
    # over the community's grids
    grid = [
        grid_codes[
            int(comms.loc[c, "grid_start"])
            + (int(rng.integers(0, int(comms.loc[c, "grid_count"]))) if tail == "random" else 0)
        ]
        for c, tail in zip(comm, [r[6] for r in rows])
    ]
    day_of = (reported // 1440).astype("datetime64[D]")
    ymd = (
        (day_of.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000
        + (day_of.astype("datetime64[M]").astype(np.int64) % 12 + 1) * 100
        + (day_of - day_of.astype("datetime64[M]")).astype(np.int64)
        + 1
    )
    seq = np.arange(n) + 990001
    anonymous = np.array([a is None for a in address])
    lat0 = comms["lat"].to_numpy()[comm]
    lon0 = comms["lon"].to_numpy()[comm]
    rated = np.where(rng.random(n) < 0.5, "不满意", "基本满意")
    satisfaction = np.where(is_closed, rated, np.array(None, dtype=object))
    cols = {
        "ticket_id": pa.array([f"SQ{y}{s:06d}" for y, s in zip(ymd, seq)]),
        "source": pa.array(source),
        "category": pa.array(list(cats), pa.string()),
        "subcategory": pa.array([r[2] for r in rows]),
        "grid_code": pa.array(grid, pa.string()),
        "community_code": pa.array(place, pa.string()),
        "reported_at": pa.array(rep_ts),
        "accepted_at": pa.array(accepted),
        "dispatched_at": pa.array(stage(0.1)),
        "handled_at": pa.array(stage(0.8)),
        "verified_at": pa.array(stage(0.9)),
        "closed_at": pa.array(stage(1.0)),
        "due_at": pa.array(due),
        "due_source": pa.array(["sla"] * n),
        "department": pa.array(dept, pa.string()),
        "escalated": pa.array(np.zeros(n, dtype=bool)),
        "rework_count": pa.array(np.zeros(n, dtype=np.int32)),
        "reopen_count": pa.array(np.zeros(n, dtype=np.int32)),
        "satisfaction": pa.array(list(satisfaction), pa.string()),
        "description": pa.array([r[5] for r in rows]),
        "reporter_name": people.names(rng, n, anonymous & (rng.random(n) < 0.5)),
        "reporter_phone": people.phones(rng, n, np.zeros(n, dtype=bool)),
        "reporter_id_number": pa.nulls(n, pa.string()),
        "reporter_address": pa.array(address, pa.string()),
        "status": pa.array(np.where(is_closed, "closed", "open").tolist()),
        "source_status": pa.array(np.where(is_closed, "已办结", "办理中").tolist()),
        "lon": pa.array(np.round(lon0 + rng.normal(0, 0.002, n), 6)),
        "lat": pa.array(np.round(lat0 + rng.normal(0, 0.002, n), 6)),
    }
    return pa.table([cols[c] for c in columns], names=list(columns))
