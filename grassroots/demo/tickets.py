"""Resident requests and grid tickets (诉求工单), one month at a time.

Volume follows each community's population, more on working days; the source mix depends on the
place (茨坝 uses the 社区小喇叭 app, 魏善庄 lives on the 12345 hotline). The time to close is
lognormal around a share of the category's deadline, slower where a street is slow (and in 金马街道
in March 2026, for the analysts to find), split over the stages with a few stages not recorded by
some sources. Some tickets stall and stay open for months; the newest are still open at as_of.
A few spikes and repeat complaints are planted on top (grassroots/demo/stories.py).
"""

from __future__ import annotations

import zlib

import numpy as np
import pyarrow as pa

from grassroots import config, deadlines
from grassroots.demo import draw, lexicon, people, stories
from grassroots.demo.timeline import NULL_MINUTE, to_timestamps
from grassroots.demo.world import CITY, World, calibrate

SOURCES = lexicon.TICKET_SOURCES
CATEGORIES = tuple(lexicon.TICKET_CATEGORIES)
SUBCATEGORIES = tuple(s for c in CATEGORIES for s in lexicon.TICKET_CATEGORIES[c])
SUB_START = np.cumsum([0] + [len(lexicon.TICKET_CATEGORIES[c]) for c in CATEGORIES])[:-1]
DEPARTMENTS = tuple(dict.fromkeys(d for c in CATEGORIES for d, _ in lexicon.DEPARTMENTS[c]))
DESCRIPTIONS = tuple(t for s in SUBCATEGORIES for t in lexicon.DESCRIPTIONS[s])
DESC_START = np.cumsum([0] + [len(lexicon.DESCRIPTIONS[s]) for s in SUBCATEGORIES])[:-1]
DESC_COUNT = np.array([len(lexicon.DESCRIPTIONS[s]) for s in SUBCATEGORIES])
HOTLINE, GRID = SOURCES.index("12345热线"), SOURCES.index("网格员上报")

# source mix by place profile: (working day, other day), order of SOURCES
SOURCE_MIX = {
    "KM": ((40, 4, 34, 3, 13, 6), (22, 8, 56, 5, 3, 6)),
    "PL": ((33, 20, 17, 10, 14, 6), (17, 34, 26, 16, 2, 5)),  # 盘龙: the 云融盘龙 app's 社区小喇叭
    "PT": ((42, 0, 34, 5, 12, 7), (22, 0, 62, 9, 2, 5)),
    "DX": ((24, 0, 60, 0, 10, 6), (10, 0, 84, 0, 2, 4)),  # Beijing's 接诉即办 runs on 12345
    "GY": ((36, 0, 40, 4, 12, 8), (18, 0, 68, 6, 2, 6)),
}
PROFILES = tuple(SOURCE_MIX)
# requests per person relative to Kunming
PROFILE_VOLUME = {"KM": 1.0, "PL": 1.2, "PT": 0.9, "DX": 1.6, "GY": 1.0}

_OFFICE = (0, 0, 0, 0, 0, 0, 0, 0.5, 4, 7, 7, 5, 1.5, 1, 4, 6, 6, 5, 2, 0.6, 0.3, 0.1, 0, 0)
_HOTLINE = (0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 5, 7, 7, 6, 4, 4, 6, 6, 6, 5, 4, 4, 4, 3, 1.5, 0.7)
_APP = (0.3, 0.1, 0, 0, 0, 0.1, 0.5, 2, 4, 4, 4, 4, 4, 3, 3, 3, 3, 4, 5, 6, 7, 6, 3, 1)
_NOTEBOOK = (0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 6, 5, 1, 1, 3, 5, 5, 3, 0.5, 0.3, 0, 0, 0, 0)
HOURS = draw.Choice([_OFFICE, _APP, _HOTLINE, _NOTEBOOK, _OFFICE, _OFFICE])

ESCALATE = {
    "紧急事件": 0.03,
    "水电气暖": 0.03,
    "市容环境": 0.05,
    "道路交通": 0.07,
    "物业管理": 0.06,
    "邻里纠纷": 0.03,
    "公共设施": 0.05,
    "民生服务": 0.02,
    "违章建筑": 0.15,
}
STALL = {"违章建筑": 0.09, "邻里纠纷": 0.045, "物业管理": 0.045, "紧急事件": 0.005}
ROUND_THE_CLOCK = ("紧急事件", "水电气暖")
STAGE_ALPHA = np.array([0.5, 1.0, 6.0, 1.6, 0.8])  # reported->accepted->dispatched->handled->verified->closed
SLOW_SPELL = ("530111004", "2026-03", 2.6)  # 金马街道, March 2026

