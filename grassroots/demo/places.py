"""The places of the demo: regions (district -> street -> community -> grid) with their people and
coordinates, the seed facts from the source articles, and which streets each scale covers.

Places do not depend on the data seed: every build of a scale has the same regions, so sample
exports and seeds' facts line up whatever the seed. Each street draws from its own generator
(keyed by its code), so a bigger scale keeps the smaller scale's places unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from grassroots import DATA_DIR
from grassroots.demo import lexicon

GEO_DIR = DATA_DIR / "geo"

# --- the seeds' places ---------------------------------------------------------------------------

GUANDU, PANLONG, WUHUA, XISHAN, LICHENG, DAXING, WUDANG = (
    "530111",
    "530103",
    "530102",
    "530112",
    "350304",
    "110115",
    "520112",
)
CIBA, WEISHANZHUANG = "530103008", "110115110"

# Named communities of the seed streets, in code order (001, 002 ...; villages 201, 202 ...).
SEED_COMMUNITIES = {
    "530111001": ("小街社区", "关上社区", "双桥社区", "关兴社区", "国贸社区", "石虎社区", "滇池路社区", "金色社区"),
    "530111002": ("北京路社区", "太和社区", "东站社区", "白塔路社区", "春城路社区", "塘双路社区", "永平社区"),
    "530111003": ("吴井社区", "吴井桥社区", "双龙桥社区", "尚义社区", "永安社区", "东庄社区"),
    "530111004": ("凤凰山社区", "东华路社区", "金马社区", "大树营社区", "羊方凹社区", "十里铺社区", "金马寺社区"),
    "530111005": ("小板桥社区", "云溪社区", "福德社区", "季官社区", "大羊甫社区", "五腊社区"),
    "530111006": ("官渡古镇社区", "宝象社区", "云秀社区", "螺蛳湾社区", "广福路社区", "星耀社区"),
    "530111007": ("矣六社区", "海东社区", "海子社区", "殷家营社区", "王家营社区", "和甸营社区"),
    "530111008": ("六甲社区", "福保社区", "宝丰社区", "小河嘴社区", "大河埂社区", "新二村社区"),
    "530111009": ("大板桥社区", "一朵云社区", "沙沟社区", "李其社区", "阿地社区", "三瓦村社区"),
    "530111010": ("阿拉社区", "小坝社区", "高坡社区", "普照社区", "彩云社区", "铁路社区"),
    "530111011": ("长水社区", "空港社区", "大树社区", "白龙潭社区", "小麦地社区"),
    "530111012": ("小哨社区", "新寨社区", "大哨社区", "马军社区", "先锋社区"),
    CIBA: ("青松路社区", "茨坝社区", "落索坡社区", "雨树村社区", "新村社区", "菠萝村社区", "金色大道社区"),
    "350304001": ("阔口社区", "英龙社区", "南门社区", "东阳社区", "文献社区", "梅峰社区", "镇海社区", "荔城社区"),
    "350304002": ("延寿社区", "拱辰社区", "下郑社区", "万坂社区", "东郊社区", "后塘社区", "沟头社区"),
    "350304100": ("西天尾社区", "溪白社区", "林峰社区", "后卓社区", "澄渚社区", "龙山社区"),
    "350304101": ("黄石社区", "沙坂社区", "东甲社区", "江东社区", "清前社区", "定庄社区"),
    "350304102": ("新度社区", "坂头社区", "锦墩社区", "下坂社区", "港利社区", "新兴社区"),
    "350304103": ("北高社区", "埕头社区", "山前社区", "冲沁社区", "竿山社区", "后积社区"),
}
# 魏善庄镇's 18 villages (村), each with a village government-service station (村级政务服务站)
WEISHANZHUANG_VILLAGES = (
    "伊庄村",
    "魏善庄村",
    "半壁店村",
    "岳家务村",
    "后大营村",
    "北研垡村",
    "南研垡村",
    "东沙窝村",
    "西沙窝村",
    "穆园子村",
    "查家马房村",
    "王各庄村",
    "李家场村",
    "张家场村",
    "刘家场村",
    "大狼垡村",
    "羊坊村",
    "赵家场村",
)
# 茨坝's 7 communities hold 45 fourth-level comprehensive grids (article 002)
CIBA_GRIDS = (8, 7, 6, 7, 5, 6, 6)

# (residents, floating) where an article gives them
SEED_PEOPLE = {
    "凤凰山社区": (5230, 45200),  # 5,000+ residents plus 45,000 floating
    "小街社区": (11800, 3900),
    "东华路社区": (18600, 2400),  # ~5,000 residents over 60
    "北京路社区": (9400, 6100),
    "阔口社区": (10400, 3100),  # its centre serves 28,000 in 3 communities
    "青松路社区": (9800, 4200),  # 28 compounds, 25 without property management
}

# District seats (lon, lat), GCJ-02, for districts without a boundary file
DISTRICT_SEATS = {DAXING: (116.3416, 39.7267), WUDANG: (106.7525, 26.6310)}

# Guandu's first batch of 12 pilot 便民党群服务中心 (community, status, opened_on, floor, office, staff)
GUANDU_PILOTS = (
    ("小街社区", "运行", dt.date(2025, 9, 26), 447, 70, 22),
    ("凤凰山社区", "运行", dt.date(2025, 10, 15), 680, 95, 20),
    ("北京路社区", "运行", dt.date(2025, 11, 20), 560, 80, 16),
    ("东华路社区", "运行", dt.date(2025, 12, 18), 920, 110, 18),
    ("双桥社区", "运行", dt.date(2026, 1, 16), 390, 75, 12),
    ("吴井社区", "运行", dt.date(2026, 2, 27), 430, 85, 14),
    ("云溪社区", "运行", dt.date(2026, 3, 27), 510, 90, 13),
    ("官渡古镇社区", "运行", dt.date(2026, 4, 24), 620, 100, 15),
    ("矣六社区", "运行", dt.date(2026, 5, 29), 360, 70, 10),
    ("福保社区", "运行", dt.date(2026, 6, 26), 480, 90, 12),
    ("大板桥社区", "在建", None, 540, 90, 0),
    ("阿拉社区", "规划", None, 450, 80, 0),
)


@dataclass(frozen=True)
class Programme:
    programme_id: str
    name: str
    region_code: str
    centre_type: str
    started_on: dt.date
    targets: tuple[tuple[dt.date, str, float, str], ...]  # (date, metric, value, label)


PROGRAMMES = (
    Programme(
        "GD-BM-1",
        "官渡区便民党群服务中心建设（第一批）",
        GUANDU,
        "便民党群服务中心",
        dt.date(2025, 8, 1),
        ((dt.date(2026, 7, 31), "centres", 12, "第一批12个试点7月底前全部建成"),),
    ),
    Programme(
        "PT-LL",
        "荔城区“党建+”社区邻里中心建设",
        LICHENG,
        "邻里中心",
        dt.date(2023, 12, 1),
        (
            (dt.date(2024, 6, 30), "centres", 17, "试点建设17个邻里中心"),
            (dt.date(2025, 12, 31), "community_share", 0.8, "80%以上社区建成邻里中心"),
            (dt.date(2026, 12, 31), "community_share", 1.0, "中心城区全覆盖"),
        ),
    ),
    Programme(
        "DX-ZW",
        "魏善庄镇村级政务服务站“赶集式”服务试点",
        WEISHANZHUANG,
        "村级政务服务站",
        dt.date(2024, 1, 2),
        ((dt.date(2024, 6, 30), "centres", 18, "18个村级政务服务站试点运行"),),
    ),
)

# --- which streets each scale covers ----------------------------------------------------------------

SEED_STREETS = tuple(SEED_COMMUNITIES) + (WEISHANZHUANG,)
SCALE_DISTRICTS = {
    "small": (),  # the seed streets only
    "medium": (PANLONG, WUHUA, XISHAN),  # the seeds plus Kunming's main urban districts
    "large": None,  # every street in data/geo/streets_subset.csv
}


def family_of(code: str) -> str:
    """The family of places a code belongs to: KM Kunming, PT Putian, DX Daxing, GY Guiyang."""
    return {"53": "KM", "35": "PT", "11": "DX", "52": "GY"}[code[:2]]


# --- reading data/geo ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def division_names() -> tuple[dict[str, str], dict[str, str]]:
    """(district code -> name, street code -> name) from the NBS code lists."""
    with open(GEO_DIR / "areas_subset.csv", encoding="utf-8") as fh:
        districts = {r["code"]: r["name"] for r in csv.DictReader(fh)}
    with open(GEO_DIR / "streets_subset.csv", encoding="utf-8") as fh:
        streets = {r["code"]: r["name"] for r in csv.DictReader(fh)}
    return districts, streets


@functools.lru_cache(maxsize=1)
def street_locations() -> dict[str, tuple[float, float]]:
    """street code -> its approximate location (lon, lat), GCJ-02, for the seed streets."""
    with open(GEO_DIR / "street_locations.csv", encoding="utf-8") as fh:
        return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def district_shapes() -> dict[str, tuple[tuple[float, float], list[np.ndarray]]]:
    """district code -> (seat (lon, lat), outer rings) from the GeoJSON boundary files."""
    out = {}
    for path in sorted(GEO_DIR.glob("*_full.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for feat in data["features"]:
            props, geom = feat["properties"], feat["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            rings = [np.asarray(p[0], dtype=float) for p in polys]
            out[str(props["adcode"])] = (tuple(props["center"]), rings)
    return out


def inside(rings: list[np.ndarray], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points inside any of the rings (even-odd rule)."""
    hit = np.zeros(lon.shape, dtype=bool)
    for ring in rings:
        x1, y1 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
        x2, y2 = ring[1:, 0][:, None], ring[1:, 1][:, None]
        crosses = ((y1 > lat) != (y2 > lat)) & (lon < (x2 - x1) * (lat - y1) / np.where(y2 == y1, 1e-12, y2 - y1) + x1)
        hit ^= (crosses.sum(axis=0) % 2).astype(bool)
    return hit


