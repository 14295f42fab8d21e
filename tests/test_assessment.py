"""Scorecards on the hand-made database (tests/tiny_assessment.py has the counts); every expected
number is worked out here from those counts and the rules in config/indicators/*.toml."""

import pytest

from grassroots import db, sql
from grassroots.assessment import drill, rules, scorecard, system
from grassroots.assessment.system import Indicator, Lights, Rule
from tests import tiny_assessment as T

OCT, SEP = T.OCT, T.SEP
A, B, C = T.A, T.B, T.C
MONTH = 365.25 / 12


@pytest.fixture(scope="module")
def systems():
    found, refused = system.load_all()
    assert not refused, [e.message("en") for e in refused]
    return {s.key: s for s in found}


def card(asm_db, s, level="street", params=OCT, previous=SEP, min_n=4):
    with db.reader(asm_db) as con:
        return scorecard.compute(s, level, lambda n, p: sql.run(con, n, p), params, previous, min_n=min_n)


def test_default_system_by_hand(asm_db, systems):
    sc = card(asm_db, systems["default"])
    # A 关上: on time 8 / (8 + 1 late + 1 open overdue) = 80% >= 70%: full 50
    #         rework 3 tickets x 0.2 = 0.6 off 10 -> 9.4
    #         satisfaction 6 / 9 = 66.7%: the >= 60% band -> 4
    #         online 6 / 10 = 60% >= 50%: full 10
    #         activities 10 / (10,000 residents x 31/30.4375 months) x 1000 = 0.982 per 1,000 a month -> 10 x 0.982
    #         wishes 4 / 4 = 100% >= 90%: full 5
    act_a = 10 / (10000 * 31 / MONTH) * 1000
    total_a = 50 + (10 - 3 * 0.2) + 4 + 10 + 10 * act_a + 5
    # B 金马: on time 6 / 10 = 60%: 10 points short of 70% -> 50 - 10 = 40; no rework -> 10;
    #         satisfaction 8 / 8 -> 15; online 1 / 4 = 25% -> 10 x 25/50 = 5;
    #         activities 6 / (5,000 x 31/30.4375) x 1000 = 1.18 >= 1 -> 10; wishes 3 / 5 = 60% -> 5 x (60-50)/(90-50) = 1.25
    total_b = 40 + 10 + 15 + 5 + 10 + 1.25
    # C 太和: 2 / 2 on time -> 50; rework 10; satisfaction 2 / 2 -> 15; no services and no wishes (left out);
    #         no activities among 2,000 residents -> 0. Left out: online (10) and wishes (5) -> 75 of 85, rescaled
    total_c = (50 + 10 + 15 + 0) / 85 * 100
    a, b, c = sc.unit(A), sc.unit(B), sc.unit(C)
    assert a["total"] == pytest.approx(total_a, abs=1e-6)
    assert b["total"] == pytest.approx(total_b, abs=1e-6)
    assert c["total"] == pytest.approx(total_c, abs=1e-6)
    on_time = sc.cell(A, "on_time")
    assert (on_time["numerator"], on_time["denominator"], on_time["value"]) == (8, 10, pytest.approx(0.8))
    assert sc.cell(B, "on_time")["score"] == pytest.approx(40)
    assert sc.cell(A, "rework")["score"] == pytest.approx(9.4)
    assert sc.cell(A, "satisfaction")["score"] == 4 and sc.cell(B, "satisfaction")["score"] == 15
    assert sc.cell(B, "online_share")["score"] == pytest.approx(5)
    assert sc.cell(B, "wish_claims")["score"] == pytest.approx(1.25)
    assert bool(sc.cell(C, "online_share")["excluded"]) and bool(sc.cell(C, "wish_claims")["excluded"])
    # ranks: C has 2 tickets < min_n 4, so it is shown but not ranked though its total is highest
    assert (a["rank"], b["rank"]) == (1, 2)
    assert not c["ranked"] and c["rank"] is pd_na()
    assert list(sc.top(5)["unit_id"]) == [A, B] and list(sc.bottom(5)["unit_id"]) == [B, A]
    # lights: total >= 85 green, >= 70 yellow; on-time >= 70% green, >= 60% yellow
    assert (a["light"], b["light"]) == ("green", "yellow")
    assert (sc.cell(A, "on_time")["light"], sc.cell(B, "on_time")["light"]) == ("green", "yellow")
    assert sc.cell(A, "satisfaction")["light"] == "red"


