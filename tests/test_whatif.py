"""What-if weights (grassroots/assessment/whatif.py) on the hand-made database of
tests/tiny_assessment.py: all the weight on one indicator ranks the units by that indicator; the filed
weights give the filed ranks; the system files, the filed system and the official list stay as filed."""

import hashlib

import pandas as pd
import pytest

from grassroots import db, sql
from grassroots.assessment import official, scorecard, system, whatif
from tests import tiny_assessment as T

OCT = T.OCT
A, B, C = T.A, T.B, T.C


@pytest.fixture(scope="module")
def systems():
    found, refused = system.load_all()
    assert not refused
    return {s.key: s for s in found}


@pytest.fixture
def fetch(asm_db):
    with db.reader(asm_db) as con:
        yield lambda n, p: sql.run(con, n, p)


def only(s: system.System, key: str) -> dict[str, float]:
    return {i.key: (1.0 if i.key == key else 0.0) for i in s.indicators}


def test_all_weight_on_satisfaction_by_hand(fetch, systems):
    s = systems["default"]
    filed = scorecard.compute(s, "street", fetch, OCT, min_n=1)
    t = whatif.trial(filed, fetch, OCT, only(s, "satisfaction"))
    # satisfaction points: A 6/9 = 66.7% -> 4, B 8/8 -> 15, C 2/2 -> 15 (tests/test_assessment.py)
    table = whatif.compare(filed, t).set_index("unit_id")
    assert table.loc[[A, B, C], "total"].tolist() == pytest.approx([4, 15, 15])
    assert table.loc[[A, B, C], "rank"].tolist() == [3, 1, 1]
    assert (table["max_total"] == 15).all()
    # filed: C (75 of 85 rescaled: 88.2) first, A (~88.0) second, B (81.25) third
    assert table.loc[[C, A, B], "filed_rank"].tolist() == [1, 2, 3]
    assert table.loc[[A, B, C], "shift"].tolist() == [2 - 3, 3 - 1, 1 - 1]


@pytest.mark.parametrize("name", ["default", "three_rates"])
def test_all_weight_on_one_indicator_ranks_by_that_indicator(fetch, systems, name):
    s = systems[name]
    filed = scorecard.compute(s, s.levels[0], fetch, OCT, min_n=1)
    for ind in s.indicators:
        t = whatif.trial(filed, fetch, OCT, only(s, ind.key))
        cells = filed.cells[filed.cells["indicator"] == ind.key].set_index("unit_id")
        ranked = set(filed.units.loc[filed.units["ranked"], "unit_id"])  # three_rates: its own min_n 10
        keep = ~cells["excluded"].astype(bool) & cells.index.isin(ranked)
        scored = cells.loc[keep, "score"].astype(float)
        expected = scored.rank(ascending=False, method="min").astype(int)
        got = t.units.set_index("unit_id")["rank"].dropna().astype(int)
        assert len(got) >= 2
        assert got.sort_index().to_dict() == expected.sort_index().to_dict(), ind.key


def test_the_filed_weights_give_the_filed_scorecard(fetch, systems):
    s = systems["default"]
    filed = scorecard.compute(s, "street", fetch, OCT, min_n=4)
    same = whatif.compare(filed, whatif.trial(filed, fetch, OCT, s.weights()))
    assert (same["shift"].dropna() == 0).all() and same["total"].tolist() == pytest.approx(
        same["filed_total"].tolist(), nan_ok=True
    )
    assert whatif.changed(s.weights(), s.weights()) == {}
    assert whatif.changed({**s.weights(), "rework": 0.5}, s.weights()) == {"rework": 0.5}


def test_nothing_filed_changes(fetch, systems):
    files = sorted(system.INDICATORS_DIR.glob("*.toml"))
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    s = systems["default"]
    weights_before = s.weights()
    lists_before = official.compute(fetch, OCT, "street", system=s, min_n=1)
    filed = scorecard.compute(s, "street", fetch, OCT, min_n=1)
    units_before = filed.units.copy()
    trial = whatif.trial(filed, fetch, OCT, only(s, "satisfaction"))
    assert trial.system.weights() != weights_before
    assert s.weights() == weights_before and filed.system.weights() == weights_before
    pd.testing.assert_frame_equal(filed.units, units_before)
    after = official.compute(fetch, OCT, "street", system=system.load(system.INDICATORS_DIR / "default.toml"), min_n=1)
    assert [e.code for e in after.red] == [e.code for e in lists_before.red]
    assert [e.score for e in after.black] == [e.score for e in lists_before.black]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == digest


def test_bad_weights_are_refused_with_the_indicator_named(systems):
    s = systems["default"]
    with pytest.raises(ValueError, match="rework"):
        s.with_weights({"rework": -1})
    with pytest.raises(ValueError, match="nonsense"):
        s.with_weights({"nonsense": 1})
    with pytest.raises(ValueError, match="above 0"):
        s.with_weights(dict.fromkeys(s.weights(), 0))


def test_the_slope_chart_joins_each_ranked_units_two_ranks(fetch, systems):
    s = systems["default"]
    filed = scorecard.compute(s, "street", fetch, OCT, min_n=1)
    table = whatif.compare(filed, whatif.trial(filed, fetch, OCT, only(s, "satisfaction")))
    fig = whatif.shift_figure(table, {"filed": "存档", "trial": "试算", "rank": "名次"})
    ys = {tr.text[0]: list(tr.y) for tr in fig.data}
    assert ys == {"关上街道": [2, 3], "金马街道": [3, 1], "太和街道": [1, 1]}
