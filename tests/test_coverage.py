"""Coverage numbers and the greedy site suggestion on layouts small enough to work out by hand.

The line layout: seven communities P0..P6 on the meridian 102.70 E, 0.006 degrees of latitude apart.
On the sphere of radius R = 6,371,008.8 m one step is R * 0.006 * pi / 180 = 667.17 m, two steps
1,334.3 m: with a 1,000 m radius a site at Pi covers exactly P(i-1), Pi and P(i+1).

    residents   P0 100 | P1 500 | P2 300 | P3 60 | P4 400 | P5 600 | P6 200      (2,160 in all)
    street      A        A        A        A       B        B        B
    an operating centre stands at P0: it covers P0 and P1 (600 residents)
"""

import json
import math

import numpy as np
import pandas as pd
import pytest

from grassroots.geo import coverage as cv

R = 6_371_008.8
STEP = 0.006
STEP_M = R * math.radians(STEP)  # 667.17 m
RESIDENTS = [100, 500, 300, 60, 400, 600, 200]


def line() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [f"P{i}" for i in range(7)],
            "name": [f"社区{i}" for i in range(7)],
            "street_code": ["A"] * 4 + ["B"] * 3,
            "street": ["甲街道"] * 4 + ["乙街道"] * 3,
            "residents": RESIDENTS,
            "lon": [102.70] * 7,
            "lat": [25.0 + STEP * i for i in range(7)],
        }
    )


CENTRE_LON, CENTRE_LAT = np.array([102.70]), np.array([25.0])


def test_haversine_one_degree_of_latitude():
    assert cv.haversine_m(102.7, 25.0, 102.7, 26.0) == pytest.approx(R * math.pi / 180, rel=1e-12)  # 111,195.08 m
    # along the equator, one degree of longitude is the same arc
    assert cv.haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(R * math.pi / 180, rel=1e-12)


def test_coverage_of_the_line():
    cov = cv.community_coverage(line(), CENTRE_LON, CENTRE_LAT, 1000, centre_communities=["P0"])
    assert cov["covered"].tolist() == [True, True, False, False, False, False, False]
    assert cov["covered_residents"].tolist() == [100, 500, 0, 0, 0, 0, 0]
    assert cov["with_centre"].tolist() == [True] + [False] * 6
    assert cov["nearest_m"].iloc[2] == pytest.approx(2 * STEP_M, rel=1e-9)
    assert cov["nearest_m"].iloc[3] == pytest.approx(3 * STEP_M, rel=1e-9)
    total = cv.summary(cov)
    assert total["communities"] == 7 and total["covered"] == 2 and total["with_centre"] == 1
    assert total["residents"] == 2160 and total["residents_covered"] == 600
    assert total["resident_share"] == pytest.approx(600 / 2160)
    assert total["community_share"] == pytest.approx(2 / 7)
    assert total["centre_share"] == pytest.approx(1 / 7)


def test_a_radius_just_short_of_a_step_covers_only_the_centres_own_community():
    cov = cv.community_coverage(line(), CENTRE_LON, CENTRE_LAT, STEP_M - 1)
    assert cov["covered"].tolist() == [True] + [False] * 6
    cov = cv.community_coverage(line(), CENTRE_LON, CENTRE_LAT, STEP_M + 1)
    assert cov["covered"].sum() == 2


def test_by_street_and_uncovered_largest_first():
    cov = cv.community_coverage(line(), CENTRE_LON, CENTRE_LAT, 1000, centre_communities=["P0"])
    streets = cv.by_street(cov).set_index("street_code")
    assert streets.loc["A", ["communities", "covered", "with_centre", "residents", "residents_covered"]].tolist() == [
        4,
        2,
        1,
        960,
        600,
    ]
    assert streets.loc["B", ["communities", "covered", "residents", "residents_covered"]].tolist() == [3, 0, 1200, 0]
    assert streets.loc["A", "resident_share"] == pytest.approx(600 / 960)
    gaps = cv.uncovered(cov)
    assert gaps["code"].tolist() == ["P5", "P4", "P2", "P6", "P3"]
    assert gaps["uncovered_residents"].tolist() == [600, 400, 300, 200, 60]