def scatter(
    rng: np.random.Generator, lon0: float, lat0: float, sigma_km: float, n: int, rings: list[np.ndarray] | None
) -> tuple[np.ndarray, np.ndarray]:
    """n points around (lon0, lat0), gaussian with sigma_km, kept inside `rings` when given."""
    lon, lat = np.empty(n), np.empty(n)
    todo = np.arange(n)
    for attempt in range(50):
        s = sigma_km * (0.8 ** (attempt // 10))
        dy = rng.normal(0, s, len(todo)) / 111.0
        dx = rng.normal(0, s, len(todo)) / (111.0 * np.cos(np.radians(lat0)))
        lon[todo], lat[todo] = lon0 + dx, lat0 + dy
        if rings is None:
            return lon, lat
        bad = ~inside(rings, lon[todo], lat[todo])
        todo = todo[bad]
        if not len(todo):
            return lon, lat
    lon[todo], lat[todo] = lon0, lat0
    return lon, lat


def pull_inside(
    lon: float, lat: float, seat: tuple[float, float], rings: list[np.ndarray] | None
) -> tuple[float, float]:
    """The point itself if inside the rings, else the nearest point inside on the way to the seat.

    The boundary files are simplified, so an approximate street location near a district's edge can
    fall just outside it."""
    if rings is None:
        return lon, lat
    t = np.linspace(0.0, 1.0, 41)
    lons, lats = lon + t * (seat[0] - lon), lat + t * (seat[1] - lat)
    ok = np.flatnonzero(inside(rings, lons, lats))
    i = int(ok[0]) if len(ok) else len(t) - 1
    return float(lons[i]), float(lats[i])


def _rng(*keys) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32("/".join(map(str, keys)).encode("utf-8"))])