COLUMNS = (
    "ticket_id",
    "source",
    "category",
    "subcategory",
    "grid_code",
    "community_code",
    "reported_at",
    "accepted_at",
    "dispatched_at",
    "handled_at",
    "verified_at",
    "closed_at",
    "due_at",
    "due_source",
    "department",
    "escalated",
    "rework_count",
    "reopen_count",
    "satisfaction",
    "description",
    "reporter_name",
    "reporter_phone",
    "reporter_id_number",
    "reporter_address",
    "status",
    "source_status",
    "lon",
    "lat",
)


def _setup(w: World) -> dict:
    if "tickets" in w.cache:
        return w.cache["tickets"]
    c = w.reg.communities
    profile = np.array([PROFILES.index("PL" if d == "530103" else f) for d, f in zip(c["district"], c["family"])])
    base = w.people**0.95 * np.array([PROFILE_VOLUME[PROFILES[p]] for p in profile])
    base[(c["street"] == "530103008").to_numpy()] *= 1.3  # 茨坝: the governance pilot
    tl = w.tl
    dayfac = np.where(tl.workday, 1.0, 0.6) * np.where(tl.festival, 0.8, 1.0) * 1.12 ** (3 * tl.progress)
    k = calibrate(base.sum() * dayfac.sum(), w.sizes["tickets"])
    default, by_cat = config.sla()
    rules = [by_cat.get(cat, default) for cat in CATEGORIES]
    sla_min = np.array([r.amount * 60 if r.unit == "hours" else r.amount * 1.4 * 1440 for r in rules])
    street_speed = np.array([np.random.default_rng(zlib.crc32(s.encode())).lognormal(0, 0.25) for s in w.street_codes])
    grid_codes = w.reg.grids["code"].to_numpy(dtype=object)
    s = dict(
        rate=base * k,
        dayfac=dayfac,
        profile=profile,
        sla_min=sla_min,
        working_day_rule=np.array([r.unit == "working_days" for r in rules]),
        street_speed=street_speed,
        grid_codes=grid_codes,
        src=draw.Choice([m for p in PROFILES for m in SOURCE_MIX[p]]),
        cat=draw.Choice([lexicon.CATEGORY_BY_SOURCE[s] for s in SOURCES]),
        sub=draw.Choice(draw.padded([lexicon.SUBCATEGORY_WEIGHTS[c] for c in CATEGORIES])),
        dept=draw.Choice(draw.padded([[wt for _, wt in lexicon.DEPARTMENTS[c]] for c in CATEGORIES])),
        dept_index=draw.padded([[DEPARTMENTS.index(d) for d, _ in lexicon.DEPARTMENTS[c]] for c in CATEGORIES]).astype(
            int
        ),
        escalate=np.array([ESCALATE[c] for c in CATEGORIES]),
        round_the_clock=np.array([c in ROUND_THE_CLOCK for c in CATEGORIES]),
        stall=np.array([STALL.get(c, 0.025) for c in CATEGORIES]),
        recorded=np.array([lexicon.STAGE_RECORDED[s] for s in SOURCES]),
        district_prefix=c["district"].astype(np.int64).to_numpy(),
        place_prefix=(
            c["family"].map(CITY)
            + c["district"].map(_district_names(w))
            + c["street"].map(_street_names(w))
            + c["name"]
        ).to_numpy(dtype=object),
        village=c["village"].to_numpy(),
    )
    w.cache["tickets"] = s
    return s


def _district_names(w: World) -> dict:
    r = w.reg.regions
    return dict(zip(r.loc[r["level"] == "district", "code"], r.loc[r["level"] == "district", "name"]))


def _street_names(w: World) -> dict:
    r = w.reg.regions
    return dict(zip(r.loc[r["level"] == "street", "code"], r.loc[r["level"] == "street", "name"]))