def pd_na():
    import pandas as pd

    return pd.NA


def test_change_against_the_previous_period(asm_db, systems):
    sc = card(asm_db, systems["default"])
    # September: A 4 / 4 on time -> 50, no rework -> 10, no activities -> 0; satisfaction, online and wishes
    # have no data (left out): 60 of 70 rescaled to 100. B 2 / 4 = 50% -> 50 - 20 = 30; 10; 0 -> 40 / 70.
    prev_a, prev_b = 60 / 70 * 100, 40 / 70 * 100
    a, b = sc.unit(A), sc.unit(B)
    assert a["prev_total"] == pytest.approx(prev_a) and b["prev_total"] == pytest.approx(prev_b)
    assert a["total_change"] == pytest.approx(a["total"] - prev_a)
    assert (a["prev_rank"], a["rank_change"], b["rank_change"]) == (1, 0, 0)
    assert sc.cell(A, "on_time")["value_change"] == pytest.approx(0.8 - 1.0)  # -20 percentage points
    assert sc.cell(B, "on_time")["value_change"] == pytest.approx(0.6 - 0.5)


def test_a_second_system_changes_the_ranking(asm_db, systems):
    three = systems["three_rates"]
    assert three.min_n == 10
    sc = card(asm_db, three, min_n=99)  # the file's own min_n (10) wins over the app's
    # A: response 10/10 -> 100 x 0.10 = 10; resolution 9 closed / 10 due -> 90 x 0.45 = 40.5;
    #    satisfaction 6/9 -> 66.67 x 0.45 = 30 -> 80.5.  B: 10 + 8/10 -> 36 + 8/8 -> 45 = 91.
    assert sc.unit(A)["total"] == pytest.approx(10 + 40.5 + 30)
    assert sc.unit(B)["total"] == pytest.approx(10 + 36 + 45)
    assert list(sc.ranked()["unit_id"]) == [B, A]  # the default system ranks A first
    assert list(card(asm_db, systems["default"]).ranked()["unit_id"]) == [A, B]
    assert (sc.unit(A)["light"], sc.unit(B)["light"]) == ("yellow", "green")
    with pytest.raises(ValueError):
        card(asm_db, three, level="centre")  # it assesses streets and communities only


def test_numbers_agree_with_the_overview(asm_db):
    with db.reader(asm_db) as con:
        overview = sql.run(con, "overview/kpis", OCT).iloc[0]
        streets = sql.run(con, "assessment/tickets", {**OCT, "unit_level": "street"})
        services = sql.run(con, "assessment/services", {**OCT, "unit_level": "street"})
        acts = sql.run(con, "assessment/activities", {**OCT, "unit_level": "street"})
    assert streets["on_time_n"].sum() == overview["on_time_n"] == 16  # 8 + 6 + 2
    assert streets["on_time_d"].sum() == overview["on_time_d"] == 22  # 10 + 10 + 2
    assert streets["satisfied"].sum() == overview["satisfied_n"] == 16  # 6 + 8 + 2
    assert streets["rated"].sum() == overview["rated_n"] == 19  # 9 + 8 + 2
    assert services["services"].sum() == overview["services"] == 14
    assert services["online"].sum() == overview["online_services"] == 7
    assert acts["activities"].sum() == overview["activities"] == 16


def test_levels_and_region_scope(asm_db, systems):
    s = systems["default"]
    street, community, centre = (card(asm_db, s, level) for level in ("street", "community", "centre"))
    # one community and one centre per street: the same totals at every level
    assert community.unit(T.COMM[A])["total"] == pytest.approx(street.unit(A)["total"])
    assert centre.unit("CB")["total"] == pytest.approx(street.unit(B)["total"])
    only_a = card(asm_db, s, "street", params={**OCT, "region": A}, previous={**SEP, "region": A})
    assert list(only_a.units["unit_id"]) == [A]
    assert only_a.unit(A)["total"] == pytest.approx(street.unit(A)["total"])


