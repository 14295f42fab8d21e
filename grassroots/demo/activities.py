"""Activities (活动) at the centres, one month at a time, by the 1+6+X functions.

Most happen on weekends or weekday evenings and afternoons; 凤凰山社区's centre keeps its
published pace (about two a week: 86+ activities and 4,000+ person-visits in 2026), with the
English corner run with 云南财经大学国际语言学院's student volunteers.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from grassroots.demo import draw, lexicon
from grassroots.demo.world import World, calibrate

CATEGORIES = lexicon.ACTIVITY_CATEGORIES
TITLES = tuple(t for c in CATEGORIES for t in lexicon.ACTIVITY_TITLES[c])
TITLE_START = np.cumsum([0] + [len(lexicon.ACTIVITY_TITLES[c]) for c in CATEGORIES])[:-1]
TITLE_COUNT = np.array([len(lexicon.ACTIVITY_TITLES[c]) for c in CATEGORIES])
MEDIAN_PARTICIPANTS = np.array([25, 35, 40, 45, 50, 40, 30], dtype=float)
# time slots (start minute, length): working days, then other days
SLOTS = ((570, 90), (900, 90), (990, 90), (1140, 120), (570, 120), (870, 120), (1140, 120))
SLOT_W = draw.Choice([(3, 2, 1.5, 2, 0, 0, 0), (0, 0, 0, 0, 3, 3, 1)])
FENGHUANGSHAN = ("凤凰山社区", "530111004")
FHS_PER_DAY = 0.29  # about two a week: 94 between 1 January and 20 November
FHS_CATEGORIES = (35, 10, 6, 4, 30, 8, 7)
ENGLISH_CORNER = ("少儿英语角", "云南财经大学国际语言学院")
COLUMNS = (
    "activity_id",
    "centre_id",
    "date",
    "start_time",
    "end_time",
    "category",
    "title",
    "participants",
    "volunteers",
    "partner",
)


def _partners(w: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All partner names, and each centre's slice of them (its district's co-building units)."""
    names: list[str] = []
    start, count = {}, {}
    dnames = w.reg.regions.set_index("code")["name"]
    for d in sorted(w.reg.communities["district"].unique()):
        units = lexicon.PARTNERS.get(d) or tuple(dnames[d] + u for u in lexicon.GENERIC_PARTNER_UNITS)
        start[d], count[d] = len(names), len(units)
        names.extend(units)
    dist = w.reg.communities["district"].to_numpy()[w.centre_comm]
    return np.array(names, dtype=object), np.array([start[d] for d in dist]), np.array([count[d] for d in dist])


def _setup(w: World) -> dict:
    if "activities" in w.cache:
        return w.cache["activities"]
    ce, tl = w.cen.centres, w.tl
    fhs = w.centre_index(f"{w.reg.communities.loc[w.community(*FENGHUANGSHAN), 'code']}-BM")
    rate = ce["activity_rate"].to_numpy(dtype=float) / 7.0
    rate[fhs] = 0.0
    village = w.reg.communities["village"].to_numpy()[w.centre_comm]
    dayfac = _dayfac(tl, np.arange(len(tl.days)))
    k = calibrate(
        (w.centre_active(np.arange(len(tl.days))) * rate[:, None] * dayfac[None, :]).sum(),
        w.sizes["activities"] - FHS_PER_DAY * max(0, len(tl.days) - w.centre_open_day[fhs]),
    )
    rng = np.random.default_rng([w.seed, 31])
    cat_w = np.asarray(lexicon.ACTIVITY_CATEGORY_WEIGHTS, dtype=float)[None, :] * rng.lognormal(
        0, 0.3, (len(ce), len(CATEGORIES))
    )
    cat_w[village] *= np.array([0.6, 1.4, 1.2, 1.0, 0.8, 1.6, 1.0])
    cat_w[fhs] = FHS_CATEGORIES
    partner_names, partner_start, partner_count = _partners(w)
    s = dict(
        rate=rate * k,
        fhs=fhs,
        village=village,
        cat=draw.Choice(cat_w),
        partner_names=partner_names,
        partner_start=partner_start,
        partner_count=partner_count,
        centre_ids=ce["centre_id"].to_numpy(dtype=object),
    )
    s["fhs_days"] = _fenghuangshan_days(w, fhs)
    w.cache["activities"] = s
    return s


