"""Kaplan–Meier (grassroots.metrics.survival) against examples worked by hand and a textbook table."""

import math

import numpy as np
import pandas as pd
import pytest

from grassroots.metrics import survival

# Seven tickets: closed after 2, 4, 4 and 8 hours; still open at ages 3, 5 and 10 hours.
#   t = 2   at risk 7, 1 closes          S = 6/7
#   t = 3   one open ticket leaves       S = 6/7
#   t = 4   at risk 5, 2 close           S = 6/7 * 3/5 = 18/35 (0.514)
#   t = 5   one leaves                   S = 18/35
#   t = 8   at risk 2, 1 closes          S = 18/35 * 1/2 = 9/35 (0.257)
#   t = 10  the last one leaves          S = 9/35
# The survival median is 8 h (the first S <= 0.5); the closed-only median would say 4 h.
HAND = survival.counts([2, 4, 4, 8, 3, 5, 10], [True, True, True, True, False, False, False])


def test_counts_group_ties():
    assert HAND.to_dict("list") == {
        "t": [2.0, 3.0, 4.0, 5.0, 8.0, 10.0],
        "events": [1, 0, 2, 0, 1, 0],
        "censored": [0, 1, 0, 1, 0, 1],
    }


def test_curve_worked_by_hand():
    c = survival.curve(HAND)
    assert list(c["at_risk"]) == [7, 6, 5, 3, 2, 1]
    assert c["survival"].tolist() == pytest.approx([6 / 7, 6 / 7, 18 / 35, 18 / 35, 9 / 35, 9 / 35])
    assert survival.median(c) == 8
    assert survival.quantile(c, 0.25) == 4  # S falls to 0.75 or below first at 4 h
    assert survival.quantile(c, 0.9) is None  # never down to 0.1: not reached


def _loglog(s, greenwood_sum):
    """Textbook 95% log(-log) interval of S(t), with Greenwood's sum of d / (n (n - d))."""
    se = math.sqrt(greenwood_sum) / abs(math.log(s))
    centre = math.log(-math.log(s))
    return math.exp(-math.exp(centre + 1.959964 * se)), math.exp(-math.exp(centre - 1.959964 * se))


def test_greenwood_bounds_and_median_interval():
    c = survival.curve(HAND).set_index("t")
    at4 = _loglog(18 / 35, 1 / 42 + 2 / 15)
    assert (c.loc[4.0, "lower"], c.loc[4.0, "upper"]) == pytest.approx(at4, abs=1e-6)
    assert at4 == pytest.approx((0.1178, 0.8132), abs=1e-3)
    # lower bound at 2 h: about 0.334 <= 0.5; the upper bound never falls to 0.5 (about 0.656 at 8 h)
    assert _loglog(6 / 7, 1 / 42)[0] < 0.5 and _loglog(9 / 35, 1 / 42 + 2 / 15 + 1 / 2)[1] > 0.5
    assert survival.median_interval(survival.curve(HAND)) == (2.0, None)


def test_textbook_6mp_table():
    """Freireich et al. 6-MP arm (Gehan 1965), as tabulated in survival-analysis textbooks:
    S(6) .857, S(7) .807, S(10) .753, S(13) .690, S(16) .627, S(22) .538, S(23) .448; median 23."""
    weeks = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    relapse = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    c = survival.curve(survival.counts(weeks, np.array(relapse, dtype=bool))).set_index("t")
    expected = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}
    assert {t: round(c.loc[float(t), "survival"], 3) for t in expected} == expected
    assert survival.median(c.reset_index()) == 23


def test_without_open_tickets_the_median_is_the_sample_median():
    rng = np.random.default_rng(3)
    for n in (1, 2, 5, 8, 31, 64):
        d = rng.permutation(np.arange(1, 200))[:n].astype(float)
        c = survival.curve(survival.counts(d, np.ones(n, dtype=bool)))
        assert survival.median(c) == pytest.approx(float(np.median(d)))
    # S sits exactly on 0.5 from 4 to 6: the midpoint
    assert survival.median(survival.curve(survival.counts([2, 4, 6, 8], [True] * 4))) == 5


def test_all_open_is_not_reached_and_empty_is_empty():
    c = survival.curve(survival.counts([5, 9], [False, False]))
    assert c["survival"].tolist() == [1.0, 1.0] and survival.median(c) is None
    empty = survival.curve(pd.DataFrame({"t": [], "events": [], "censored": []}))
    assert empty.empty and survival.median(empty) is None


def test_curve_reaches_zero_when_the_last_one_closes():
    c = survival.curve(survival.counts([1, 2], [True, True]))
    assert c["survival"].tolist() == [0.5, 0.0]
    assert c["lower"].iloc[-1] == 0.0 and c["upper"].iloc[-1] == 0.0


def test_groups_are_independent_curves():
    a = HAND.assign(g="a")
    b = survival.counts([1, 1, 6], [True, False, True]).assign(g="b")
    both = survival.curve(pd.concat([a, b]), by="g")
    alone = survival.curve(HAND)
    assert both[both.g == "a"]["survival"].tolist() == pytest.approx(alone["survival"].tolist())
    # b: t=1 at risk 3, one closes (2/3); t=6 at risk 1 (the open one left at 1), closes -> 0
    assert both[both.g == "b"]["survival"].tolist() == pytest.approx([2 / 3, 0.0])
    s = survival.summary(both, "g").set_index("g")
    assert s.loc["a", ["n", "closed", "open"]].tolist() == [7, 4, 3]
    assert s.loc["a", "km_median"] == 8 and s.loc["b", "km_median"] == 6
    assert pd.isna(s.loc["a", "km_p90"])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        survival.counts([1, -2], [True, True])
    with pytest.raises(ValueError, match="differ in length"):
        survival.counts([1, 2], [True])
    with pytest.raises(ValueError, match="columns"):
        survival.curve(pd.DataFrame({"t": [1]}))
    with pytest.raises(ValueError, match="strictly"):
        survival.quantile(survival.curve(HAND), 1.0)
