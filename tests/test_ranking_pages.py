"""The overview's and the assessment page's 红榜/黑榜 (AppTest) are the official function's, for a
month, a quarter and a year, the whole district and a street (its communities), on the hand-made
database of tests/tiny_ranking.py. The window's dates are written here, not taken from the page."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from grassroots import db, sql
from grassroots.assessment import official
from tests import tiny_ranking as T
from tests.conftest import new_app
from tests.signin import as_role

PERIODS = {
    "month": ("at_month", "2026-10-01", dt.date(2026, 10, 1), dt.date(2026, 11, 1)),
    "quarter": ("at_quarter", "2026-10-01", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    "year": ("at_year", "2026-01-01", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
}
# the hand-worked lists of tests/tiny_ranking.py: (red, black) codes
BY_HAND = {
    ("month", ""): ([T.D, T.B], [T.C, T.A]),
    ("quarter", ""): ([T.C, T.E], [T.A, T.D, T.B]),
    ("year", ""): ([T.C, T.E], [T.B, T.A]),
    ("month", T.A): ([T.A1], [T.A2]),
    ("quarter", T.A): ([T.A3], [T.A1]),
    ("year", T.A): ([T.A3], [T.A1]),
}


def expected(rank_db, kind: str, region: str) -> official.Ranking:
    _, _, start, end = PERIODS[kind]
    p = {
        "date_from": start,
        "date_to": end,
        "as_of": T.AS_OF,
        "region": region,
        "centre_id": None,
        "centre_type": None,
        "pilot_batch": None,
    }
    with db.reader(rank_db) as con:
        return official.compute(lambda n, q: sql.run(con, n, q), p)


def start(rank_db, monkeypatch, kind: str, region: str, role: str = "leader") -> AppTest:
    at = new_app(rank_db, monkeypatch)
    as_role(at, role)
    key, anchor, _, _ = PERIODS[kind]
    at.session_state["period"] = kind
    at.session_state[key] = anchor
    if region:
        at.session_state["district"] = region[:6]
        at.session_state["street"] = region
    return at


def shown(at, key: str, level: str) -> list[tuple]:
    frames = {d.key: d.value for d in at.dataframe if d.key}
    frame = frames[f"{key}_{level}"]
    return [
        (r["名次"], r[{"street": "街道", "community": "社区"}[level]], r["总分"], r["样本数"])
        for _, r in frame.iterrows()
    ]


def rank_cell(e) -> str:
    """The rank as a list shows it: with its 95% interval, and 不确定 when that spans over half the list."""
    lo, hi = e.rank_interval
    return f"{e.rank}（{lo}–{hi}，不确定）" if e.uncertain else f"{e.rank}（{lo}–{hi}）"


def entries(items) -> list[tuple]:
    return [(rank_cell(e), e.name, e.score, e.n) for e in items]


@pytest.mark.parametrize("kind", list(PERIODS))
@pytest.mark.parametrize("region", ["", T.A])
def test_overview_lists_are_the_official_function(rank_db, monkeypatch, kind, region):
    r = expected(rank_db, kind, region)
    red, black = BY_HAND[(kind, region)]
    assert [e.code for e in r.red] == red and [e.code for e in r.black] == black
    at = start(rank_db, monkeypatch, kind, region)
    at.run()
    assert not at.exception and not at.error
    level = "street" if not region else "community"
    assert r.level == level
    assert shown(at, "overview_rank_red", level) == entries(r.red)
    assert shown(at, "overview_rank_black", level) == entries(r.black)
    red_title, black_title = r.titles()
    markdown = [m.value for m in at.markdown]
    assert f"**{red_title}**" in markdown and f"**{black_title}**" in markdown
    heading = "红榜 / 黑榜 · " + ("街道" if level == "street" else "社区")
    assert heading in [s.value for s in at.subheader]
    unranked = [c.value for c in at.caption if c.value.startswith("样本少于 20 件")]
    assert unranked == (
        [f"样本少于 20 件、不参与排名：{'、'.join(f'{e.name}（{e.n} 件）' for e in r.unranked)}"] if r.unranked else []
    )


def test_overview_with_one_centre_community_says_why(rank_db, monkeypatch):
    at = start(rank_db, monkeypatch, "quarter", T.A)
    at.session_state["community"] = T.A2
    at.run()
    assert not at.exception
    assert "红榜 / 黑榜 · 服务中心" in [s.value for s in at.subheader]
    assert any("该范围内可排名的单位不足 2 个" in i.value for i in at.info)
    assert not [d for d in at.dataframe if d.key and d.key.startswith("overview_rank")]


@pytest.mark.parametrize("kind", list(PERIODS))
@pytest.mark.parametrize("region", ["", T.A])
def test_assessment_lists_are_the_official_function(rank_db, monkeypatch, kind, region):
    r = expected(rank_db, kind, region)
    at = start(rank_db, monkeypatch, kind, region, role="org_dept")
    at.run()
    at.switch_page("pages/assessment.py")
    at.run()
    assert not at.exception and not at.error
    level = "street" if not region else "community"
    assert at.segmented_control(key="asm_level").value == level  # the level follows the filter
    assert shown(at, "asm_rank_red", level) == entries(r.red)
    assert shown(at, "asm_rank_black", level) == entries(r.black)
    assert "红榜 / 黑榜" in [s.value for s in at.subheader]
    markdown = [m.value for m in at.markdown]
    assert all(f"**{t}**" in markdown for t in r.titles())


def test_assessment_other_system_is_not_called_red_or_black(rank_db, monkeypatch):
    at = start(rank_db, monkeypatch, "month", "", role="org_dept")
    at.run()
    at.switch_page("pages/assessment.py")
    at.session_state["asm_system"] = "three_rates"
    at.run()
    assert not at.exception and not at.error
    texts = [m.value for m in at.markdown] + [s.value for s in at.subheader]
    assert "按〈接诉即办“三率”考核〉排序" in texts
    assert not any("红榜" in x or "黑榜" in x for x in texts)
    # three rates, October: E has 5 tickets, under the file's min_n of 10, and is listed as not ranked
    assert "小板桥街道（5 件）" in " ".join(c.value for c in at.caption)


def test_overview_lists_in_english(rank_db, monkeypatch):
    at = start(rank_db, monkeypatch, "month", "")
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception and not at.error
    assert "Top and bottom lists · Streets" in [s.value for s in at.subheader]
    markdown = [m.value for m in at.markdown]
    assert "**Top 2**" in markdown and "**Bottom 2**" in markdown
    frames = {d.key: d.value for d in at.dataframe if d.key}
    assert list(frames["overview_rank_red_street"].columns) == ["Rank", "Street", "Total", "Cases"]