def _dayfac(tl, day_idx):
    work = tl.workday[day_idx]
    return np.where(work, 0.85, 1.8) / (5 * 0.85 + 2 * 1.8) * 7 * np.where(tl.festival[day_idx], 0.7, 1.0)


def _fenghuangshan_days(w: World, fhs: int) -> np.ndarray:
    """The day indexes of 凤凰山's activities for the whole window: about two a week from the day
    its centre opened, weekends favoured."""
    rng = np.random.default_rng([w.seed, 32])
    tl = w.tl
    days = np.arange(w.centre_open_day[fhs], len(tl.days))
    out = []
    years = tl.days[days].astype("datetime64[Y]")
    for y in np.unique(years):
        in_year = days[years == y]
        n = int(round(FHS_PER_DAY * len(in_year)))
        p = np.where(tl.workday[in_year], 1.0, 2.5)
        out.append(np.sort(rng.choice(in_year, n, replace=n > len(in_year), p=p / p.sum())))
    return np.concatenate(out) if out else np.array([], dtype=np.int64)


def month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    s = _setup(w)
    tl = w.tl
    lam = w.centre_active(day_idx) * s["rate"][:, None] * _dayfac(tl, day_idx)[None, :]
    counts = rng.poisson(lam).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    centre, day = cell // len(day_idx), day_idx[cell % len(day_idx)]
    fhs_day = s["fhs_days"][(s["fhs_days"] >= day_idx[0]) & (s["fhs_days"] <= day_idx[-1])]
    centre = np.concatenate([centre, np.full(len(fhs_day), s["fhs"])])
    day = np.concatenate([day, fhs_day])
    n = len(centre)
    off = (~tl.workday[day]).astype(np.int64)
    slot = SLOT_W(rng, off)
    start = np.array([a for a, _ in SLOTS])[slot] + rng.choice([0, 0, 0, 15, 30], n)
    length = np.array([b for _, b in SLOTS])[slot] + rng.choice([-30, 0, 0, 30], n)
    order = np.lexsort((centre, start, day))
    centre, day, start, length, off = centre[order], day[order], start[order], length[order], off[order]

    cat = s["cat"](rng, centre)
    title = TITLE_START[cat] + (rng.random(n) * TITLE_COUNT[cat]).astype(np.int64)
    participants = np.clip(
        draw.lognormal_minutes(rng, MEDIAN_PARTICIPANTS[cat] * np.where(s["village"][centre], 0.6, 1.0), 0.55), 3, 400
    ).astype(np.int64)
    volunteers = rng.poisson(1.5 + participants / 14.0)
    has_partner = rng.random(n) < 0.35
    partner = draw.within(rng, s["partner_start"][centre], s["partner_count"][centre])
    titles = np.asarray(TITLES, dtype=object)[title]
    partners = np.where(has_partner, s["partner_names"][partner], np.array(None, dtype=object))
    fhs = centre == s["fhs"]
    english = fhs & (cat == 0) & (off == 1) & (rng.random(n) < 0.5)
    titles[english] = ENGLISH_CORNER[0]
    english = fhs & (titles == ENGLISH_CORNER[0])
    partners[english] = ENGLISH_CORNER[1]
    participants[english] = 20 + rng.integers(0, 15, english.sum())
    volunteers[english] = 20 + rng.integers(0, 6, english.sum())
    participants[fhs & ~english] = np.maximum(participants[fhs & ~english], 40)  # 4,000+ visits a year

    cols = {
        "activity_id": draw.ids("HD", tl.ymd[day], draw.seq_in_day(day), 4),
        "centre_id": draw.text(s["centre_ids"], centre),
        "date": pa.array(tl.days[day]),
        "start_time": pa.array((start * 60).astype(np.int32), pa.time32("s")),
        "end_time": pa.array(((start + length) * 60).astype(np.int32), pa.time32("s")),
        "category": draw.text(CATEGORIES, cat),
        "title": pa.array(titles, pa.string()),
        "participants": pa.array(participants.astype(np.int32)),
        "volunteers": pa.array(volunteers.astype(np.int32)),
        "partner": pa.array(partners, pa.string()),
    }
    return pa.table([cols[c] for c in COLUMNS], names=list(COLUMNS))
