"""Funnel plots (grassroots/metrics/funnel.py): exact binomial control limits with Spiegelhalter's
interpolation, checked against limits worked out here another way (the binomial cdf summed term by
term with math.comb), a planted outlier outside and ordinary units inside, and the figure."""

import math
import random

import pandas as pd
import pytest

from grassroots import charts
from grassroots.metrics import funnel


def cdf(r: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(r + 1))


def by_hand(n: int, p: float, q: float) -> float:
    r = next(r for r in range(n + 1) if cdf(r, n, p) >= q)
    a = (cdf(r, n, p) - q) / (cdf(r, n, p) - (cdf(r - 1, n, p) if r else 0.0))
    return (r - a) / n


@pytest.mark.parametrize("n,p", [(20, 0.5), (60, 0.8), (200, 0.93), (7, 0.3)])
def test_limits_are_the_exact_binomial_ones(n, p):
    for level in funnel.LEVELS:
        lo, hi = funnel.limits(n, p, level)
        tail = (1 - level) / 2
        assert lo == pytest.approx(max(0.0, by_hand(n, p, tail)), abs=1e-9)
        assert hi == pytest.approx(min(1.0, by_hand(n, p, 1 - tail)), abs=1e-9)
    # the limits narrow as n grows, 99.8% wider than 95%
    lo95, hi95 = funnel.limits(n, p, 0.95)
    lo998, hi998 = funnel.limits(n, p, 0.998)
    assert lo998 <= lo95 < hi95 <= hi998
    assert funnel.limits(n * 10, p, 0.95)[1] - funnel.limits(n * 10, p, 0.95)[0] < hi95 - lo95


def planted(seed: int = 7) -> pd.DataFrame:
    """Twenty ordinary units at exactly 80% of various sizes, one at 60% of 400 cases and one tiny."""
    rng = random.Random(seed)
    rows = []
    for i in range(20):
        n = rng.choice([50, 100, 150, 200, 300, 500])
        rows.append({"grp": f"S{i:02d}", "label": f"街道{i}", "k": round(n * 0.8), "d": n})
    rows.append({"grp": "OUT", "label": "异常街道", "k": 240, "d": 400})
    rows.append({"grp": "TINY", "label": "小街道", "k": 1, "d": 3})  # 33%, but only 3 cases
    rows.append({"grp": "NONE", "label": "无样本", "k": 0, "d": 0})
    return pd.DataFrame(rows)


def test_a_planted_outlier_falls_outside_and_ordinary_units_do_not():
    f = funnel.compute(planted(), "k", "d")
    u = f.units.set_index("code")
    assert f.overall == pytest.approx(u["k"].sum() / u["n"].sum()) and f.dropped == 1
    assert "NONE" not in u.index
    assert u.loc["OUT", "signal"] == "low" and u.loc["OUT", "rate"] < u.loc["OUT", "lo998"]
    ordinary = u.drop(index=["OUT", "TINY"])
    assert (ordinary["signal"] == "").all() and (ordinary["warn"] == "").all()
    assert u.loc["TINY", "signal"] == ""  # a third of 3: far off, yet within what chance allows
    # a unit as far above as OUT is below is significantly high
    high = planted()
    high.loc[high["grp"] == "OUT", "k"] = 380
    assert funnel.compute(high, "k", "d").units.set_index("code").loc["OUT", "signal"] == "high"


def test_ticket_rates_use_their_counts():
    frame = pd.DataFrame(
        {
            "grp": ["a", "b"],
            "label": ["甲", "乙"],
            "satisfied_n": [9, 30],
            "rated_n": [10, 40],
            "on_time_n": [1, 2],
            "on_time_d": [2, 4],
            "closed_n": [5, 5],
            "due_to_close": [5, 10],
            "response_n": [0, 0],
            "response_d": [0, 0],
        }
    )
    f = funnel.ticket_rate(frame, "satisfaction_rate")
    assert f.overall == pytest.approx(39 / 50) and list(f.units["rate"]) == pytest.approx([0.9, 0.75])
    assert funnel.ticket_rate(frame, "closure_rate").overall == pytest.approx(10 / 15)
    empty = funnel.ticket_rate(frame, "response_rate")
    assert empty.overall is None and empty.units.empty and empty.dropped == 2


def test_the_figure_marks_the_outlier():
    f = funnel.compute(planted(), "k", "d")
    names = {k: k.upper() for k in ("x", "y", "target", "l95", "l998", "high", "low", "warn", "within")}
    fig = charts.funnel.figure(f, names)
    traces = {t.name: t for t in fig.data}
    assert list(traces["LOW"].text) == ["异常街道"] and "HIGH" not in traces
    assert len(traces["WITHIN"].x) == 21
    assert traces["TARGET"].y[0] == pytest.approx(f.overall * 100)
    assert traces["LOW"].marker.color == charts.funnel.RED


def test_scorecard_percent_indicators():
    from test_rank_intervals import SYSTEM, card

    assert [i.key for i in funnel.percent_indicators(SYSTEM)] == [
        "on_time",
        "satisfaction",
        "online_share",
        "wish_claims",
    ]
    sc = card([(f"U{i}", 200, 150, 0, 0) for i in range(10)] + [("BAD", 200, 60, 0, 0)])
    f = funnel.scorecard_indicator(sc, "on_time")
    u = f.units.set_index("code")
    assert f.overall == pytest.approx((150 * 10 + 60) / 2200)
    assert u.loc["BAD", "signal"] == "low" and u.loc["BAD", "label"] == "街道BAD"
    assert (u.drop(index="BAD")["signal"] == "").all()
    assert funnel.scorecard_indicator(sc, "satisfaction").units.empty  # nothing rated
