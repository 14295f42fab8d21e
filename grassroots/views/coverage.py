"""The coverage page's (试点覆盖) and the wall screen's coverage assembly without streamlit: the month
ends of the rollout slider, the cards, where the map looks, the notes under it and the tables of its
tabs (grassroots/geo/coverage.py computes the coverage itself)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from grassroots import fmt
from grassroots.cards import Card
from grassroots.geo import coverage
from grassroots.metrics import catalogue

FAR_M = 10_000  # a community farther than this from any centre has no "nearest" distance
PLANNED = ("在建", "规划")  # a centre of these statuses puts its community in the works


def month_ends(first: dt.date, start: dt.date, end: dt.date) -> list[str]:
    """The days the rollout slider offers: each month's last day from the earliest of `first` (the
    rollout's first month) and `start` (the period's) up to `end`, which closes the list."""
    days = []
    m = min(first, start, end).replace(day=1)
    while m <= end:
        nxt = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days.append(min(nxt - dt.timedelta(days=1), end).isoformat())
        m = nxt
    return days


def placed(centres: pd.DataFrame) -> pd.DataFrame:
    """The centres with a location."""
    return centres[centres["lon"].notna() & centres["lat"].notna()]


def operating(centres: pd.DataFrame) -> pd.DataFrame:
    """The located centres operating on the day."""
    here = placed(centres)
    return here[here["operating"]]


@dataclass
class Coverage:
    """The map's data on one day: communities (with their coverage), centres, boundaries and what
    grassroots.geo.coverage.analyse found."""

    comms: pd.DataFrame
    centres: pd.DataFrame  # coverage/centres on the day
    bounds: pd.DataFrame
    result: coverage.Analysis

    @property
    def placed(self) -> pd.DataFrame:
        return placed(self.centres)

    @property
    def operating(self) -> pd.DataFrame:
        return operating(self.centres)

    @property
    def shown(self) -> pd.DataFrame:
        """The region's centres and, from outside it, the operating ones whose circle reaches in."""
        placed = self.placed
        reaching = set(self.operating["centre_id"].to_numpy()[self.result.serving])
        return placed[placed["in_region"] | placed["centre_id"].isin(reaching)]

    @property
    def operating_here(self) -> pd.DataFrame:
        operating = self.operating
        return operating[operating["in_region"]]

    @property
    def in_the_works(self) -> set:
        return set(self.centres.loc[self.centres["status_on"].isin(PLANNED), "community_code"])

    def fit_points(self) -> tuple[pd.Series, pd.Series]:
        """Where the map should look: the communities and the region's centres; the boundaries too when no
        community has a location (the enclosing district's would zoom too far out)."""
        here = self.centres.loc[self.centres["in_region"]]
        lons, lats = pd.concat([self.comms["lon"], here["lon"]]), pd.concat([self.comms["lat"], here["lat"]])
        if not self.comms["lon"].notna().any():
            lons = pd.concat([lons, self.bounds["min_lon"], self.bounds["max_lon"]])
            lats = pd.concat([lats, self.bounds["min_lat"], self.bounds["max_lat"]])
        return lons, lats