def month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    s = _setup(w)
    tl = w.tl
    lam = s["rate"][:, None] * s["dayfac"][None, day_idx]
    counts = rng.poisson(lam).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    comm, day = cell // len(day_idx), day_idx[cell % len(day_idx)]
    n = len(comm)
    off = ~tl.workday[day]
    source = s["src"](rng, s["profile"][comm] * 2 + off)
    hour = HOURS(rng, source)
    reported = tl.day_start_minute(day) + hour * 60 + rng.integers(0, 60, n)
    order = np.lexsort((comm, reported))
    comm, day, source, reported = comm[order], day[order], source[order], reported[order]

    cat = s["cat"](rng, source)
    sub = SUB_START[cat] + s["sub"](rng, cat)
    dept = s["dept_index"][cat, s["dept"](rng, cat)]
    grid = draw.within(
        rng, w.reg.communities["grid_start"].to_numpy()[comm], w.reg.communities["grid_count"].to_numpy()[comm]
    )
    escalated = rng.random(n) < s["escalate"][cat]
    void = rng.random(n)
    duplicate = void < np.where(source == HOTLINE, 0.03, 0.012)
    cancelled = ~duplicate & (void < np.where(source == HOTLINE, 0.04, 0.022))
    stalled = ~duplicate & ~cancelled & (rng.random(n) < s["stall"][cat] * np.where(escalated, 2.0, 1.0))

    # time to close, split over the stages
    speed = s["street_speed"][w.comm_street[comm]] * (1 - 0.12 * tl.progress[day]) * np.where(escalated, 1.5, 1.0)
    if month_name == SLOW_SPELL[1]:
        speed = speed * np.where(w.street_codes[w.comm_street[comm]] == SLOW_SPELL[0], SLOW_SPELL[2], 1.0)
    total = np.maximum(5.0, draw.lognormal_minutes(rng, 0.36 * s["sla_min"][cat] * speed, 0.85))
    gaps = rng.gamma(STAGE_ALPHA[None, :], 1.0, (n, len(STAGE_ALPHA)))
    frac = np.cumsum(gaps / gaps.sum(axis=1, keepdims=True), axis=1)
    rework = np.minimum(2, rng.geometric(np.where(escalated, 0.9, 0.955)) - 1)
    rework_extra = rework * draw.lognormal_minutes(rng, 0.25 * s["sla_min"][cat], 0.6)
    stage = reported[:, None] + np.floor(total[:, None] * frac).astype(np.int64)
    stage[:, 3:] += rework_extra.astype(np.int64)[:, None]  # a failed check sends it back before 核查
    # departments work days and evenings: a stage due at night moves to the next morning, except for
    # emergencies and utilities, which are handled round the clock
    night = ~s["round_the_clock"][cat]
    tod = stage % 1440
    wait = np.where(tod < 450, 450 - tod, np.where(tod >= 1320, 1440 - tod + 450, 0)) + rng.integers(0, 90, stage.shape)
    stage = np.maximum.accumulate(stage + np.where(night[:, None] & ((tod < 450) | (tod >= 1320)), wait, 0), axis=1)
    stage[:, 4] = np.maximum(stage[:, 4], reported + 1)

    end = tl.end_minute
    rec = s["recorded"][source]
    keep = np.ones((n, 5), dtype=bool)
    keep[:, 0] = rng.random(n) < rec[:, 0]
    keep[:, 1] = rng.random(n) < rec[:, 1]
    keep[:, 3] = rng.random(n) < rec[:, 2]
    keep &= stage < end
    keep[stalled, 2:] = False
    keep[duplicate | cancelled, 1:] = False
    closed = keep[:, 4]
    status = np.where(duplicate, 3, np.where(cancelled, 2, np.where(closed, 1, 0)))  # open closed cancelled duplicate
    rework = np.where(keep[:, 3], rework, 0)  # a send-back is a failed 核查: only where one is recorded
    stage = np.where(keep, stage, NULL_MINUTE)

    reported_ts = to_timestamps(reported)
    category_names = np.asarray(CATEGORIES, dtype=object)[cat]
    due = deadlines.due_at(reported_ts, category_names)
    hotline = source == HOTLINE
    # the hotline writes its own deadline: the working-day rule ends at 18:00 rather than midnight
    own = hotline & s["working_day_rule"][cat]
    due[own] = due[own].astype("datetime64[D]") + np.timedelta64(18, "h")

    late = closed & (stage[:, 4] > due.astype("datetime64[m]").astype(np.int64))
    sat_w = np.where((rework > 0)[:, None], [35, 30, 25, 10], np.where(late[:, None], [42, 26, 20, 12], [68, 19, 4, 9]))
    sat_u = rng.random(n) * sat_w.sum(axis=1)
    satisfaction = (sat_u[:, None] > np.cumsum(sat_w, axis=1)).sum(axis=1)
    satisfaction = np.where(closed & ~((source == GRID) & (rng.random(n) < 0.5)), satisfaction, 3)
    reopen = (closed & (rng.random(n) < 0.015)).astype(np.int32)

    handled = keep[:, 2]
    words = np.array(["待受理", "办理中", "待核查", "已办结", "已关闭", "已撤销", "重复工单"], dtype=object)
    open_word = np.where(handled, 2, np.where(keep[:, 0] | keep[:, 1], 1, 0))
    closed_word = np.where(rng.random(n) < 0.12, 4, 3)
    source_status = np.select([status == 0, status == 1, status == 2], [open_word, closed_word, 5], 6)

    anonymous = rng.random(n) < np.where(hotline, 0.15, 0.05)
    no_phone = anonymous | (rng.random(n) < 0.04)
    no_id = anonymous | (rng.random(n) < 0.65)
    no_address = anonymous | (rng.random(n) < 0.15)
    compound = rng.integers(0, len(lexicon.COMPOUNDS), n)
    desc = DESC_START[sub] + (rng.random(n) * DESC_COUNT[sub]).astype(np.int64)
    building = draw.number_text(rng.integers(1, 30, n))
    unit = draw.number_text(rng.integers(1, 7, n))
    room = draw.number_text(rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n))
    village = s["village"][comm]
    address = draw.join(
        draw.text(s["place_prefix"], comm),
        draw.nullify(draw.text(lexicon.COMPOUNDS, compound), village),
        building,
        draw.nullify(draw.join("栋", unit, "单元", room, "室"), village),
        draw.nullify(pa.array(np.full(n, "号"), pa.string()), ~village),
        skip_nulls=True,
    )
    lat0 = w.reg.communities["lat"].to_numpy()[comm]
    lon0 = w.reg.communities["lon"].to_numpy()[comm]
    lat = np.round(lat0 + rng.normal(0, 0.35, n) / 111.0, 6)
    lon = np.round(lon0 + rng.normal(0, 0.35, n) / (111.0 * np.cos(np.radians(lat0))), 6)

    cols = {
        "ticket_id": draw.ids("SQ", tl.ymd[day], draw.seq_in_day(day), 6),
        "source": draw.text(SOURCES, source),
        "category": draw.text(CATEGORIES, cat),
        "subcategory": draw.text(SUBCATEGORIES, sub),
        "grid_code": draw.text(s["grid_codes"], grid),
        "community_code": draw.text(w.comm_code, comm),
        "reported_at": pa.array(reported_ts),
        "accepted_at": pa.array(to_timestamps(stage[:, 0])),
        "dispatched_at": pa.array(to_timestamps(stage[:, 1])),
        "handled_at": pa.array(to_timestamps(stage[:, 2])),
        "verified_at": pa.array(to_timestamps(stage[:, 3])),
        "closed_at": pa.array(to_timestamps(stage[:, 4])),
        "due_at": pa.array(due.astype("datetime64[s]")),
        "due_source": draw.text(("sla", "ticket"), hotline.astype(int)),
        "department": draw.text(DEPARTMENTS, dept),
        "escalated": pa.array(escalated & (status < 2)),
        "rework_count": pa.array(rework.astype(np.int32)),
        "reopen_count": pa.array(reopen),
        "satisfaction": draw.text(lexicon.SATISFACTION + ("",), np.minimum(satisfaction, 3), satisfaction >= 3),
        "description": draw.join(draw.text(lexicon.COMPOUNDS, compound), draw.text(DESCRIPTIONS, desc)),
        "reporter_name": people.names(rng, n, anonymous),
        "reporter_phone": people.phones(rng, n, no_phone),
        "reporter_id_number": people.id_numbers(rng, n, s["district_prefix"][comm], no_id),
        "reporter_address": draw.nullify(address, no_address),
        "status": draw.text(("open", "closed", "cancelled", "duplicate"), status),
        "source_status": draw.text(words, source_status),
        "lon": pa.array(lon),
        "lat": pa.array(lat),
    }
    table = pa.table([cols[c] for c in COLUMNS], names=list(COLUMNS))
    extra = stories.planted(w, month_name, day_idx, COLUMNS)  # hot spots and repeats to find
    return table if extra is None else pa.concat_tables([table, extra.cast(table.schema)])
