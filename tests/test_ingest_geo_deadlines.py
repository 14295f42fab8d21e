"""grassroots.geo (WGS-84 <-> GCJ-02) and grassroots.deadlines (SLA due times, Chinese working days)."""

import datetime as dt

import numpy as np
import pytest

from grassroots import deadlines, geo
from grassroots.config import Sla

# Published example of the widely used coordtransform library (wandergis/coordtransform, test/app.js):
# wgs84togcj02(116.404, 39.915) -> [116.41024449916938, 39.91640428150164]
# gcj02towgs84(116.404, 39.915) -> [116.39775550083061, 39.91359571849836] (its one-step approximation)


def test_wgs84_to_gcj02_matches_published_point():
    lon, lat = geo.wgs84_to_gcj02(116.404, 39.915)
    assert lon == pytest.approx(116.41024449916938, abs=1e-9)
    assert lat == pytest.approx(39.91640428150164, abs=1e-9)


def test_gcj02_to_wgs84_is_the_inverse_and_close_to_published_approximation():
    lon, lat = geo.gcj02_to_wgs84(116.404, 39.915)
    # the published value is a one-step approximation good to about a metre (1e-5 degrees)
    assert lon == pytest.approx(116.39775550083061, abs=1e-5)
    assert lat == pytest.approx(39.91359571849836, abs=1e-5)
    # ours is exact: going forward again gives back the input
    back = geo.wgs84_to_gcj02(lon, lat)
    assert back[0] == pytest.approx(116.404, abs=1e-8) and back[1] == pytest.approx(39.915, abs=1e-8)


def test_vectorised_and_nan_and_outside_china():
    lons = np.array([116.404, 102.742, np.nan, 2.3522])  # Beijing, Kunming, missing, Paris
    lats = np.array([39.915, 25.012, 25.0, 48.8566])
    glon, glat = geo.wgs84_to_gcj02(lons, lats)
    assert glon[0] == pytest.approx(116.41024449916938, abs=1e-9)
    assert np.isnan(glon[2]) and np.isnan(glat[2])
    assert (glon[3], glat[3]) == (2.3522, 48.8566)  # no offset outside China
    # the offset in Kunming is a few hundred metres, not zero and not kilometres
    shift_m = np.hypot((glon[1] - 102.742) * 101_000, (glat[1] - 25.012) * 111_000)
    assert 100 < shift_m < 1000
    wlon, wlat = geo.gcj02_to_wgs84(glon, glat)
    assert np.allclose(wlon[[0, 1, 3]], lons[[0, 1, 3]], atol=1e-8)
    assert np.allclose(wlat[[0, 1, 3]], lats[[0, 1, 3]], atol=1e-8)


SLA = (
    Sla(7, "working_days"),
    {"紧急事件": Sla(2, "hours"), "市容环境": Sla(3, "working_days"), "道路": Sla(1, "working_days")},
)


@pytest.mark.parametrize(
    "reported, category, expected",
    [
        # National Day 2023: 9/29-10/6 off, Saturday 10/7 and Sunday 10/8 are working days (调休)
        (dt.datetime(2023, 9, 28, 10, 0), "市容环境", dt.datetime(2023, 10, 9, 23, 59, 59)),
        (dt.datetime(2023, 9, 28, 10, 0), "紧急事件", dt.datetime(2023, 9, 28, 12, 0)),
        # default 7 working days from the same Thursday: 10/7, 10/8, 10/9 ... 10/13
        (dt.datetime(2023, 9, 28, 10, 0), "别的类别", dt.datetime(2023, 10, 13, 23, 59, 59)),
        (dt.datetime(2023, 9, 28, 10, 0), None, dt.datetime(2023, 10, 13, 23, 59, 59)),
        # Friday before the Dragon Boat Festival (Monday 2024-06-10 off): next working day is Tuesday
        (dt.datetime(2024, 6, 7, 16, 30), "道路", dt.datetime(2024, 6, 11, 23, 59, 59)),
        # reported on a Sunday: the count starts with Monday
        (dt.datetime(2023, 6, 11, 8, 0), "道路", dt.datetime(2023, 6, 12, 23, 59, 59)),
        # a year outside the official calendar falls back to Monday-Friday
        (dt.datetime(2040, 1, 6, 9, 0), "道路", dt.datetime(2040, 1, 9, 23, 59, 59)),
    ],
)
def test_due_at_one(reported, category, expected):
    assert deadlines.due_at_one(reported, category, SLA) == expected


def test_due_at_vectorised_equals_scalar_and_is_fast():
    import time

    import pandas as pd

    rng = np.random.default_rng(7)
    n = 200_000
    rep = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 86400, n), unit="s")
    cats = rng.choice(np.array(["紧急事件", "市容环境", "道路", "x"], dtype=object), n)
    t0 = time.perf_counter()
    due = deadlines.due_at(rep, cats, SLA)
    assert time.perf_counter() - t0 < 5
    for i in rng.integers(0, n, 30):
        one = deadlines.due_at_one(rep[i].to_pydatetime(), cats[i], SLA)
        assert pd.Timestamp(due[i]).to_pydatetime() == one
    assert np.isnat(deadlines.due_at([None], ["x"], SLA)[0])


def test_is_workday_honours_swapped_weekends():
    days = [dt.date(2023, 10, 7), dt.date(2023, 10, 2), dt.date(2023, 10, 14), dt.date(2023, 10, 16)]
    assert deadlines.is_workday(days).tolist() == [True, False, False, True]