def test_drill_down_records_add_up_to_the_cell(asm_db, systems):
    s = systems["default"]
    sc = card(asm_db, s)
    with db.reader(asm_db) as con:
        fetch = lambda n, p: sql.run(con, n, p)  # noqa: E731
        for ind in s.indicators:
            for uid in (A, B):
                recs = drill.records(ind, fetch, OCT, "street", uid)
                cell = sc.cell(uid, ind.key)
                assert recs[ind.numerator].astype(float).sum() == pytest.approx(cell["numerator"]), (ind.key, uid)
                if ind.denominator in recs.columns:
                    assert recs[ind.denominator].astype(float).sum() == pytest.approx(cell["denominator"])
        on_time = drill.records(s.indicator("on_time"), fetch, OCT, "street", A)
    assert len(on_time) == 10 and list(on_time.columns[:3]) == ["ticket_id", "on_time_n", "on_time_d"]
    assert "A-C" not in set(on_time["ticket_id"])  # cancelled: never counted
    steps = drill.steps(sc, "on_time", A, "zh")
    assert "8 ÷" in steps[0] and "10 = 80.0%" in steps[0]
    assert "得满分 50 分" in steps[2]
    steps_b = drill.steps(sc, "on_time", B, "en")
    assert "10 percentage point(s) short" in steps_b[2] and "minus 10" in steps_b[2]


RECORD_QUERIES = ("tickets", "services", "activities", "wishes")


@pytest.mark.parametrize("query", RECORD_QUERIES)
def test_a_units_records_are_read_in_its_own_scope_with_the_same_rows(asm_db, query):
    # the drill-downs read a street's or community's records within that unit (unit_scope): the same rows as
    # reading the whole scope and keeping the unit's, for every level, and for a unit outside the scope none
    name = f"assessment/{query}_records"
    text, _ = sql.load(name)
    whole_scope = text.replace("unit_scope($unit_level, $unit_id, $region)", "$region")
    assert whole_scope != text
    checked = 0
    with db.reader(asm_db) as con:
        for level in ("street", "community", "centre"):
            units = sql.run(con, "assessment/units", {**OCT, "unit_level": level})["unit_id"]
            for region in ("", A, T.COMM[A]):
                for uid in units:
                    p = {**OCT, "region": region, "unit_level": level, "unit_id": uid}
                    bound = {k: v for k, v in p.items() if k in sql.load(name)[1]}
                    got = sql.run(con, name, p)
                    assert got.equals(con.execute(whole_scope, bound).df()), (query, level, region, uid)
                    checked += len(got)
    assert checked > 0


def _ind(kind: str, higher: bool = True, **rule) -> Indicator:
    return Indicator(
        key="x",
        name="x",
        name_en="",
        definition="",
        definition_en="",
        query="tickets",
        numerator="closed",
        denominator="due",
        value=None,
        scale=1,
        format="percent",
        direction="higher" if higher else "lower",
        points=20,
        weight=1,
        rule=Rule(kind, **rule),
        lights=None,
        if_missing="zero",
    )


def test_rules():
    lin = _ind("linear", target=0.7, minus=1, per=0.01)
    assert rules.score(lin, 0.75) == 20 and rules.score(lin, 0.7) == 20
    assert rules.score(lin, 0.655) == pytest.approx(15.5)  # 4.5 points short
    assert rules.score(lin, 0.1) == 0  # never below 0
    assert rules.score(lin, None) is None
    zero = _ind("linear", target=0.5, zero_at=0.0)
    assert rules.score(zero, 0.2) == pytest.approx(8)  # 20 x 0.2 / 0.5
    hours = _ind("linear", higher=False, target=24, minus=2, per=6)
    assert rules.score(hours, 36) == pytest.approx(16) and rules.score(hours, 12) == 20
    bands = _ind("bands", bands=((0.9, 20), (0.8, 15)), otherwise=5)
    assert [rules.score(bands, v) for v in (0.95, 0.9, 0.85, 0.5)] == [20, 20, 15, 5]
    ded = _ind("deduction", higher=False, per_case=0.2, cap=5)
    assert rules.score(ded, 3) == pytest.approx(19.4) and rules.score(ded, 100) == 15
    assert rules.light(Lights(0.7, 0.6), 0.65) == "yellow"
    assert rules.light(Lights(24, 48), 30, higher_is_better=False) == "yellow"
    assert rules.light(Lights(24, 48), 50, higher_is_better=False) == "red"
    assert rules.describe(lin, "zh") == "满分 20 分；≥70.0% 得满分，每低 1 个百分点扣 1 分"
