"""Centres, their programmes and targets, the service-item catalogue and each centre's published list.

Like the regions, none of this depends on the data seed.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from grassroots.demo import catalogue, places
from grassroots.demo.places import Regions

# office hours by family: (start, end) minutes of the day, morning and afternoon
OFFICE_HOURS = {
    "KM": ((540, 720), (840, 1080)),  # 09:00-12:00, 14:00-18:00
    "GY": ((540, 720), (840, 1080)),
    "DX": ((540, 720), (810, 1020)),  # 09:00-12:00, 13:30-17:00
    "PT": ((510, 720), (870, 1050)),  # 08:30-12:00, 14:30-17:30
}
EXT_NOON, EXT_EVENING, EXT_WEEKEND = (720, 840), (1140, 1260), (600, 1020)

# per type: relative service volume, activities a week, floor area range, office share, staff range
TYPE_PROFILE = {
    "党群服务中心/街道": (1.0, 1.2, (900, 3000), (0.15, 0.3), (12, 35)),
    "党群服务中心/社区": (0.35, 0.35, (150, 600), (0.15, 0.35), (4, 12)),
    "便民党群服务中心": (0.75, 1.1, (350, 900), (0.1, 0.25), (8, 22)),
    "邻里中心": (0.65, 1.3, (600, 2500), (0.03, 0.1), (6, 20)),
    "村级政务服务站": (0.22, 0.15, (60, 200), (0.2, 0.4), (2, 4)),
}

CENTRE_COLUMNS = [
    "centre_id",
    "name",
    "type",
    "community_code",
    "lon",
    "lat",
    "crs",
    "floor_area_m2",
    "office_area_m2",
    "staff",
    "programme_id",
    "pilot_batch",
    "opened_on",
    "status",
    "opening_hours",
    "extended_hours",
]


def _rng(*keys) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32("/".join(map(str, keys)).encode("utf-8"))])


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _spans(spans) -> str:
    return ",".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in spans)


def _date_between(rng: np.random.Generator, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=int(rng.integers(0, (b - a).days + 1)))


@dataclass(frozen=True)
class Centres:
    centres: pd.DataFrame  # the centres table, plus generator columns (see build_centres)
    programmes: pd.DataFrame
    targets: pd.DataFrame
    items: pd.DataFrame  # service_items, plus online / median_minutes / popularity
    centre_items: pd.DataFrame  # centre_id, item_code, plus weight (0: published but never used)


def _putian_rollout(codes: list[str]) -> dict[str, tuple[str, dt.date | None, str]]:
    """community code -> (status, opened_on, batch) for 荔城区's neighbourhood centres: 17 pilots in the
    first half of 2024 (阔口社区 first), enough by the end of 2025 to pass 80% of communities, most of
    the rest in 2026, and the last three still being built or planned."""
    rng = _rng("putian-rollout")
    n = len(codes)
    urban = [i for i, c in enumerate(codes) if c[6] == "0"]  # 镇海 and 拱辰 streets
    towns = [i for i in range(n) if i not in urban]
    pilots = (
        [0]
        + sorted(rng.choice(urban[1:], 11, replace=False).tolist())
        + sorted(rng.choice(towns, 5, replace=False).tolist())
    )
    rest = [i for i in range(n) if i not in pilots]
    rest = [rest[i] for i in rng.permutation(len(rest))]
    n_pilot, n_2025 = len(pilots), int(np.ceil(0.8 * n)) + 1 - len(pilots)
    n_2026 = n - n_pilot - n_2025 - 3
    pilot_days = sorted(_date_between(rng, dt.date(2024, 1, 22), dt.date(2024, 6, 21)) for _ in range(n_pilot - 1))
    later = sorted(_date_between(rng, dt.date(2024, 9, 2), dt.date(2025, 12, 19)) for _ in range(n_2025))
    last = sorted(_date_between(rng, dt.date(2026, 2, 2), dt.date(2026, 10, 30)) for _ in range(n_2026))
    out: dict[str, tuple[str, dt.date | None, str]] = {codes[0]: ("运行", dt.date(2024, 1, 18), "试点")}
    for i, day in zip(pilots[1:], pilot_days):
        out[codes[i]] = ("运行", day, "试点")
    for i, day in zip(rest[:n_2025], later):
        out[codes[i]] = ("运行", day, "2025年推广")
    for i, day in zip(rest[n_2025 : n_2025 + n_2026], last):
        out[codes[i]] = ("运行", day, "2026年推广")
    for k, i in enumerate(rest[n_2025 + n_2026 :]):
        out[codes[i]] = ("规划" if k == 2 else "在建", None, "2026年推广")
    return out


def build_centres(reg: Regions) -> Centres:
    comms = reg.communities
    rows = []

    def add(
        kind: str,
        ctype: str,
        comm_idx: int,
        centre_id: str,
        name: str,
        *,
        status="运行",
        opened=None,
        programme=None,
        batch=None,
        floor=None,
        office=None,
        staff=None,
        ext=(False, False, False),
    ):
        c = comms.loc[comm_idx]
        rng = _rng("centre", centre_id)
        vol, act, farea, oshare, sstaff = TYPE_PROFILE[kind]
        floor = floor if floor is not None else float(round(rng.uniform(*farea), -1))
        office = office if office is not None else float(round(floor * rng.uniform(*oshare)))
        staff = staff if staff is not None else int(rng.integers(sstaff[0], sstaff[1] + 1))
        staff = staff if status == "运行" else 0
        lon, lat = places.scatter(rng, c["lon"], c["lat"], 0.15, 1, None)
        office_hours = OFFICE_HOURS[c["family"]]
        ext_parts = []
        wk = [s for s, on in ((EXT_NOON, ext[0]), (EXT_EVENING, ext[1])) if on]
        if wk:
            ext_parts.append("weekday " + _spans(wk))
        if ext[2]:
            ext_parts.append("weekend " + _spans([EXT_WEEKEND]))
        rows.append(
            dict(
                centre_id=centre_id,
                name=name,
                type=ctype,
                community_code=c["code"],
                lon=round(float(lon[0]), 6),
                lat=round(float(lat[0]), 6),
                crs="GCJ02",
                floor_area_m2=float(floor),
                office_area_m2=float(office),
                staff=int(staff),
                programme_id=programme,
                pilot_batch=batch,
                opened_on=opened,
                status=status,
                opening_hours="Mon-Fri " + _spans(office_hours),
                extended_hours="; ".join(ext_parts) or None,
                # generator columns
                community=int(comm_idx),
                family=c["family"],
                kind=kind,
                volume=vol * max(staff, 1) / np.mean(sstaff),
                activity_rate=act,
                ext_noon=ext[0],
                ext_evening=ext[1],
                ext_weekend=ext[2],
            )
        )

    # street (town) party-mass service centres, in the street's first community
    opened: dt.date | None
    for street, g in comms.groupby("street", sort=True):
        sname = places.division_names()[1][street]
        rng = _rng("street-centre", street)
        opened = _date_between(rng, dt.date(2015, 3, 1), dt.date(2022, 12, 30))
        weekend = bool(rng.random() < 0.4)
        add(
            "党群服务中心/街道",
            "党群服务中心",
            int(g.index[0]),
            f"{street}-JD",
            f"{sname}党群服务中心",
            opened=opened,
            ext=(False, False, weekend),
        )

    pilot_of = {name: p for p in places.GUANDU_PILOTS for name in [p[0]]}
    guandu_prog, putian_prog, daxing_prog = (p.programme_id for p in places.PROGRAMMES)
    putian_codes = comms.loc[comms["district"] == places.LICHENG, "code"].tolist()
    putian = _putian_rollout(putian_codes)
    floor: float | None
    for idx, c in comms.iterrows():
        rng = _rng("community-centre", c["code"])
        if c["district"] == places.GUANDU and c["name"] in pilot_of:
            _, status, opened, floor, office, staff = pilot_of[c["name"]]
            add(
                "便民党群服务中心",
                "便民党群服务中心",
                idx,
                f"{c['code']}-BM",
                f"{c['name']}便民党群服务中心",
                status=status,
                opened=opened,
                programme=guandu_prog,
                batch="第一批",
                floor=floor,
                office=office,
                staff=staff,
                ext=(True, True, True),
            )
        elif c["code"] in putian:
            status, opened, batch = putian[c["code"]]
            floor = 2100.0 if c["name"] == "阔口社区" else None
            add(
                "邻里中心",
                "邻里中心",
                idx,
                f"{c['code']}-LL",
                f"{c['name']}“党建+”邻里中心",
                status=status,
                opened=opened,
                programme=putian_prog,
                batch=batch,
                floor=floor,
                ext=(False, True, True),
            )
        elif c["street"] == places.WEISHANZHUANG:
            opened = _date_between(rng, dt.date(2024, 3, 1), dt.date(2024, 6, 14))
            add(
                "村级政务服务站",
                "村级政务服务站",
                idx,
                f"{c['code']}-ZW",
                f"{c['name']}村级政务服务站",
                opened=opened,
                programme=daxing_prog,
                batch="试点",
                staff=2,
            )
        elif c["name"] == "青松路社区" or (not c["village"] and rng.random() < 0.5):
            opened = (
                _date_between(rng, dt.date(2016, 1, 1), dt.date(2023, 11, 1))
                if rng.random() < 0.85
                else _date_between(rng, dt.date(2024, 1, 1), dt.date(2026, 9, 30))
            )
            add(
                "党群服务中心/社区",
                "党群服务中心",
                idx,
                f"{c['code']}-DQ",
                f"{c['name']}党群服务中心",
                opened=opened,
                ext=(bool(rng.random() < 0.15), False, bool(rng.random() < 0.2)),
            )
    centres = pd.DataFrame(rows).sort_values("centre_id", ignore_index=True)
    programmes = pd.DataFrame(places.PROGRAMMES).drop(columns="targets")
    targets = pd.DataFrame(
        [
            dict(programme_id=p.programme_id, target_date=d, metric=m, target_value=float(v), label=lb)
            for p in places.PROGRAMMES
            for d, m, v, lb in p.targets
        ]
    )
    items, centre_items = _published_lists(centres, comms)
    return Centres(centres, programmes, targets, items, centre_items)


def _published_lists(centres: pd.DataFrame, comms: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue and every centre's published list, with how popular each item is there."""
    catalogue_items: dict[str, catalogue.Item] = {}
    links = []
    for _, c in centres.iterrows():
        rng = _rng("list", c["centre_id"])
        lists = catalogue.family_lists(c["family"])
        chosen: list[catalogue.Item] = []
        if c["family"] in ("KM", "GY"):
            gov, proxy = lists["政务服务"], lists["代办"]
            if c["kind"] in ("党群服务中心/街道",) or c["name"].startswith("小街社区"):
                chosen = gov + proxy  # 小街: 30 government-service + 25 proxy items
            elif c["kind"] == "便民党群服务中心":
                chosen = _subset(rng, gov, 24, 30) + _subset(rng, proxy, 15, 25)
            else:
                chosen = _subset(rng, gov, 14, 24) + _subset(rng, proxy, 6, 14)
        elif c["family"] == "DX":
            chosen = lists["高频"] + lists["N"]
            if c["kind"] == "村级政务服务站":  # 47 + N: the town's shared list plus local items
                village = comms.loc[c["community"], "code"]
                picks = sorted(rng.choice(len(catalogue.DX_LOCAL), int(rng.integers(1, 4)), replace=False).tolist())
                chosen = chosen + catalogue.local_items(village, picks)
        else:
            chosen = lists["高频"] if c["kind"] == "党群服务中心/街道" else _subset(rng, lists["高频"], 38, 56)
        weights = np.array([it.popularity for it in chosen]) * rng.lognormal(0, 0.35, len(chosen))
        weights[rng.random(len(chosen)) < 0.05] = 0.0  # published, never used here
        for it, w in zip(chosen, weights):
            catalogue_items[it.code] = it
            links.append((c["centre_id"], it.code, float(w)))
    items = pd.DataFrame(sorted(catalogue_items.values(), key=lambda i: i.code))
    items = items.rename(columns={"code": "item_code", "name": "item_name"})
    centre_items = pd.DataFrame(links, columns=["centre_id", "item_code", "weight"])
    return items, centre_items


def _subset(rng: np.random.Generator, items: list, lo: int, hi: int) -> list:
    n = int(rng.integers(lo, hi + 1))
    keep = np.sort(rng.choice(len(items), min(n, len(items)), replace=False))
    return [items[i] for i in keep]