# --- building the regions ------------------------------------------------------------------------


def scale_streets(scale: str) -> list[str]:
    """The street codes a scale covers (development zones with 4xx codes are left out)."""
    if scale not in SCALE_DISTRICTS:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALE_DISTRICTS)}")
    _, streets = division_names()
    chosen = set(SEED_STREETS)
    extra = SCALE_DISTRICTS[scale]
    for code in streets:
        if code[6] == "4":
            continue
        if extra is None or code[:6] in extra:
            chosen.add(code)
    return sorted(chosen)


def _is_town(name: str) -> bool:
    return name.endswith(("镇", "乡"))


def _generated_names(rng: np.random.Generator, n_comm: int, n_vill: int) -> list[str]:
    names: list[str] = []
    seen = set()
    while len(names) < n_comm:
        nm = str(rng.choice(lexicon.COMMUNITY_HEADS)) + str(rng.choice(lexicon.COMMUNITY_TAILS)) + "社区"
        if nm not in seen:
            seen.add(nm)
            names.append(nm)
    while len(names) < n_comm + n_vill:
        nm = str(rng.choice(lexicon.VILLAGE_HEADS)) + str(rng.choice(lexicon.VILLAGE_TAILS)) + "村"
        if nm not in seen:
            seen.add(nm)
            names.append(nm)
    return names


def _street_communities(street: str, street_name: str) -> list[tuple[str, str, bool]]:
    """(code, name, is_village) of a street's communities."""
    if street in SEED_COMMUNITIES:
        return [(f"{street}{i:03d}", nm, False) for i, nm in enumerate(SEED_COMMUNITIES[street], start=1)]
    if street == WEISHANZHUANG:
        return [(f"{street}{200 + i:03d}", nm, True) for i, nm in enumerate(WEISHANZHUANG_VILLAGES, start=1)]
    rng = _rng("communities", street)
    if _is_town(street_name):
        n_comm, n_vill = int(rng.integers(1, 4)), int(rng.integers(7, 15))
    else:
        n_comm, n_vill = int(rng.integers(6, 13)), 0
    names = _generated_names(rng, n_comm, n_vill)
    out = [(f"{street}{i:03d}", names[i - 1], False) for i in range(1, n_comm + 1)]
    out += [(f"{street}{200 + j:03d}", names[n_comm + j - 1], True) for j in range(1, n_vill + 1)]
    return out


