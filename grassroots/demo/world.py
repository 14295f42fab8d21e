"""Everything the record generators share: the days, the places, the centres, and the sizes of a scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from grassroots.demo import centres as centres_mod
from grassroots.demo import places, timeline
from grassroots.demo.centres import Centres
from grassroots.demo.places import Regions
from grassroots.demo.timeline import Timeline

# expected record counts over the three years
SIZES = {
    "small": dict(tickets=30_000, services=80_000, activities=5_000, volunteering=20_000, wishes=4_000, party=4_000),
    "medium": dict(
        tickets=1_000_000, services=2_000_000, activities=40_000, volunteering=250_000, wishes=30_000, party=25_000
    ),
    "large": dict(
        tickets=10_000_000,
        services=20_000_000,
        activities=250_000,
        volunteering=2_000_000,
        wishes=150_000,
        party=120_000,
    ),
}
SCALES = tuple(SIZES)
CITY = {"KM": "昆明市", "PT": "莆田市", "DX": "北京市", "GY": "贵阳市"}


@dataclass
class World:
    scale: str
    seed: int
    tl: Timeline
    reg: Regions
    cen: Centres
    sizes: dict
    # communities, as arrays indexed like reg.communities
    comm_code: np.ndarray = field(init=False)
    comm_street: np.ndarray = field(init=False)  # index into street_codes
    street_codes: np.ndarray = field(init=False)
    street_start: np.ndarray = field(init=False)  # each community's street: first community index
    street_count: np.ndarray = field(init=False)  # ... and how many communities it has
    people: np.ndarray = field(init=False)  # residents + half the floating population
    # centres, as arrays indexed like cen.centres
    centre_open_day: np.ndarray = field(init=False)  # first day index it works (len(days): never)
    centre_comm: np.ndarray = field(init=False)
    cache: dict = field(default_factory=dict)  # per-generator values computed once per build

    def __post_init__(self):
        c = self.reg.communities
        self.comm_code = c["code"].to_numpy(dtype=object)
        self.street_codes, self.comm_street = np.unique(c["street"].to_numpy(dtype=str), return_inverse=True)
        first = np.searchsorted(self.comm_street, np.arange(len(self.street_codes)))
        counts = np.bincount(self.comm_street, minlength=len(self.street_codes))
        self.street_start, self.street_count = first[self.comm_street], counts[self.comm_street]
        self.people = (c["residents"] + 0.5 * c["floating"]).to_numpy(dtype=float)
        ce = self.cen.centres
        n_days = len(self.tl.days)
        opened = pd.to_datetime(ce["opened_on"]).to_numpy().astype("datetime64[D]")
        start = np.searchsorted(self.tl.days, opened)
        start[np.isnat(opened)] = n_days
        start[(ce["status"] != "运行").to_numpy()] = n_days
        self.centre_open_day = start
        self.centre_comm = ce["community"].to_numpy()

    def centre_active(self, day_idx: np.ndarray) -> np.ndarray:
        """centres x days: whether each centre works on each day."""
        return self.centre_open_day[:, None] <= day_idx[None, :]

    def community(self, name: str, street: str | None = None) -> int:
        c = self.reg.communities
        hit = c.index[(c["name"] == name) & ((c["street"] == street) if street else True)]
        return int(hit[0])

    def centre_index(self, centre_id: str) -> int:
        return int(np.flatnonzero(self.cen.centres["centre_id"].to_numpy() == centre_id)[0])


def make(scale: str, seed: int, as_of: dt.date) -> World:
    if scale not in SIZES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SIZES)}")
    reg = places.build_regions(scale)
    cen = centres_mod.build_centres(reg)
    return World(scale, seed, timeline.window(as_of), reg, cen, SIZES[scale])


def calibrate(expected: float, target: float) -> float:
    """The factor that brings an unscaled expected count to the target."""
    return target / expected if expected > 0 else 0.0
