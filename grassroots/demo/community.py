"""Community life, one month at a time: residents' wishes (微心愿) and who claims them, volunteer
service hours and time-bank points (志愿服务, 时间银行), and in-service party members reporting to
communities (在职党员报到).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from grassroots.demo import draw, lexicon, people
from grassroots.demo.world import World, calibrate

WISH_CATEGORIES = tuple(lexicon.WISH_CATEGORIES)
WISH_TEXTS = tuple(t for c in WISH_CATEGORIES for t in lexicon.WISH_CATEGORIES[c])
WISH_START = np.cumsum([0] + [len(lexicon.WISH_CATEGORIES[c]) for c in WISH_CATEGORIES])[:-1]
WISH_COUNT = np.array([len(lexicon.WISH_CATEGORIES[c]) for c in WISH_CATEGORIES])
OTHER_CLAIMERS = ("辖区爱心商户", "物业服务企业", "社会组织", "爱心人士")
HOURS = np.array([1.0, 1.5, 2.0, 2.5, 3.0, 4.0])
HOUR_W = draw.Choice([20, 15, 30, 10, 15, 10])
REDEEM = np.array([20.0, 30.0, 50.0, 100.0, 200.0])
POINTS_PER_HOUR = 10.0
JINXIAOMA = ("凤凰山社区", "530111004", "金小马志愿服务队", 572)  # 560+ members
# members of a centre's volunteer teams, by kind of centre
TEAM_SIZE = {
    "党群服务中心/街道": (150, 400),
    "党群服务中心/社区": (30, 120),
    "便民党群服务中心": (80, 250),
    "邻里中心": (100, 300),
    "村级政务服务站": (10, 30),
}
WISH_COLUMNS = (
    "wish_id",
    "community_code",
    "raised_on",
    "category",
    "content",
    "claimed_on",
    "claimed_by",
    "claimer_type",
    "fulfilled_on",
    "status",
)
VOL_COLUMNS = ("record_id", "volunteer_id", "team", "centre_id", "date", "hours", "points_earned", "points_redeemed")
PARTY_COLUMNS = ("member_id", "organisation", "community_code", "reported_on", "post")


def _days_after(rng: np.random.Generator, median: float, n: int) -> np.ndarray:
    return np.floor(median * rng.lognormal(0, 0.8, n)).astype(np.int64)


# --- wishes --------------------------------------------------------------------------------------


def _wish_setup(w: World) -> dict:
    if "wishes" in w.cache:
        return w.cache["wishes"]
    c, tl = w.reg.communities, w.tl
    base = w.people**0.7
    base[(c["street"] == "530103008").to_numpy()] *= 2.0  # 茨坝's 心愿本
    base[(c["name"] == "青松路社区").to_numpy()] *= 2.0
    dayfac = np.where(tl.workday, 1.0, 1.3)
    k = calibrate(base.sum() * dayfac.sum(), w.sizes["wishes"])
    dnames = w.reg.regions.set_index("code")["name"]
    units: list[str] = []
    start, count = {}, {}
    for d in sorted(c["district"].unique()):
        names = lexicon.PARTNERS.get(d) or tuple(dnames[d] + u for u in lexicon.GENERIC_PARTNER_UNITS)
        start[d], count[d] = len(units), len(names)
        units.extend(names)
    s = dict(
        rate=base * k,
        dayfac=dayfac,
        units=np.array(units, dtype=object),
        unit_start=c["district"].map(start).to_numpy(),
        unit_count=c["district"].map(count).to_numpy(),
        teams=(c["name"] + "志愿服务队").to_numpy(dtype=object),
        cat=draw.Choice(lexicon.WISH_CATEGORY_WEIGHTS),
        claimer=draw.Choice(lexicon.CLAIMER_TYPE_WEIGHTS),
    )
    s["teams"][w.community(*JINXIAOMA[:2])] = JINXIAOMA[2]
    w.cache["wishes"] = s
    return s


def wishes_month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    s = _wish_setup(w)
    tl = w.tl
    counts = rng.poisson(s["rate"][:, None] * s["dayfac"][None, day_idx]).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    comm, day = cell // len(day_idx), day_idx[cell % len(day_idx)]
    order = np.lexsort((comm, day))
    comm, day = comm[order], day[order]
    n = len(comm)
    last = len(tl.days) - 1
    cat = s["cat"].one(rng, n)
    text = WISH_START[cat] + (rng.random(n) * WISH_COUNT[cat]).astype(np.int64)
    claim_day = day + _days_after(rng, 4, n)
    claimed = (rng.random(n) < 0.88) & (claim_day <= last)
    done_day = claim_day + _days_after(rng, 9, n)
    fulfilled = claimed & (rng.random(n) < 0.93) & (done_day <= last)
    ctype = s["claimer"].one(rng, n)
    unit = draw.within(rng, s["unit_start"][comm], s["unit_count"][comm])
    person = people.names(rng, n).to_numpy(zero_copy_only=False)
    by = np.select(
        [ctype == 0, ctype == 1, ctype == 2],
        [person, s["units"][unit], s["teams"][comm]],
        np.asarray(OTHER_CLAIMERS, dtype=object)[rng.integers(0, len(OTHER_CLAIMERS), n)],
    )
    status = np.where(fulfilled, 2, np.where(claimed, 1, 0))
    cols = {
        "wish_id": draw.ids("XY", tl.ymd[day], draw.seq_in_day(day), 4),
        "community_code": draw.text(w.comm_code, comm),
        "raised_on": pa.array(tl.days[day]),
        "category": draw.text(WISH_CATEGORIES, cat),
        "content": draw.text(WISH_TEXTS, text),
        "claimed_on": pa.array(tl.days[np.minimum(claim_day, last)], mask=~claimed),
        "claimed_by": pa.array(np.where(claimed, by, None), pa.string()),
        "claimer_type": draw.text(lexicon.CLAIMER_TYPES, ctype, ~claimed),
        "fulfilled_on": pa.array(tl.days[np.minimum(done_day, last)], mask=~fulfilled),
        "status": draw.text(("待认领", "已认领", "已完成"), status),
    }
    return pa.table([cols[c] for c in WISH_COLUMNS], names=list(WISH_COLUMNS))


# --- volunteering ------------------------------------------------------------------------------------


def _vol_setup(w: World) -> dict:
    if "volunteering" in w.cache:
        return w.cache["volunteering"]
    ce, tl = w.cen.centres, w.tl
    rng = np.random.default_rng([w.seed, 41])
    kinds = ce["kind"].to_numpy()
    size = np.array([rng.integers(*TEAM_SIZE[k]) for k in kinds])
    fhs = w.centre_index(f"{w.reg.communities.loc[w.community(*JINXIAOMA[:2]), 'code']}-BM")
    size[fhs] = JINXIAOMA[3]
    n_teams = np.where(kinds == "党群服务中心/社区", 1, rng.integers(1, 5, len(ce)))
    n_teams[fhs] = 1
    team_names: list[str] = []
    team_start: list[int] = []
    for name, nt in zip(ce["name"], n_teams):
        place = name.split("社区")[0] + "社区" if "社区" in name else name.replace("党群服务中心", "")
        team_start.append(len(team_names))
        team_names.extend(place + t for t in lexicon.VOLUNTEER_TEAMS[:nt])
    team_names[team_start[fhs]] = JINXIAOMA[2]
    time_bank = (kinds == "邻里中心") | (rng.random(len(ce)) < 0.2)
    time_bank[fhs] = True  # 10 merchants redeem points
    all_days = np.arange(len(tl.days))
    dayfac = np.where(tl.workday, 0.8, 1.6)
    rate = size * 0.012
    rate[fhs] *= 4.0  # a message fills a task in half an hour
    k = calibrate((w.centre_active(all_days) * rate[:, None] * dayfac[None, :]).sum(), w.sizes["volunteering"])
    s = dict(
        rate=rate * k,
        dayfac=dayfac,
        size=size,
        n_teams=n_teams,
        team_names=np.array(team_names, dtype=object),
        team_start=np.array(team_start),
        time_bank=time_bank,
        turn=np.zeros(len(ce), dtype=np.int64),
        centre_ids=ce["centre_id"].to_numpy(dtype=object),
    )
    w.cache["volunteering"] = s
    return s


def volunteering_month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    """Months must be generated in order: members take turns across the whole window, so every
    member of a team that has served long enough appears."""
    s = _vol_setup(w)
    tl = w.tl
    lam = w.centre_active(day_idx) * s["rate"][:, None] * s["dayfac"][None, day_idx]
    counts = rng.poisson(lam).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    centre, day = cell // len(day_idx), day_idx[cell % len(day_idx)]
    order = np.lexsort((centre, day))
    centre, day = centre[order], day[order]
    n = len(centre)
    # 40% of records go to a team's core members; the rest take turns through every member
    core = rng.random(n) < 0.4
    turns = np.flatnonzero(~core)
    by_centre = turns[np.argsort(centre[turns], kind="stable")]
    kth = np.zeros(n, dtype=np.int64)
    kth[by_centre] = np.arange(len(by_centre)) - np.searchsorted(centre[by_centre], centre[by_centre], side="left")
    size = s["size"][centre]
    member = np.where(
        core, (rng.random(n) * np.maximum(size // 7, 1)).astype(np.int64), (s["turn"][centre] + kth) % size
    )
    s["turn"] += np.bincount(centre[turns], minlength=len(s["turn"]))
    team = s["team_start"][centre] + member % s["n_teams"][centre]
    hours = HOURS[HOUR_W.one(rng, n)]
    redeem = s["time_bank"][centre] & (rng.random(n) < 0.12)
    hours = np.where(redeem, 0.0, hours)
    redeemed = np.where(redeem, REDEEM[rng.integers(0, len(REDEEM), n)], 0.0)
    cols = {
        "record_id": draw.ids("ZY", tl.ymd[day], draw.seq_in_day(day), 5),
        "volunteer_id": draw.join("ZYZ", draw.number_text(10**7 + centre * 10**4 + member)),
        "team": draw.text(s["team_names"], team),
        "centre_id": draw.text(s["centre_ids"], centre),
        "date": pa.array(tl.days[day]),
        "hours": pa.array(hours),
        "points_earned": pa.array(hours * POINTS_PER_HOUR),
        "points_redeemed": pa.array(redeemed),
    }
    return pa.table([cols[c] for c in VOL_COLUMNS], names=list(VOL_COLUMNS))


# --- in-service party members --------------------------------------------------------------------------


def _party_setup(w: World) -> dict:
    if "party" in w.cache:
        return w.cache["party"]
    c, tl = w.reg.communities, w.tl
    base = w.people**0.8
    base[c["district"].isin(["350304", "520112"]).to_numpy()] *= 2.5  # Putian's 9,159; Wudang's 2,200+
    month_no = tl.days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dayfac = np.where(tl.workday, 1.0, 0.3) * np.select([month_no == 3, month_no == 7], [2.0, 1.5], 1.0)
    k = calibrate(base.sum() * dayfac.sum(), w.sizes["party"])
    dnames = w.reg.regions.set_index("code")["name"]
    orgs: list[str] = []
    start = {}
    districts = sorted(c["district"].unique())
    for d in districts:
        start[d] = len(orgs)
        orgs.extend(dnames[d] + u for u in lexicon.ORGANISATION_UNITS + lexicon.ORGANISATION_OTHERS)
    per = len(lexicon.ORGANISATION_UNITS) + len(lexicon.ORGANISATION_OTHERS)
    s = dict(
        rate=base * k,
        dayfac=dayfac,
        orgs=np.array(orgs, dtype=object),
        org_start=c["district"].map(start).to_numpy(),
        org=draw.Choice(1.0 / (np.arange(per) + 3.0)),
        post=draw.Choice(lexicon.PARTY_POST_WEIGHTS),
    )
    w.cache["party"] = s
    return s


def party_month(w: World, rng: np.random.Generator, month_name: str, day_idx: np.ndarray) -> pa.Table:
    s = _party_setup(w)
    tl = w.tl
    counts = rng.poisson(s["rate"][:, None] * s["dayfac"][None, day_idx]).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    comm, day = cell // len(day_idx), day_idx[cell % len(day_idx)]
    order = np.lexsort((comm, day))
    comm, day = comm[order], day[order]
    n = len(comm)
    org = s["org_start"][comm] + s["org"].one(rng, n)
    cols = {
        "member_id": draw.ids("DY", tl.ymd[day], draw.seq_in_day(day), 4),
        "organisation": draw.text(s["orgs"], org),
        "community_code": draw.text(w.comm_code, comm),
        "reported_on": pa.array(tl.days[day]),
        "post": draw.text(lexicon.PARTY_POSTS, s["post"].one(rng, n)),
    }
    return pa.table([cols[c] for c in PARTY_COLUMNS], names=list(PARTY_COLUMNS))