@dataclass(frozen=True)
class Regions:
    regions: pd.DataFrame  # the regions table
    communities: pd.DataFrame  # one row per community: code, name, street, district, family, people, lon, lat, grids
    grids: pd.DataFrame  # one row per grid: code, community (row index), lon, lat


def build_regions(scale: str) -> Regions:
    district_names, street_names = division_names()
    shapes = district_shapes()
    comm_rows: list[dict] = []
    grid_rows: list[dict] = []
    street_rows: list[dict] = []
    district_rows: dict[str, dict] = {}
    for street in scale_streets(scale):
        district = street[:6]
        seat, rings = shapes.get(district) or (DISTRICT_SEATS[district], None)
        sname = street_names[street]
        rng = _rng("street", street)
        town = _is_town(sname)
        located = street_locations().get(street)
        if located:
            s_lon, s_lat = pull_inside(*located, seat, rings)
        else:
            lo, la = scatter(rng, seat[0], seat[1], 14.0 if town else 4.5, 1, rings)
            s_lon, s_lat = float(lo[0]), float(la[0])
        comms = _street_communities(street, sname)
        villages = np.array([v for _, _, v in comms])
        c_lon, c_lat = scatter(rng, s_lon, s_lat, 1.0, len(comms), rings)
        v_lon, v_lat = scatter(rng, s_lon, s_lat, 3.0, len(comms), rings)
        c_lon, c_lat = np.where(villages, v_lon, c_lon), np.where(villages, v_lat, c_lat)
        res = np.where(
            villages, rng.lognormal(np.log(1900), 0.35, len(comms)), rng.lognormal(np.log(8500), 0.4, len(comms))
        ).clip(600, 32000)
        flo = res * np.where(villages, rng.uniform(0.05, 0.25, len(comms)), rng.uniform(0.1, 0.6, len(comms)))
        for i, (code, name, village) in enumerate(comms):
            r, f = SEED_PEOPLE.get(name, (int(round(res[i], -1)), int(round(flo[i], -1))))
            hh = int(round(r / rng.uniform(2.4, 3.0)))
            if street == CIBA:
                n_grids = CIBA_GRIDS[i]
            elif village:
                n_grids = int(rng.integers(2, 4))
            else:
                n_grids = int(np.clip(round(r / 2200), 2, 10))
            comm_rows.append(
                dict(
                    code=code,
                    name=name,
                    street=street,
                    district=district,
                    family=family_of(code),
                    village=village,
                    residents=int(r),
                    floating=int(f),
                    households=hh,
                    lon=round(float(c_lon[i]), 6),
                    lat=round(float(c_lat[i]), 6),
                    grid_start=len(grid_rows),
                    grid_count=n_grids,
                )
            )
            share = rng.dirichlet(np.full(n_grids, 4.0))
            g_lon, g_lat = scatter(rng, float(c_lon[i]), float(c_lat[i]), 0.25, n_grids, None)
            for g in range(n_grids):
                grid_rows.append(
                    dict(
                        code=f"{code}{g + 1:03d}",
                        name=f"{name}第{g + 1}网格",
                        parent_code=code,
                        community=len(comm_rows) - 1,
                        residents=int(r * share[g]),
                        floating=int(f * share[g]),
                        households=int(hh * share[g]),
                        lon=round(float(g_lon[g]), 6),
                        lat=round(float(g_lat[g]), 6),
                    )
                )
        street_rows.append(
            dict(code=street, name=sname, parent_code=district, lon=round(s_lon, 6), lat=round(s_lat, 6))
        )
        district_rows[district] = dict(
            code=district, name=district_names[district], parent_code=None, lon=seat[0], lat=seat[1]
        )
    comms = pd.DataFrame(comm_rows)
    grids = pd.DataFrame(grid_rows)
    sums = comms.groupby("street")[["residents", "floating", "households"]].sum()
    streets = pd.DataFrame(street_rows).join(sums, on="code")
    dsums = comms.groupby("district")[["residents", "floating", "households"]].sum()
    districts = pd.DataFrame(list(district_rows.values())).join(dsums, on="code")
    cols = ["code", "name", "parent_code", "level", "residents", "floating", "households", "lon", "lat"]
    regions = pd.concat(
        [
            districts.assign(level="district"),
            streets.assign(level="street"),
            comms.assign(parent_code=comms["street"], level="community"),
            grids.assign(level="grid"),
        ],
        ignore_index=True,
    )[cols]
    regions["parent_code"] = regions["parent_code"].astype(object).where(regions["parent_code"].notna(), None)
    return Regions(regions.reset_index(drop=True), comms, grids)
