"""Contracts of queries/coverage/ on the tiny database (tests/tiny.py: two communities, C1 operating
since 2026-03-01 in 小街, C2 building in 凤凰山; October: 4 services at C1, 6 tickets received)."""

import datetime as dt

from tests.contracts import OCTOBER, Contract

MAP = {**OCTOBER, "on": None, "radius_m": 1000.0, "hex_m": 500.0, "lat0": 25.0}


def _monotonic(frame, by, col) -> bool:
    return all(g.sort_values("month")[col].is_monotonic_increasing for _, g in frame.groupby(by))


CONTRACTS = [
    Contract("coverage/communities", MAP, unique="code", not_null="code name street_code street has_boundary").where(
        lambda f: len(f) == 2,
        lambda f: f.residents.sum() == 15000,
        lambda f: (f.street_code == f.code.str[:9]).all(),
    ),
    Contract(
        "coverage/centres",
        MAP,
        unique="centre_id",
        not_null="centre_id name status status_on operating in_region services",
    ).where(
        lambda f: set(f.centre_id[f.operating]) == {"C1"},
        lambda f: (f.status_on[f.operating] == "运行").all(),
        lambda f: f.services.sum() == 4 and f.activities.sum() == 2 and f.visits.sum() == 50,
        lambda f: f.in_region.all(),
    ),
    # before C1 opened nothing operates, and C1 was still being built
    Contract("coverage/centres", {**MAP, "on": dt.date(2026, 2, 28)}, unique="centre_id").where(
        lambda f: not f.operating.any(),
        lambda f: f.set_index("centre_id").status_on["C1"] == "在建",
    ),
    Contract("coverage/boundaries", MAP, unique="code", min_rows=0, not_null="code level geojson"),
    Contract(
        "coverage/rollout_monthly",
        MAP,
        unique="month street_code",
        not_null="month street_code operating opened communities",
    ).where(
        lambda f: len(f) == 9 * 2,  # March to November 2026, two streets
        lambda f: _monotonic(f, "street_code", "operating"),
        lambda f: (
            f.groupby("street_code").opened.sum().to_dict()
            == f[f.month == f.month.max()].set_index("street_code").operating.to_dict()
        ),
        lambda f: (f.communities_with_centre <= f.communities).all(),
    ),
    Contract(
        "coverage/programme_monthly",
        MAP,
        unique="programme_id month",
        not_null="programme_id month centres communities",
    ).where(
        lambda f: len(f) == 11,  # January (the programme's start) to November 2026
        lambda f: _monotonic(f, "programme_id", "centres"),
        lambda f: f.centres.iloc[-1] == 1 and f.centres.iloc[1] == 0,  # C1 opened in March
        lambda f: (f.communities == 2).all(),
    ),
    Contract("coverage/ticket_hexes", MAP, unique="q r", not_null="q r n").where(
        lambda f: f.n.sum() == 6,  # received in October, as on the overview
        lambda f: (f.n_placed <= f.n).all(),
        lambda f: len(f) == 2,
    ),  # the two communities are 3.2 km apart
    Contract("coverage/service_hexes", MAP, unique="q r", not_null="q r n").where(
        lambda f: f.n.sum() == 4,
        lambda f: f.n_at_centre.sum() == 1,
    ),  # S3 names no applicant community
    Contract("coverage/region_levels", {"codes": ["530111", "530111004001", "999999"]}, unique="code").where(
        lambda f: dict(zip(f.code, f.level)) == {"530111": "district", "530111004001": "community"},
    ),
    Contract("coverage/boundaries_upsert", writes=True),
]
