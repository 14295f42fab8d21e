"""The official 红榜/黑榜 (grassroots/assessment/official.py): levels, the minimum n, ties, lists that
never overlap, the JSON the report embeds, and the messages when nothing can be ranked. Database
cases use tests/tiny_ranking.py (its docstring works every total out by hand); the split rules are
also checked on scorecards built here."""

import datetime as dt
import json
import random

import pandas as pd
import pytest

from grassroots import config, db, sql
from grassroots.assessment import official, system
from grassroots.assessment.scorecard import Scorecard
from tests import tiny_ranking as T

OCT = (dt.date(2026, 10, 1), dt.date(2026, 11, 1))
Q4 = (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
Y2026 = (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


def params(window, region="", centre_id=None) -> dict:
    return {
        "date_from": window[0],
        "date_to": window[1],
        "as_of": T.AS_OF,
        "region": region,
        "centre_id": centre_id,
        "centre_type": None,
        "pilot_batch": None,
    }


def rank(rank_db, window, region="", centre_id=None, **kw) -> official.Ranking:
    with db.reader(rank_db) as con:
        return official.compute(lambda n, p: sql.run(con, n, p), params(window, region, centre_id), **kw)


def codes(entries) -> list[str]:
    return [e.code for e in entries]


def test_the_official_system_is_the_configured_one():
    assert config.app().ranking_system == "default" and config.app().top_n == 5
    s = official.official_system()
    assert s.key == "default" and official.is_official(s)
    others = [x for x in system.load_all()[0] if x.key != "default"]
    assert others and not any(official.is_official(x) for x in others)


@pytest.mark.parametrize(
    "p,level",
    [
        ({"region": ""}, "street"),
        ({"region": "530111"}, "street"),
        ({"region": "530111001"}, "community"),
        ({"region": "530111001001"}, "centre"),
        ({"region": "530111001", "centre_id": "CA1"}, "centre"),
    ],
)
def test_the_level_follows_the_filter(p, level):
    assert official.level_for(p) == level


def test_october_district_by_hand(rank_db):
    r = rank(rank_db, OCT)
    assert (r.level, r.official, r.reason, r.ranked_count, r.per_list) == ("street", True, None, 4, 2)
    # B and D 55/60 share rank 1 (listed by code), A 52/60 3rd, C 45/60 4th; E (5 tickets) unranked
    assert [(e.code, e.score, e.rank, e.n) for e in r.red] == [(T.D, 91.7, 1, 20), (T.B, 91.7, 1, 20)]
    assert [(e.code, e.score, e.rank, e.n) for e in r.black] == [(T.C, 75.0, 4, 20), (T.A, 86.7, 3, 50)]
    assert [(e.code, e.rank, e.n) for e in r.unranked] == [(T.E, None, 5)]
    assert r.message() == "参与排名的单位共 4 个，不足前后各 5 名：两榜各列 2 名，互不重复。"
    assert r.titles() == ("红榜（前 2 名）", "黑榜（后 2 名）")


def test_quarter_district_takes_a_tie_at_the_cut_whole(rank_db):
    r = rank(rank_db, Q4)
    assert codes(r.red) == [T.C, T.E] and [e.score for e in r.red] == [100.0, 100.0]
    # A 81.25 worst; B and D (91.67) tie for the next place: both on the list, neither on the other
    assert codes(r.black) == [T.A, T.D, T.B] and [e.rank for e in r.black] == [5, 3, 3]
    assert r.black[0].score == 81.3  # 81.25, halves rounded up
    assert r.ties_at_cut and r.unranked == ()
    assert next(e for e in r.red if e.code == T.E).n == 21  # the open newest record counts in n


def test_year_district_leaves_the_middle_off_both(rank_db):
    r = rank(rank_db, Y2026)
    assert codes(r.red) == [T.C, T.E]
    assert codes(r.black) == [T.B, T.A] and r.black[0].score == pytest.approx(41.7) and r.black[0].n == 60
    assert T.D not in codes(r.red) + codes(r.black) and r.ranked_count == 5


def test_a_street_ranks_its_communities(rank_db):
    oct_ = rank(rank_db, OCT, T.A)
    assert oct_.level == "community"
    assert [(e.code, e.score, e.rank) for e in oct_.red] == [(T.A1, 100.0, 1)]
    assert [(e.code, e.score, e.rank) for e in oct_.black] == [(T.A2, 83.3, 2)]
    assert [(e.code, e.n) for e in oct_.unranked] == [(T.A3, 10)]  # 10 tickets < 20
    for window in (Q4, Y2026):
        r = rank(rank_db, window, T.A)
        assert codes(r.red) == [T.A3] and codes(r.black) == [T.A1] and r.unranked == ()
        assert [e.score for e in r.red + r.black] == [100.0, 66.7]
    # a street is never its own list: the district's streets do not appear at community level
    assert not set(codes(oct_.red + oct_.black + oct_.unranked)) & {T.A, T.B, T.C, T.D, T.E}


def test_a_community_ranks_its_centres_or_says_why_not(rank_db):
    tied = rank(rank_db, Q4, T.A1)
    assert tied.level == "centre" and tied.reason == official.ALL_TIED and tied.red == tied.black == ()
    assert tied.message() == "可排名的 2 个单位总分相同，无法区分先后，不列榜单。"
    one = rank(rank_db, Q4, T.A2)
    assert one.reason == official.TOO_FEW and one.ranked_count == 1 and one.red == one.black == ()
    assert "该范围内可排名的单位不足 2 个" in one.message()
    centre = rank(rank_db, Q4, T.A1, centre_id="CA1")
    assert centre.reason == official.CENTRE_CHOSEN and centre.red == centre.black == ()
    assert "已选定一个服务中心" in centre.message()


def test_a_single_street_is_never_rank_one_on_both_lists(rank_db):
    r = rank(rank_db, Q4, T.C, level="street")  # the old overview: the chosen street ranked against itself
    assert r.ranked_count == 1 and r.red == r.black == () and r.reason == official.TOO_FEW
    assert r.message("en").startswith("Fewer than 2 units in this scope can be ranked")


def test_min_n_comes_from_the_system_or_the_app(rank_db):
    low = rank(rank_db, OCT, min_n=5)  # E's 5 tickets are enough now
    assert T.E in codes(low.red) and low.unranked == () and low.min_n == 5
    three = next(s for s in system.load_all()[0] if s.key == "three_rates")  # min_n = 10 in its file
    r = rank(rank_db, OCT, T.A, system=three)
    assert r.min_n == 10 and not r.official and r.unranked == ()  # A3's 10 tickets count there
    assert r.titles() == ("按〈接诉即办“三率”考核〉排序 前 1", "按〈接诉即办“三率”考核〉排序 后 1")
    assert not any("红榜" in t or "黑榜" in t for t in r.titles())
    assert rank(rank_db, OCT, T.A1, system=three).reason == official.NOT_ASSESSED  # no centre level


def test_to_dict_is_the_report_shape(rank_db):
    d = rank(rank_db, OCT).to_dict()
    assert list(d) == ["system", "level", "red", "black", "unranked"]
    assert d["system"] == {"key": "default", "name": "基层治理考核指标体系（默认）"} and d["level"] == "street"
    red = d["red"][0]
    assert {k: red[k] for k in ("code", "name", "score", "rank", "n")} == {
        "code": T.D,
        "name": "吴井街道",
        "score": 91.7,
        "rank": 1,
        "n": 20,
    }
    lo, hi = red["rank_interval"]
    assert 1 <= lo <= red["rank"] <= hi <= 4 and isinstance(red["uncertain"], bool)
    assert d["unranked"] == [
        {
            "code": T.E,
            "name": "小板桥街道",
            "score": 100.0,
            "rank": None,
            "n": 5,
            "rank_interval": None,
            "uncertain": False,
        }
    ]
    assert all(
        set(e) == {"code", "name", "score", "rank", "n", "rank_interval", "uncertain"}
        for k in ("red", "black", "unranked")
        for e in d[k]
    )
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert rank(rank_db, OCT).to_dict("en")["system"]["name"] == "Grassroots governance assessment (default)"


def test_filter_keys_make_the_unit_the_region():
    assert official.filter_keys("street", T.B) == {"district": "530111", "street": T.B, "community": ""}
    assert official.filter_keys("community", T.A2) == {"district": "530111", "street": T.A, "community": T.A2}
    assert official.filter_keys("centre", "CA1") == {"centre": "CA1"}


# --- the split on scorecards built here ---------------------------------------------------------------


def card(totals: list[float | None], cases: list[int] | None = None, min_n: int = 20) -> Scorecard:
    n = len(totals)
    cases = cases or [100] * n
    units = pd.DataFrame(
        {
            "unit_id": [f"U{i:02d}" for i in range(n)],
            "unit_name": [f"单位{i}" for i in range(n)],
            "parent_name": None,
            "cases": cases,
            "total": pd.array(totals, dtype="Float64"),
        }
    )
    units["ranked"] = units["cases"] >= min_n
    units["rank"] = units["total"].where(units["ranked"]).rank(ascending=False, method="min").astype("Int64")
    return Scorecard(official.official_system(), "street", min_n, units, pd.DataFrame())


def test_twelve_units_fill_both_lists():
    r = official.from_scorecard(card([float(100 - i) for i in range(12)]), top_n=5)
    assert codes(r.red) == ["U00", "U01", "U02", "U03", "U04"] and [e.rank for e in r.red] == [1, 2, 3, 4, 5]
    assert codes(r.black) == ["U11", "U10", "U09", "U08", "U07"] and [e.rank for e in r.black] == [12, 11, 10, 9, 8]
    assert r.message() is None and r.titles() == ("红榜（前 5 名）", "黑榜（后 5 名）")


def test_odd_counts_leave_the_middle_unit_off():
    r = official.from_scorecard(card([90.0, 80.0, 70.0]), top_n=5)
    assert (codes(r.red), codes(r.black)) == (["U00"], ["U02"])


def test_unranked_units_never_reach_a_list():
    # U01 scores highest but has 3 cases; U04 has no total at all
    r = official.from_scorecard(card([50.0, 99.0, 60.0, 40.0, None], cases=[30, 3, 30, 30, 30]), top_n=1)
    assert codes(r.red) == ["U02"] and codes(r.black) == ["U03"] and codes(r.unranked) == ["U01", "U04"]


def test_a_tie_across_the_middle_is_on_neither_list():
    r = official.from_scorecard(card([90.0, 80.0, 80.0, 70.0]), top_n=5)
    assert (codes(r.red), codes(r.black)) == (["U00"], ["U03"]) and r.ties_at_cut


@pytest.mark.parametrize("seed", range(40))
def test_lists_never_overlap_and_every_red_beats_every_black(seed):
    rnd = random.Random(seed)
    n = rnd.randint(0, 14)
    totals = [float(rnd.choice([60, 70, 75, 80, 85, 90, 95])) for _ in range(n)]
    cases = [rnd.choice([5, 25, 40]) for _ in range(n)]
    r = official.from_scorecard(card(totals, cases), top_n=5)
    assert not set(codes(r.red)) & set(codes(r.black))
    assert all(a.score > b.score for a in r.red for b in r.black)
    assert all(e.n >= 20 for e in r.red + r.black) and all(e.n < 20 for e in r.unranked)
    assert (r.reason is None) == bool(r.red or r.black)
    ranked = sum(c >= 20 for c in cases)
    assert r.ranked_count == ranked
    if ranked >= 2 and r.reason is None:
        # a list is shorter than its places only when a tie crosses the middle, longer only by a tie at the cut
        assert len(r.red) <= r.per_list or r.red[-1].rank == r.red[r.per_list - 1].rank


@pytest.mark.parametrize("text,scope", [("2026-10", ""), ("2026-Q4", T.A), ("2026", "")])
def test_the_report_embeds_the_official_ranking(rank_db, text, scope):
    from grassroots.report import build, files
    from grassroots.report.period import parse

    with db.reader(rank_db) as con:
        fetch = lambda n, p: sql.run(con, n, p)  # noqa: E731
        report = build.build(fetch, parse(text), scope, extras=files.extras())
    window = {"2026-10": OCT, "2026-Q4": Q4, "2026": Y2026}[text]
    assert report["ranking"] == rank(rank_db, window, scope).to_dict()
    assert [e["code"] for e in report["ranking"]["red"]] == {
        "2026-10": [T.D, T.B],
        "2026-Q4": [T.A3],
        "2026": [T.C, T.E],
    }[text]
