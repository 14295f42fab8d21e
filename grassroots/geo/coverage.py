"""Coverage of residents by service circles (一刻钟服务圈), and where the next sites should go.

Pure functions on arrays and frames: no database, no Streamlit.

Residents are demand. A community's residents sit at its point or, when its boundary polygon is
known, spread evenly over a lattice of points inside the polygon. A demand point is covered when it
lies within the service radius of an operating centre (great-circle distance). A community's covered
share is the part of its residents that is covered; it counts as covered when that share is at least
COVERED_SHARE (a community known only as a point is covered or not).

Distances are computed on the coordinates as stored (GCJ-02): its offset from WGS-84 varies by well
under a metre per kilometre, far below the precision of a service radius.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from grassroots.progress import NULL

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
COVERED_SHARE = 0.5  # a community with at least this share of residents covered counts as covered
LATTICE_POINTS = 200  # demand points aimed for inside one community polygon
_NO_POINTS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))


# --- distances ------------------------------------------------------------------------------------


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in metres between points given in degrees (broadcasts like numpy)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def pairs_within(lon_a, lat_a, lon_b, lat_b, radius_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i of a, j of b) no further apart than radius_m: (ia, ib, distance_m).

    Points with a missing coordinate take part in no pair. Candidates come from a grid of cells at
    least radius_m wide (the 3 x 3 cells around each point of a), so the work grows with the pairs
    found, not with len(a) * len(b).
    """
    lon_a, lat_a, lon_b, lat_b = (np.asarray(v, dtype=float).ravel() for v in (lon_a, lat_a, lon_b, lat_b))
    if len(lon_a) > len(lon_b):  # index the larger set, look up the smaller one: far fewer lookups
        ib, ia, d = pairs_within(lon_b, lat_b, lon_a, lat_a, radius_m)
        order = np.lexsort((ib, ia))
        return ia[order], ib[order], d[order]
    ok_a = np.flatnonzero(np.isfinite(lon_a) & np.isfinite(lat_a))
    ok_b = np.flatnonzero(np.isfinite(lon_b) & np.isfinite(lat_b))
    if not len(ok_a) or not len(ok_b) or radius_m < 0:
        return _NO_POINTS
    # cell sizes in degrees; east-west cells sized at the highest latitude present (where a degree of
    # longitude is shortest), with a margin, so a pair within the radius is never two cells apart
    max_lat = min(89.0, float(max(np.abs(lat_a[ok_a]).max(), np.abs(lat_b[ok_b]).max())) + 0.5)
    cell_lat = math.degrees(radius_m / EARTH_RADIUS_M) * 1.01 + 1e-9
    cell_lon = cell_lat / math.cos(math.radians(max_lat))
    ax, ay = np.floor(lon_a[ok_a] / cell_lon).astype(np.int64), np.floor(lat_a[ok_a] / cell_lat).astype(np.int64)
    bx, by = np.floor(lon_b[ok_b] / cell_lon).astype(np.int64), np.floor(lat_b[ok_b] / cell_lat).astype(np.int64)
    span = np.int64(1 << 31)
    keys_b = bx * span + by
    order = np.argsort(keys_b, kind="stable")
    sorted_keys = keys_b[order]
    ia_parts, ib_parts = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            q = (ax + dx) * span + (ay + dy)
            lo = np.searchsorted(sorted_keys, q, side="left")
            hi = np.searchsorted(sorted_keys, q, side="right")
            counts = hi - lo
            total = int(counts.sum())
            if not total:
                continue
            rep_a = np.repeat(np.arange(len(ok_a)), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            ia_parts.append(rep_a)
            ib_parts.append(order[np.repeat(lo, counts) + offsets])
    if not ia_parts:
        return _NO_POINTS
    ia, ib = np.concatenate(ia_parts), np.concatenate(ib_parts)
    ia, ib = ok_a[ia], ok_b[ib]
    d = haversine_m(lon_a[ia], lat_a[ia], lon_b[ib], lat_b[ib])
    keep = d <= radius_m
    return ia[keep], ib[keep], d[keep]


def nearest_m(lon_a, lat_a, lon_b, lat_b, max_m: float, start_m: float = 500.0) -> np.ndarray:
    """For each point of a, the distance to the nearest point of b, or inf when none is within max_m.

    Searches in widening rings (start_m, then doubling) for the points not yet answered, so dense
    data never builds the pairs of the widest radius."""
    lon_a = np.asarray(lon_a, dtype=float).ravel()
    lat_a = np.asarray(lat_a, dtype=float).ravel()
    out = np.full(len(lon_a), np.inf)
    todo = np.flatnonzero(np.isfinite(lon_a) & np.isfinite(lat_a))
    radius = min(start_m, max_m)
    while len(todo):
        ia, _, d = pairs_within(lon_a[todo], lat_a[todo], lon_b, lat_b, radius)
        np.minimum.at(out, todo[ia], d)
        todo = todo[~np.isfinite(out[todo])]
        if radius >= max_m:
            break
        radius = min(radius * 2, max_m)
    return out


# --- polygons -------------------------------------------------------------------------------------


def polygons_of(geometry: Mapping) -> list[list[np.ndarray]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon: each a list of rings (outer first, then
    holes), each ring an (n, 2) array of lon, lat."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coords, list):
        raise ValueError("a polygon geometry without coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        raise ValueError(f"not a polygon geometry: {kind!r}")
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in poly] for poly in polys]


def _rings(polygons: Sequence[Sequence[np.ndarray]]) -> list[np.ndarray]:
    return [ring for poly in polygons for ring in poly]


def inside(polygons: Sequence[Sequence[np.ndarray]], lon, lat) -> np.ndarray:
    """Points inside the polygons (even-odd rule over every ring, so holes are outside)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    hit = np.zeros(lon.shape, dtype=bool)
    for ring in _rings(polygons):
        x1, y1 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
        x2, y2 = ring[1:, 0][:, None], ring[1:, 1][:, None]
        dy = np.where(y2 == y1, 1e-300, y2 - y1)
        crosses = ((y1 > lat) != (y2 > lat)) & (lon < (x2 - x1) * (lat - y1) / dy + x1)
        hit ^= (crosses.sum(axis=0) % 2).astype(bool)
    return hit


def _ring_area_m2(ring: np.ndarray, lat0: float) -> float:
    x = np.radians(ring[:, 0]) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    y = np.radians(ring[:, 1]) * EARTH_RADIUS_M
    return abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2


def area_m2(polygons: Sequence[Sequence[np.ndarray]]) -> float:
    """Area in square metres (outer rings less their holes), on a plane fitted at the shape's latitude."""
    rings = _rings(polygons)
    if not rings:
        return 0.0
    lat0 = float(np.mean(np.concatenate([r[:, 1] for r in rings])))
    return sum(max(0.0, _ring_area_m2(p[0], lat0) - sum(_ring_area_m2(h, lat0) for h in p[1:])) for p in polygons)


def bbox(polygons: Sequence[Sequence[np.ndarray]]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat)."""
    pts = np.concatenate(_rings(polygons))
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def lattice(polygons: Sequence[Sequence[np.ndarray]], n: int = LATTICE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """About n points on a square lattice inside the polygons (cell centres), for spreading residents."""
    a = area_m2(polygons)
    x0, y0, x1, y1 = bbox(polygons)
    if a <= 0:
        return np.zeros(0), np.zeros(0)
    step_m = math.sqrt(a / n)
    lat0 = (y0 + y1) / 2
    step_lat = math.degrees(step_m / EARTH_RADIUS_M)
    step_lon = step_lat / math.cos(math.radians(lat0))
    xs = np.arange(x0 + step_lon / 2, x1, step_lon)
    ys = np.arange(y0 + step_lat / 2, y1, step_lat)
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    keep = inside(polygons, gx, gy)
    return gx[keep], gy[keep]


# --- demand ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demand:
    """Residents placed at points: weight residents at (lon, lat), owned by row `owner` of the frame."""

    lon: np.ndarray
    lat: np.ndarray
    weight: np.ndarray
    owner: np.ndarray
    n_owners: int

    def per_owner(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.owner, weights=values, minlength=self.n_owners)


def demand_points(
    communities: pd.DataFrame,
    shapes: Mapping[str, Sequence[Sequence[np.ndarray]]] | None = None,
    n: int = LATTICE_POINTS,
) -> Demand:
    """Demand points of `communities` (columns code, residents, lon, lat).

    A community with a shape in `shapes` (code -> polygons) spreads its residents over a lattice
    inside it; otherwise they sit at its point; a community with neither has no demand points.
    Missing residents count as 0.
    """
    shapes = shapes or {}
    residents = pd.to_numeric(communities["residents"], errors="coerce").fillna(0).to_numpy(dtype=float)
    lons = pd.to_numeric(communities["lon"], errors="coerce").to_numpy(dtype=float)
    lats = pd.to_numeric(communities["lat"], errors="coerce").to_numpy(dtype=float)
    codes = communities["code"].astype(str).tolist()
    spread = np.zeros(len(codes), dtype=bool)
    lon_parts, lat_parts, w_parts, o_parts = [], [], [], []
    for i in (i for i, code in enumerate(codes) if shapes.get(code)):
        gx, gy = lattice(shapes[codes[i]], n)
        if len(gx):
            spread[i] = True
            lon_parts.append(gx)
            lat_parts.append(gy)
            w_parts.append(np.full(len(gx), residents[i] / len(gx)))
            o_parts.append(np.full(len(gx), i, dtype=np.int64))
    at_point = np.flatnonzero(~spread & np.isfinite(lons) & np.isfinite(lats))
    lon_parts.append(lons[at_point])
    lat_parts.append(lats[at_point])
    w_parts.append(residents[at_point])
    o_parts.append(at_point.astype(np.int64))
    order = np.argsort(np.concatenate(o_parts), kind="stable")  # demand points in community order
    return Demand(
        np.concatenate(lon_parts)[order],
        np.concatenate(lat_parts)[order],
        np.concatenate(w_parts)[order],
        np.concatenate(o_parts)[order],
        len(codes),
    )


def covered_points(demand: Demand, lon, lat, radius_m: float) -> np.ndarray:
    """Which demand points lie within radius_m of any of the sites (lon, lat)."""
    out = np.zeros(len(demand.lon), dtype=bool)
    ia, _, _ = pairs_within(demand.lon, demand.lat, lon, lat, radius_m)
    out[ia] = True
    return out


# --- coverage -------------------------------------------------------------------------------------


def community_coverage(
    communities: pd.DataFrame,
    centres_lon,
    centres_lat,
    radius_m: float,
    shapes: Mapping[str, Sequence[Sequence[np.ndarray]]] | None = None,
    demand: Demand | None = None,
    centre_communities=(),
    nearest_within_m: float = 10_000,
    pilot_communities=(),
) -> pd.DataFrame:
    """`communities` with, per row: located (has demand points), covered_residents, covered_share,
    covered (share >= COVERED_SHARE), with_centre (its code is among `centre_communities`, the
    communities where an operating centre of any kind stands), with_pilot (among `pilot_communities`,
    where an operating pilot centre - one in a programme - stands) and nearest_m (from its point to
    the nearest site; inf when further than nearest_within_m or unknown). The sites are the operating
    centres' points."""
    demand = demand if demand is not None else demand_points(communities, shapes)
    hit = covered_points(demand, centres_lon, centres_lat, radius_m)
    weight = demand.per_owner(demand.weight)
    covered_w = demand.per_owner(demand.weight * hit)
    n_points = demand.per_owner(np.ones(len(hit)))
    covered_n = demand.per_owner(hit.astype(float))
    out = communities.copy()
    out["located"] = n_points > 0
    out["covered_residents"] = covered_w
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(weight > 0, covered_w / weight, np.where(n_points > 0, covered_n / n_points, np.nan))
    out["covered_share"] = share
    out["covered"] = np.nan_to_num(share, nan=0.0) >= COVERED_SHARE - 1e-12
    own = set(map(str, centre_communities))
    pilots = set(map(str, pilot_communities))
    codes = communities["code"].astype(str).tolist()
    out["with_centre"] = np.array([c in own for c in codes], dtype=bool)
    out["with_pilot"] = np.array([c in pilots for c in codes], dtype=bool)
    lon = pd.to_numeric(communities["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(communities["lat"], errors="coerce").to_numpy(dtype=float)
    out["nearest_m"] = nearest_m(lon, lat, centres_lon, centres_lat, nearest_within_m)
    return out


def summary(cov: pd.DataFrame) -> dict:
    """Totals over a community_coverage frame (needs boolean with_centre and with_pilot columns).

    pilot_share is pilot coverage (communities with an operating pilot centre ÷ all communities,
    docs/domain.md); centre_share is operating-centre coverage (with any operating centre)."""
    residents = pd.to_numeric(cov["residents"], errors="coerce").fillna(0)
    n = len(cov)
    total = float(residents.sum())
    covered_res = float(cov["covered_residents"].sum())
    return {
        "communities": n,
        "located": int(cov["located"].sum()),
        "covered": int(cov["covered"].sum()),
        "with_centre": int(cov["with_centre"].sum()),
        "with_pilot": int(cov["with_pilot"].sum()),
        "residents": total,
        "residents_covered": covered_res,
        "community_share": cov["covered"].sum() / n if n else None,
        "centre_share": cov["with_centre"].sum() / n if n else None,
        "pilot_share": cov["with_pilot"].sum() / n if n else None,
        "resident_share": covered_res / total if total else None,
    }


def by_street(cov: pd.DataFrame) -> pd.DataFrame:
    """Per street: communities, covered, with_centre, with_pilot, residents, residents_covered and the shares."""
    cols = [
        "street_code",
        "street",
        "communities",
        "covered",
        "with_centre",
        "with_pilot",
        "residents",
        "residents_covered",
        "community_share",
        "centre_share",
        "pilot_share",
        "resident_share",
    ]
    if cov.empty:
        return pd.DataFrame(columns=cols)
    g = cov.assign(residents=pd.to_numeric(cov["residents"], errors="coerce").fillna(0)).groupby(
        ["street_code", "street"], dropna=False, sort=True
    )
    out = g.agg(
        communities=("code", "size"),
        covered=("covered", "sum"),
        with_centre=("with_centre", "sum"),
        with_pilot=("with_pilot", "sum"),
        residents=("residents", "sum"),
        residents_covered=("covered_residents", "sum"),
    ).reset_index()
    out["community_share"] = out["covered"] / out["communities"]
    out["centre_share"] = out["with_centre"] / out["communities"]
    out["pilot_share"] = out["with_pilot"] / out["communities"]
    out["resident_share"] = (out["residents_covered"] / out["residents"]).where(out["residents"] > 0)
    return out[cols]


def uncovered(cov: pd.DataFrame) -> pd.DataFrame:
    """Communities not covered, largest number of uncovered residents first."""
    out = cov[~cov["covered"]].copy()
    out["uncovered_residents"] = pd.to_numeric(out["residents"], errors="coerce").fillna(0) - out["covered_residents"]
    return out.sort_values(["uncovered_residents", "code"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


# --- where next -----------------------------------------------------------------------------------

SUGGESTION_COLUMNS = [
    "pick",
    "candidate",
    "lon",
    "lat",
    "gain",
    "cumulative",
    "cumulative_share",
    "communities_covered",
]


def suggest_sites(
    demand: Demand,
    already: np.ndarray,
    candidates_lon,
    candidates_lat,
    radius_m: float,
    k: int,
    progress: Callable = NULL,
) -> pd.DataFrame:
    """Greedy maximum coverage: up to k candidate sites, each the one that covers the most residents
    not yet covered (by the existing centres in `already` or by earlier picks).

    Returns one row per pick: pick (1..), candidate (its position in the candidate arrays), lon, lat,
    gain (residents newly covered), cumulative (covered residents after the pick, existing centres
    included), cumulative_share (of all residents), communities_covered (communities that reach
    COVERED_SHARE with this pick). Ties go to the earlier candidate; picking stops early when no
    candidate adds anyone. Greedy picks are within 1 - 1/e of the best possible set of k.
    """
    c_lon = np.asarray(candidates_lon, dtype=float).ravel()
    c_lat = np.asarray(candidates_lat, dtype=float).ravel()
    covered = np.asarray(already, dtype=bool).copy()
    ia, ib, _ = pairs_within(demand.lon, demand.lat, c_lon, c_lat, radius_m)
    remaining = demand.weight * ~covered
    total = float(demand.weight.sum())
    owner_w = demand.per_owner(demand.weight)
    owner_cov = demand.per_owner(demand.weight * covered)
    owner_n = demand.per_owner(np.ones(len(covered)))
    owner_cn = demand.per_owner(covered.astype(float))

    def is_covered(w, cn):
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(owner_w > 0, w / owner_w, np.where(owner_n > 0, cn / owner_n, 0.0))
        return share >= COVERED_SHARE - 1e-12

    state = is_covered(owner_cov, owner_cn)
    cumulative = float((demand.weight * covered).sum())
    chosen = np.zeros(len(c_lon), dtype=bool)
    rows = []
    k = max(0, int(k))
    for step in range(k):
        progress(step, k, "")
        gains = np.bincount(ib, weights=remaining[ia], minlength=len(c_lon))
        gains[chosen] = -1.0
        if not len(gains):
            break
        best = int(np.argmax(gains))
        # a point already covered has weight 0, so a gain of 0 adds nobody (and zero-resident points
        # never justify a site)
        if gains[best] <= 1e-9:
            break
        chosen[best] = True
        newly = ia[(ib == best) & ~covered[ia]]
        newly = np.unique(newly)
        covered[newly] = True
        remaining[newly] = 0.0
        owner_cov += np.bincount(demand.owner[newly], weights=demand.weight[newly], minlength=demand.n_owners)
        owner_cn += np.bincount(demand.owner[newly], minlength=demand.n_owners)
        new_state = is_covered(owner_cov, owner_cn)
        cumulative += float(gains[best])
        rows.append(
            {
                "pick": step + 1,
                "candidate": best,
                "lon": float(c_lon[best]),
                "lat": float(c_lat[best]),
                "gain": float(gains[best]),
                "cumulative": cumulative,
                "cumulative_share": cumulative / total if total else None,
                "communities_covered": int((new_state & ~state).sum()),
            }
        )
        state = new_state
    progress(k, k, "")
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


# --- the whole picture for one day ------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    communities: pd.DataFrame  # community_coverage
    totals: dict  # summary
    sites: pd.DataFrame  # suggest_sites, with the candidate's code, name, street and residents
    serving: np.ndarray  # per operating site: its circle reaches at least one of the communities


def shapes_from(boundaries: pd.DataFrame) -> dict[str, list[list[np.ndarray]]]:
    """code -> polygons, from rows with code and geojson (a GeoJSON geometry as text)."""
    return {
        str(c): polygons_of(json.loads(g)) for c, g in zip(boundaries["code"].tolist(), boundaries["geojson"].tolist())
    }


def pilot_sites(sites: pd.DataFrame) -> pd.DataFrame:
    """The sites that are pilot centres: those belonging to a programme."""
    if "programme_id" not in sites:
        return sites.iloc[0:0]
    pid = sites["programme_id"]
    return sites[pid.notna() & (pid.astype(str).str.strip() != "")]


def analyse(
    communities: pd.DataFrame,
    sites: pd.DataFrame,
    radius_m: float,
    boundaries: pd.DataFrame | None,
    k: int,
    far_m: float = 10_000,
) -> Analysis:
    """Coverage of `communities` (code, name, street_code, street, residents, lon, lat) by the
    operating `sites` (lon, lat, community_code, and programme_id when known: a site with one is a
    pilot centre), community polygons from `boundaries` (code,
    geojson; community level), and the next k sites from the communities without one of their own.
    `serving` tells which sites reach any of the communities (a site outside the region may)."""
    shapes = shapes_from(boundaries) if boundaries is not None and len(boundaries) else {}
    demand = demand_points(communities, shapes)
    cov = community_coverage(
        communities,
        sites["lon"],
        sites["lat"],
        radius_m,
        demand=demand,
        centre_communities=sites["community_code"],
        nearest_within_m=far_m,
        pilot_communities=pilot_sites(sites)["community_code"],
    )
    hits, by_site, _ = pairs_within(demand.lon, demand.lat, sites["lon"], sites["lat"], radius_m)
    already = np.zeros(len(demand.lon), dtype=bool)
    already[hits] = True
    serving = np.zeros(len(sites), dtype=bool)
    serving[by_site] = True
    cand = cov[~cov["with_centre"] & cov["lon"].notna() & cov["lat"].notna()].sort_values("code").reset_index(drop=True)
    picks = suggest_sites(demand, already, cand["lon"], cand["lat"], radius_m, k)
    at = picks["candidate"].to_numpy(dtype=int)
    for col in ("code", "name", "street", "residents"):
        picks[col] = cand[col].to_numpy()[at] if len(picks) else pd.Series(dtype=object)
    return Analysis(cov, summary(cov), picks, serving)