def test_greedy_sites_with_the_gain_of_each():
    comms = line()
    demand = cv.demand_points(comms)
    already = cv.covered_points(demand, CENTRE_LON, CENTRE_LAT, 1000)
    cand = comms.iloc[1:].reset_index(drop=True)  # every community without a centre: P1..P6
    sites = cv.suggest_sites(demand, already, cand["lon"], cand["lat"], 1000, k=3)
    # first pick: P5 covers P4, P5, P6 = 400 + 600 + 200 = 1,200 (P4 would cover 60 + 400 + 600 = 1,060)
    # second: P2 and P3 both add P2 + P3 = 360; the tie goes to the earlier candidate, P2
    # third: nobody is left uncovered, so picking stops after two
    assert cand["code"].iloc[sites["candidate"]].tolist() == ["P5", "P2"]
    assert sites["gain"].tolist() == [1200, 360]
    assert sites["cumulative"].tolist() == [1800, 2160]
    assert sites["cumulative_share"].tolist() == pytest.approx([1800 / 2160, 1.0])
    assert sites["communities_covered"].tolist() == [3, 2]
    assert sites["pick"].tolist() == [1, 2]


def test_greedy_prefers_reach_over_the_largest_community():
    # two candidates: X alone has the most residents (1,000); Y sits between three communities of
    # 400 each and covers them all (1,200)
    comms = pd.DataFrame(
        {
            "code": ["X", "L", "Y", "M"],
            "residents": [1000, 400, 400, 400],
            "lon": [103.0, 102.70, 102.70, 102.70],
            "lat": [25.0, 25.0 - STEP, 25.0, 25.0 + STEP],
        }
    )
    demand = cv.demand_points(comms)
    none = np.zeros(len(demand.lon), dtype=bool)
    sites = cv.suggest_sites(demand, none, [103.0, 102.70], [25.0, 25.0], 1000, k=1)
    assert sites["candidate"].tolist() == [1] and sites["gain"].tolist() == [1200]


def test_no_gain_no_site():
    comms = pd.DataFrame({"code": ["E"], "residents": [0], "lon": [102.7], "lat": [25.0]})
    demand = cv.demand_points(comms)
    sites = cv.suggest_sites(demand, np.zeros(1, dtype=bool), [102.7], [25.0], 1000, k=3)
    assert sites.empty and list(sites.columns) == cv.SUGGESTION_COLUMNS


def test_communities_without_a_place_have_no_demand():
    comms = line()
    comms.loc[3, ["lon", "lat"]] = np.nan
    cov = cv.community_coverage(comms, CENTRE_LON, CENTRE_LAT, 1000)
    assert not cov["located"].iloc[3] and cov["located"].sum() == 6
    assert not cov["covered"].iloc[3] and math.isinf(cov["nearest_m"].iloc[3])


# --- polygons: residents spread over areas ---------------------------------------------------------

SIDE = 0.018  # degrees; at the equator 2,001.5 m on each side
SIDE_M = R * math.radians(SIDE)


def square(x0, y0, side):
    return [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]


def test_area_of_a_square_and_of_a_square_with_a_hole():
    outer = np.array(square(0.0, 0.0, SIDE))
    hole = np.array(square(0.006, 0.006, 0.006))
    assert cv.area_m2([[outer]]) == pytest.approx(SIDE_M**2, rel=1e-4)
    assert cv.area_m2([[outer, hole]]) == pytest.approx(SIDE_M**2 - (SIDE_M / 3) ** 2, rel=1e-4)
    assert cv.inside([[outer, hole]], [0.003, 0.009], [0.003, 0.009]).tolist() == [True, False]


def test_a_centre_at_the_corner_covers_a_quarter_circle_of_the_area():
    comms = pd.DataFrame({"code": ["S"], "residents": [1000], "lon": [np.nan], "lat": [np.nan]})
    shapes = {"S": [[np.array(square(0.0, 0.0, SIDE))]]}
    demand = cv.demand_points(comms, shapes, n=4000)
    cov = cv.community_coverage(comms, [0.0], [0.0], 1000, demand=demand)
    share = math.pi * 1000**2 / 4 / SIDE_M**2  # 0.1961
    assert cov["covered_share"].iloc[0] == pytest.approx(share, abs=0.01)
    assert cov["covered_residents"].iloc[0] == pytest.approx(1000 * share, abs=10)
    assert not cov["covered"].iloc[0]  # under half of its residents


