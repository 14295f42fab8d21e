"""Service records (办件) at the centres, one month at a time.

Three streams per centre: the counter in office hours (plus extended hours where the centre keeps
them: weekday noon and evening, weekends), online and mobile submissions at any hour (a growing
share over the three years), and Putian's 24-hour self-service machines. A centre works from the
day it opened. Items come from the centre's published list by popularity; processing time is
lognormal around the item's median; ratings come from the evaluation devices.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from grassroots.demo import draw, lexicon
from grassroots.demo.centres import EXT_EVENING, EXT_NOON, EXT_WEEKEND, OFFICE_HOURS
from grassroots.demo.timeline import NULL_MINUTE, to_timestamps
from grassroots.demo.world import World, calibrate

CHANNELS = lexicon.CHANNELS
WINDOW, ONLINE, MOBILE, KIOSK, PROXY, HOME = range(6)
OUTCOMES = lexicon.OUTCOMES
_ONLINE_HOURS = (0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 3, 5, 5, 4, 3, 3, 4, 4, 4, 3.5, 3, 3.5, 4, 3.5, 2, 0.8)
_KIOSK_HOURS = (0.1, 0.05, 0, 0, 0, 0.05, 0.2, 1, 3, 4, 4, 3, 2.5, 2.5, 3, 3.5, 3.5, 3, 3, 3.5, 3, 2, 1, 0.3)
HOURS = draw.Choice([_ONLINE_HOURS, _KIOSK_HOURS])
# counter channels by kind of centre: 窗口, 网上办, 掌上办, 自助终端, 帮代办, 上门服务
COUNTER_MIX = {
    "default": (90, 0, 0, 3, 4, 3),
    "村级政务服务站": (76, 0, 0, 0, 14, 10),  # village agents (代办员), phone booking and home visits
    "邻里中心": (93, 0, 0, 0, 4, 3),  # self-service is its own 24-hour stream
}
RATED = np.array([0.85, 0.3, 0.35, 0.2, 0.6, 0.9])  # share of services rated, by channel
TONGBAN = {"党群服务中心/社区": 0.07, "便民党群服务中心": 0.09, "邻里中心": 0.16, "村级政务服务站": 0.28}
COLUMNS = (
    "service_id",
    "centre_id",
    "item_code",
    "item_name",
    "channel",
    "accepted_at",
    "finished_at",
    "applicant_community_code",
    "rating",
    "outcome",
)


def online_share(progress: np.ndarray) -> np.ndarray:
    return 0.18 + 0.22 * progress


def _setup(w: World) -> dict:
    if "services" in w.cache:
        return w.cache["services"]
    ce, tl = w.cen.centres, w.tl
    n_c = len(ce)
    vol = ce["volume"].to_numpy(dtype=float)
    ext_weekend = ce["ext_weekend"].to_numpy(dtype=bool)
    kiosk = (ce["kind"] == "邻里中心").to_numpy()
    all_days = np.arange(len(tl.days))
    active = w.centre_active(all_days)
    office, online, kiosk_rate = _day_rates(w, vol, ext_weekend, kiosk, all_days)
    k = calibrate((active * (office + online + kiosk_rate)).sum(), w.sizes["services"])

    # office-hour segments: working day (office AM, PM, noon, evening) and other days (weekend hours)
    seg_start = np.zeros((n_c * 2, 4), dtype=np.int64)
    seg_end = np.zeros((n_c * 2, 4), dtype=np.int64)
    seg_w = np.zeros((n_c * 2, 4))
    for i, (fam, noon, eve) in enumerate(zip(ce["family"], ce["ext_noon"], ce["ext_evening"])):
        (a1, b1), (a2, b2) = OFFICE_HOURS[fam]
        spans = [(a1, b1, 1.0), (a2, b2, 1.0), (*EXT_NOON, 0.3 if noon else 0.0), (*EXT_EVENING, 0.3 if eve else 0.0)]
        for j, (a, b, wt) in enumerate(spans):
            seg_start[2 * i, j], seg_end[2 * i, j], seg_w[2 * i, j] = a, b, wt * (b - a)
        seg_start[2 * i + 1, 0], seg_end[2 * i + 1, 0], seg_w[2 * i + 1, 0] = *EXT_WEEKEND, 1.0

    # published lists: item weights per centre, counter and online
    items = w.cen.items
    item_pos = {c: i for i, c in enumerate(items["item_code"])}
    ci = w.cen.centre_items
    centre_pos = {c: i for i, c in enumerate(ce["centre_id"])}
    rows_idx: list[list[int]] = [[] for _ in range(n_c)]
    rows_w: list[list[float]] = [[] for _ in range(n_c)]
    for cid, code, wt in zip(ci["centre_id"], ci["item_code"], ci["weight"]):
        rows_idx[centre_pos[cid]].append(item_pos[code])
        rows_w[centre_pos[cid]].append(wt)
    idx = draw.padded(rows_idx, fill=0).astype(np.int64)
    wts = draw.padded(rows_w)
    online_ok = items["online"].to_numpy(dtype=bool)[idx]
    online_w = np.where(online_ok, wts, 0.0)
    online_w[online_w.sum(axis=1) == 0] = wts[online_w.sum(axis=1) == 0]
    pick_w = np.empty((n_c * 2, idx.shape[1]))
    pick_w[0::2], pick_w[1::2] = wts, online_w

    kinds = ce["kind"].to_numpy()
    mix = np.array([COUNTER_MIX.get(kd, COUNTER_MIX["default"]) for kd in kinds])
    tongban = np.array([TONGBAN.get(kd, 0.0) for kd in kinds])
    tongban[(ce["name"] == "阔口社区“党建+”邻里中心").to_numpy()] = 0.35  # serves 3 communities
    s = dict(
        k=k,
        vol=vol,
        ext_weekend=ext_weekend,
        kiosk=kiosk,
        seg=draw.Choice(seg_w),
        seg_start=seg_start,
        seg_end=seg_end,
        item=draw.Choice(pick_w),
        item_idx=idx,
        item_codes=items["item_code"].to_numpy(dtype=object),
        item_names=items["item_name"].to_numpy(dtype=object),
        item_minutes=items["median_minutes"].to_numpy(dtype=float),
        item_proxy=(items["list_kind"] == "代办").to_numpy(),
        counter=draw.Choice(mix),
        tongban=tongban,
        street_centre=(kinds == "党群服务中心/街道"),
        rating=draw.Choice([[64, 24, 7, 5], [25, 30, 20, 25]]),
        outcome=draw.Choice([94.5, 4.0, 1.5]),
        centre_ids=ce["centre_id"].to_numpy(dtype=object),
    )
    w.cache["services"] = s
    return s


def _day_rates(w: World, vol, ext_weekend, kiosk, day_idx):
    """Unscaled expected counts per centre and day for the counter, online and self-service streams."""
    tl = w.tl
    growth = 1.06 ** (3 * tl.progress[day_idx])
    share = online_share(tl.progress[day_idx])
    work, fest = tl.workday[day_idx], tl.festival[day_idx]
    counter_day = (
        np.where(work[None, :], 1.0, np.where(ext_weekend[:, None], 0.45, 0.0)) * np.where(fest, 0.3, 1.0)[None, :]
    )
    office = vol[:, None] * counter_day * (growth * (1 - share))[None, :]
    online = vol[:, None] * (growth * share * np.where(work, 1.0, 0.55))[None, :]
    kiosk_rate = (vol * kiosk * 0.12)[:, None] * growth[None, :]
    return office, online, kiosk_rate


def month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    s = _setup(w)
    tl = w.tl
    active = w.centre_active(day_idx)
    office, online, kiosk = _day_rates(w, s["vol"], s["ext_weekend"], s["kiosk"], day_idx)
    parts = []
    for kind, lam in enumerate((office, online, kiosk)):
        counts = rng.poisson(lam * active * s["k"]).ravel()
        cell = np.repeat(np.arange(counts.size), counts)
        parts.append((np.full(len(cell), kind), cell // len(day_idx), day_idx[cell % len(day_idx)]))
    stream = np.concatenate([p[0] for p in parts])
    centre = np.concatenate([p[1] for p in parts])
    day = np.concatenate([p[2] for p in parts])
    n = len(centre)

    off = (~tl.workday[day]).astype(np.int64)
    counter = stream == 0
    g = centre * 2 + off
    seg = s["seg"](rng, g)
    a, b = s["seg_start"][g, seg], s["seg_end"][g, seg]
    counter_min = a + (rng.random(n) * (b - a)).astype(np.int64)
    anytime_min = HOURS(rng, (stream == 2).astype(np.int64)) * 60 + rng.integers(0, 60, n)
    accepted = tl.day_start_minute(day) + np.where(counter, counter_min, anytime_min)
    order = np.lexsort((centre, accepted))
    stream, centre, day, accepted, counter = stream[order], centre[order], day[order], accepted[order], counter[order]

    local = s["item"](rng, centre * 2 + (~counter).astype(np.int64))
    item = s["item_idx"][centre, local]
    channel = s["counter"](rng, centre)
    channel = np.where(s["item_proxy"][item] & (rng.random(n) < 0.75), PROXY, channel)
    mobile = rng.random(n) < 0.35 + 0.3 * tl.progress[day]
    channel = np.where(stream == 1, np.where(mobile, MOBILE, ONLINE), np.where(stream == 2, KIOSK, channel))

    minutes = draw.lognormal_minutes(rng, s["item_minutes"][item] * np.where(counter, 1.0, 1.3), 0.7)
    finished = accepted + np.maximum(1, minutes.astype(np.int64))
    done = finished < tl.end_minute
    finished = np.where(done, finished, NULL_MINUTE)
    outcome = s["outcome"].one(rng, n)
    returned = outcome == 1
    rated = done & (rng.random(n) < RATED[channel])
    rating = np.array([5, 4, 3, 1])[s["rating"](rng, returned.astype(np.int64))]

    own = w.centre_comm[centre]
    start, count = w.street_start[own], w.street_count[own]
    elsewhere = rng.random(n) < s["tongban"][centre] + np.where(counter, 0.0, 0.08)
    shift = 1 + (rng.random(n) * np.maximum(count - 1, 1)).astype(np.int64)
    other = start + (own - start + shift) % count
    anyone = draw.within(rng, start, count)
    applicant = np.where(s["street_centre"][centre], anyone, np.where(elsewhere, other, own))
    unknown = rng.random(n) < 0.03

    cols = {
        "service_id": draw.ids("BJ", tl.ymd[day], draw.seq_in_day(day), 6),
        "centre_id": draw.text(s["centre_ids"], centre),
        "item_code": draw.text(s["item_codes"], item),
        "item_name": draw.text(s["item_names"], item),
        "channel": draw.text(CHANNELS, channel),
        "accepted_at": pa.array(to_timestamps(accepted)),
        "finished_at": pa.array(to_timestamps(finished)),
        "applicant_community_code": draw.text(w.comm_code, applicant, unknown),
        "rating": draw.masked(rating.astype(np.int32), ~rated),
        "outcome": draw.text(OUTCOMES, outcome, ~done),
    }
    return pa.table([cols[c] for c in COLUMNS], names=list(COLUMNS))