def analysis_inputs(operating: pd.DataFrame, bounds: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """coverage.analyse's frames beside the communities: the operating centres' points, the community outlines."""
    points = operating[["lon", "lat", "community_code", "programme_id"]].reset_index(drop=True)
    outlines = bounds.loc[bounds["level"] == "community", ["code", "geojson"]].reset_index(drop=True)
    return points, outlines


def cards(total: dict, centres_here: int, radius_m: float, tr: Callable[..., str], helps: bool = True) -> list[Card]:
    """Operating centres and the four coverage shares, each with its "a / b" beneath (`helps`: with the
    definitions as tooltips; the wall screen has none)."""
    r = f"{radius_m:,.0f}"

    def share(label: str, key: str, a, b, help_text: str) -> Card:
        note = tr("coverage.kpi.of", a=a, b=b)
        return Card(tr(label), fmt.percent(total[key]), help_text if helps else None, note, None, arrow=False)

    n = total["communities"]
    residents = (f"{total['residents_covered']:,.0f}", f"{total['residents']:,.0f}")
    return [
        Card(tr("coverage.kpi.centres"), f"{centres_here:,}", tr("coverage.kpi.centres_help") if helps else None),
        share(
            "coverage.kpi.pilot_share", "pilot_share", total["with_pilot"], n, catalogue.get("pilot_coverage").help()
        ),
        share(
            "coverage.kpi.centre_share",
            "centre_share",
            total["with_centre"],
            n,
            catalogue.get("operating_coverage").help(),
        ),
        share(
            "coverage.kpi.community_share",
            "community_share",
            total["covered"],
            n,
            tr("coverage.kpi.community_share_help", r=r),
        ),
        share("coverage.kpi.resident_share", "resident_share", *residents, tr("coverage.kpi.resident_share_help", r=r)),
    ]


def notes(cv: Coverage, density: pd.DataFrame | None, density_of: str, hot, tr: Callable[..., str]) -> list[str]:
    """What the map leaves out or adds: communities without a location, centres without dates or a place,
    how many records the density layer placed, how many hot spots."""
    out = []
    cov, centres = cv.result.communities, cv.centres
    lost = cov[~cov["located"]]
    if len(lost):
        residents = f"{pd.to_numeric(lost['residents']).fillna(0).sum():,.0f}"
        out.append(tr("coverage.no_location", n=len(lost), residents=residents))
    undated = centres["undated"] & centres["in_region"]
    if undated.any():
        out.append(tr("coverage.undated", n=int(undated.sum())))
    if len(centres) > len(cv.placed):
        out.append(tr("coverage.unplaced_centres", n=len(centres) - len(cv.placed)))
    if density is not None and len(density):
        n_placed = int(density["n_placed" if density_of == "tickets" else "n_at_centre"].sum())
        if n_placed:
            out.append(tr("coverage.density_note", n=f"{n_placed:,}"))
    if hot is not None:
        out.append(tr("coverage.hotspots_note", n=len(hot)))
    return out


def _columns(frame: pd.DataFrame, columns: dict[str, object], tr: Callable[..., str]) -> pd.DataFrame:
    return pd.DataFrame({tr(f"coverage.col.{c}"): v for c, v in columns.items()}, index=frame.index)


STREET_SHARES = ("pilot_share", "centre_share", "community_share", "resident_share")


def street_table(cov: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    """Coverage per street (the shares' columns: STREET_SHARES, in 0-1)."""
    s = coverage.by_street(cov)
    cols = {c: s[c] for c in ("street", "communities", "with_pilot", "pilot_share", "with_centre", "centre_share")}
    cols |= {"covered": s["covered"], "community_share": s["community_share"], "residents": s["residents"].round(0)}
    cols |= {"residents_covered": s["residents_covered"].round(0), "resident_share": s["resident_share"]}
    return _columns(s, cols, tr)


def uncovered_table(cov: pd.DataFrame, in_the_works: set, tr: Callable[..., str]) -> pd.DataFrame:
    """The communities no centre's circle reaches, with the nearest centre's distance (km)."""
    g = coverage.uncovered(cov)
    cols = {"community": g["name"], "street": g["street"], "residents": g["residents"]}
    cols |= {"uncovered_residents": g["uncovered_residents"].round(0)}
    cols |= {"nearest_km": (g["nearest_m"] / 1000).where(g["nearest_m"] < FAR_M).round(2)}
    cols |= {"planned": g["code"].isin(in_the_works), "code": g["code"]}
    return _columns(g, cols, tr)


def next_table(sites: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    """Where the next centres should go, best first, with the residents each adds."""
    cols = {"pick": sites["pick"], "community": sites["name"], "street": sites["street"]}
    cols |= {"gain": sites["gain"].round(0), "communities_covered": sites["communities_covered"]}
    cols |= {"cumulative": sites["cumulative"].round(0), "cumulative_share": sites["cumulative_share"]}
    cols |= {"planned": sites["planned"], "code": sites["code"]}
    return _columns(sites, cols, tr)
