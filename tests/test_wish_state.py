"""One meaning of a claimed and a fulfilled wish (微心愿) on every page: wishes of every mix of claim date,
fulfilment date and status, counted by the assessment (queries/assessment/wishes, its drill-down and its
claim-rate indicator), the tickets page's wishes views (tickets/wishes_rates, tickets/wishes_records) and
the volunteers page (volunteers/wishes_claimed), each against the rule written here in Python:
  fulfilled  a fulfilment date, or status 已完成
  claimed    a claim date, or fulfilled, or status 已认领"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from grassroots import db, rollups, sql
from grassroots.assessment import scorecard, system
from grassroots.ingest import model
from tests.contracts import OCTOBER
from tests.rows import PLAIN_CENTRE, insert

A, B = "530111001", "530111004"  # two streets, one community and one centre each
COMM = {A: A + "001", B: B + "001"}
REGIONS = [
    ("530111", "官渡区", None, "district", None),
    (A, "关上街道", "530111", "street", None),
    (B, "金马街道", "530111", "street", None),
    (COMM[A], "小街社区", A, "community", 10000),
    (COMM[B], "凤凰山社区", B, "community", 5000),
]
CENTRES = [
    ("CA", "小街社区便民党群服务中心", COMM[A], "第一批"),
    ("CB", "凤凰山社区便民党群服务中心", COMM[B], "第一批"),
]
# the importer's words, a blank status and a word no import writes (an older or hand-made table)
STATUSES = ("待认领", "已认领", "已完成", None, "处理中")
CATEGORIES = ("助老", "助学", "环境")
RAISED = dt.date(2026, 10, 2)
PARAMS = OCTOBER


def _wishes() -> list[tuple]:
    """Every combination of claim date (yes / no) x fulfilment date (yes / no) x status, twice, spread over
    both communities and three categories; one more in September, outside the window."""
    rows = []
    combos = list(itertools.product((True, False), (True, False), STATUSES)) * 2
    for i, (claimed, fulfilled, status) in enumerate(combos):
        street = (A, B)[i % 2]
        rows.append(
            (
                f"W{i:02d}",
                COMM[street],
                RAISED + dt.timedelta(days=i % 20),
                CATEGORIES[i % 3],
                RAISED + dt.timedelta(days=i % 20 + 1) if claimed else None,
                ("张伟", "金小马志愿服务队")[i % 2] if claimed else None,
                ("党员", "志愿者")[i % 2] if claimed else None,
                RAISED + dt.timedelta(days=i % 20 + 3) if fulfilled else None,
                status,
            )
        )
    rows.append(("W99", COMM[A], dt.date(2026, 9, 20), "助老", None, None, None, dt.date(2026, 9, 25), "已完成"))
    return rows


WISHES = _wishes()
IN_WINDOW = [w for w in WISHES if PARAMS["date_from"] <= w[2] < PARAMS["date_to"]]


def is_fulfilled(w: tuple) -> bool:
    return w[7] is not None or w[8] == "已完成"


def is_claimed(w: tuple) -> bool:
    return w[4] is not None or is_fulfilled(w) or w[8] == "已认领"


def expected(key) -> dict:
    """group -> (collected, claimed, fulfilled) of the wishes raised in the window, grouped by key(wish)."""
    out = {}
    for w in IN_WINDOW:
        c, k, f = out.get(key(w), (0, 0, 0))
        out[key(w)] = (c + 1, k + is_claimed(w), f + is_fulfilled(w))
    return out


GROUPINGS = {  # the wishes view's dim and the assessment's unit level -> the group of a wish
    "street": lambda w: w[1][:9],
    "community": lambda w: w[1],
    "category": lambda w: w[3],
    "": lambda w: "",
}


@pytest.fixture(scope="module")
def wish_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("wish_db") / "wish_db.duckdb"
    with db.writer(path) as con:
        insert(con, "regions", REGIONS, "code, name, parent_code, level, residents")
        insert(con, "centres", CENTRES, "centre_id, name, community_code, pilot_batch", **PLAIN_CENTRE)
        columns = (
            "wish_id, community_code, raised_on, category, claimed_on, claimed_by, claimer_type, fulfilled_on, status"
        )
        insert(con, "wishes", WISHES, columns)
        rollups.rebuild(con)
    return path


def run(path, name: str, **params):
    with db.reader(path) as con:
        return sql.run(con, name, {**PARAMS, **params})


def test_the_fixture_holds_what_an_import_can_hold_and_every_case_of_the_rule():
    wishes = model.TABLES["wishes"]
    assert set(wishes.field("status").allowed) < set(STATUSES)
    assert not {"claimed_on", "fulfilled_on", "status"} & set(wishes.required)
    cases = Counter((is_claimed(w), is_fulfilled(w)) for w in IN_WINDOW)
    assert set(cases) == {(True, True), (True, False), (False, False)}  # a fulfilled wish is always claimed
    assert len(IN_WINDOW) == 2 * 2 * len(STATUSES) * 2


def test_each_wish_is_claimed_and_fulfilled_as_the_rule_says_in_both_drill_downs(wish_db):
    want_claimed = {w[0] for w in IN_WINDOW if is_claimed(w)}
    want_fulfilled = {w[0] for w in IN_WINDOW if is_fulfilled(w)}
    got = {}
    for kind in ("all", "claimed", "unclaimed", "fulfilled"):
        frame = run(wish_db, "tickets/wishes_records", wish_dim="", wish_group=None, wish_kind=kind, max_rows=1000)
        got[kind] = set(frame.wish_id)
    assert got["all"] == {w[0] for w in IN_WINDOW}
    assert (got["claimed"], got["fulfilled"]) == (want_claimed, want_fulfilled)
    assert got["unclaimed"] == got["all"] - want_claimed  # no wish falls between claimed and unclaimed
    for unit in COMM.values():
        records = run(wish_db, "assessment/wishes_records", unit_level="community", unit_id=unit)
        assert set(records.wish_id) == {w[0] for w in IN_WINDOW if w[1] == unit}
        assert set(records.wish_id[records.claimed.astype(bool)]) == want_claimed & set(records.wish_id)
        assert set(records.wish_id[records.fulfilled.astype(bool)]) == want_fulfilled & set(records.wish_id)


@pytest.mark.parametrize("dim", list(GROUPINGS))
def test_the_wishes_views_counts_and_rates_follow_the_rule(wish_db, dim):
    rates = run(wish_db, "tickets/wishes_rates", wish_dim=dim).set_index("grp")
    want = expected(GROUPINGS[dim])
    got = {g: (r.collected, r.claimed, r.fulfilled) for g, r in rates.iterrows()}
    assert got == want
    for g, (collected, claimed, fulfilled) in want.items():
        assert rates.loc[g, "claim_rate"] == pytest.approx(claimed / collected)
        assert rates.loc[g, "fulfil_rate"] == pytest.approx(fulfilled / claimed)


@pytest.mark.parametrize("level", ["street", "community", "centre"])
def test_the_assessment_counts_as_the_wishes_view_and_the_rule(wish_db, level):
    units = run(wish_db, "assessment/wishes", unit_level=level).set_index("unit_id")
    by = GROUPINGS["community"] if level == "centre" else GROUPINGS[level]
    want = expected(by)
    if level == "centre":  # each community has one centre
        want = {c[0]: want[c[2]] for c in CENTRES}
    assert {u: (r.collected, r.claimed, r.fulfilled) for u, r in units.iterrows()} == want
    if level != "centre":
        rates = run(wish_db, "tickets/wishes_rates", wish_dim=level).set_index("grp")
        for u, r in units.iterrows():
            assert (r.collected, r.claimed, r.fulfilled) == tuple(rates.loc[u, ["collected", "claimed", "fulfilled"]])
            assert r.claimed / r.collected == pytest.approx(rates.loc[u, "claim_rate"])
            assert r.fulfilled / r.claimed == pytest.approx(rates.loc[u, "fulfil_rate"])


def test_the_assessments_claim_rate_indicator_is_the_wishes_views_claim_rate(wish_db):
    found, refused = system.load_all()
    assert not refused
    default = next(s for s in found if s.key == "default")
    with db.reader(wish_db) as con:
        card = scorecard.compute(default, "street", lambda n, p: sql.run(con, n, p), PARAMS, min_n=1)
    rates = run(wish_db, "tickets/wishes_rates", wish_dim="street").set_index("grp")
    want = expected(GROUPINGS["street"])
    for street in (A, B):
        cell = card.cell(street, "wish_claims")
        assert (cell["numerator"], cell["denominator"]) == (want[street][1], want[street][0])
        assert cell["value"] == pytest.approx(rates.loc[street, "claim_rate"])


def test_the_volunteers_page_counts_the_same_claimed_and_fulfilled(wish_db):
    by_type = run(wish_db, "volunteers/wishes_claimed").set_index("claimer_type")
    collected, claimed, fulfilled = expected(GROUPINGS[""])[""]
    assert (by_type.wishes.sum(), by_type.claimed.sum(), by_type.fulfilled.sum()) == (collected, claimed, fulfilled)
    assert by_type.loc["", "wishes"] == collected - claimed  # the unclaimed row