def test_a_centre_in_the_middle_covers_the_inscribed_circle():
    comms = pd.DataFrame({"code": ["S"], "residents": [1000], "lon": [SIDE / 2], "lat": [SIDE / 2]})
    shapes = {"S": [[np.array(square(0.0, 0.0, SIDE))]]}
    demand = cv.demand_points(comms, shapes, n=4000)
    cov = cv.community_coverage(comms, [SIDE / 2], [SIDE / 2], 1000, demand=demand)
    assert cov["covered_share"].iloc[0] == pytest.approx(math.pi * 1000**2 / SIDE_M**2, abs=0.01)  # 0.784
    assert cov["covered"].iloc[0]


def test_lattice_spreads_residents_evenly():
    shapes = {"S": [[np.array(square(0.0, 0.0, SIDE))]]}
    comms = pd.DataFrame({"code": ["S"], "residents": [900], "lon": [np.nan], "lat": [np.nan]})
    d = cv.demand_points(comms, shapes, n=100)
    assert 80 <= len(d.lon) <= 120
    assert d.weight.sum() == pytest.approx(900)
    assert np.allclose(d.weight, d.weight[0])
    assert cv.inside(shapes["S"], d.lon, d.lat).all()


# --- the neighbour search ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lat0, spread, n_a, n_b", [(25.0, 0.05, 400, 60), (39.9, 0.05, 50, 300), (25.0, 3.0, 200, 200)]
)
def test_pairs_within_equals_brute_force(lat0, spread, n_a, n_b):
    rng = np.random.default_rng(5)
    la, pa = 116.0 + rng.normal(0, spread, n_a), lat0 + rng.normal(0, spread, n_a)
    lb, pb = 116.0 + rng.normal(0, spread, n_b), lat0 + rng.normal(0, spread, n_b)
    la[0] = np.nan
    ia, ib, d = cv.pairs_within(la, pa, lb, pb, 1500)
    full = cv.haversine_m(la[:, None], pa[:, None], lb[None, :], pb[None, :])
    bi, bj = np.nonzero(full <= 1500)
    assert set(zip(ia.tolist(), ib.tolist())) == set(zip(bi.tolist(), bj.tolist()))
    assert np.allclose(d, full[ia, ib])


def test_pairs_across_latitudes_are_all_found():
    # points 900 m apart east-west at 60 N, searched together with points at the equator
    lon = np.array([10.0, 10.0 + math.degrees(900 / (R * math.cos(math.radians(60)))), 0.0])
    lat = np.array([60.0, 60.0, 0.0])
    ia, ib, _ = cv.pairs_within(lon[:1], lat[:1], lon, lat, 1000)
    assert sorted(ib.tolist()) == [0, 1]


def test_analyse_puts_it_together():
    comms = line()
    sites = pd.DataFrame({"lon": [102.70], "lat": [25.0], "community_code": ["P0"]})
    result = cv.analyse(comms, sites, 1000, None, k=3)
    assert result.totals["residents_covered"] == 600 and result.totals["with_centre"] == 1
    assert result.sites["code"].tolist() == ["P5", "P2"] and result.sites["name"].tolist() == ["社区5", "社区2"]
    # a community polygon replaces P6's point: a small square around it, still within P5's reach
    ring = [[102.6995, 25.0355], [102.7005, 25.0355], [102.7005, 25.0365], [102.6995, 25.0365], [102.6995, 25.0355]]
    bounds = pd.DataFrame({"code": ["P6"], "geojson": [json.dumps({"type": "Polygon", "coordinates": [ring]})]})
    with_area = cv.analyse(comms, sites, 1000, bounds, k=3)
    assert with_area.sites["gain"].tolist() == pytest.approx([1200, 360])


def test_analyse_tells_which_sites_reach_the_communities():
    sites = pd.DataFrame(
        {"lon": [102.70, 102.70, 103.5], "lat": [25.0 - 1.4 * STEP, 25.0, 25.0], "community_code": ["X", "P0", "Y"]}
    )
    # 934 m south of P0 reaches it; P0's own centre does; one 80 km east reaches nobody
    assert cv.analyse(line(), sites, 1000, None, k=0).serving.tolist() == [True, True, False]
