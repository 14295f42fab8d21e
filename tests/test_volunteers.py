"""The volunteers and party members page (志愿服务) and its queries against tests/tiny_activity.py,
worked out by hand."""

import pytest

from grassroots import db
from tests.contracts import OCTOBER
from tests.tiny_activity import app, figures, metrics
from tests.tiny_activity import query as run

PAGE = "pages/volunteers.py"


def test_time_bank_by_hand(activity_db):
    s = run(activity_db, "volunteers/summary").iloc[0]
    assert (s.teams, s.volunteers, s.sessions) == (2, 3, 4)  # V1-V4: P1, P2 at C2, P3 at C1
    assert s.hours == 3 + 2 + 1 + 4
    assert (s.points_earned, s.points_redeemed) == (100, 15)
    assert s.outstanding_start == 20 + (10 - 15)  # V5 and V6, before October
    assert s.outstanding_end == 15 + 100 - 15  # V7 (November) not yet
    teams = run(activity_db, "volunteers/by_team").set_index("team")
    assert teams.loc["金小马志愿服务队", "outstanding_end"] == 60 - 15
    assert teams.loc["小街志愿服务队", "outstanding_end"] == 40 + 20 + 10 - 15
    assert teams.loc["金小马志愿服务队", "hours_per_volunteer"] == pytest.approx(6 / 2)
    month = run(activity_db, "volunteers/by_month")
    assert list(month.outstanding_end) == [100]


def test_party_members_by_hand(activity_db):
    s = run(activity_db, "volunteers/party_summary").iloc[0]
    # by October's end: M1, M2, M3, M4 (no date), M6, M7; M5 reported in November
    assert (s.members, s.new_members, s.organisations, s.communities) == (6, 2, 3, 2)
    comm = run(activity_db, "volunteers/party_by_community").set_index("community")
    assert comm.loc["凤凰山社区", "members_per_1000"] == pytest.approx(3 / 5)
    assert comm.loc["小街社区", "top_post"] == "志愿服务岗"
    posts = run(activity_db, "volunteers/party_posts").set_index("post")
    assert posts.members.to_dict() == {"志愿服务岗": 4, "政策宣传岗": 1, "楼栋长": 1}


def test_wishes_claimed_by_hand_and_as_the_assessment_counts_them(activity_db):
    w = run(activity_db, "volunteers/wishes_claimed").set_index("claimer_type")
    assert w.claimed.to_dict() == {"党员": 2, "共建单位": 1, "志愿者": 1, "": 0}  # W4 unclaimed; W6 September
    assert w.loc["党员", "fulfilled"] == 1 and w.loc["党员", "claim_share"] == pytest.approx(0.5)
    with db.reader(activity_db) as con:
        collected, claimed, fulfilled = con.execute(
            "select count(*), count(*) filter (where claimed), count(*) filter (where fulfilled) "
            "from assessment_wishes($date_from, $date_to, '', null, null, null, 'community')",
            {"date_from": OCTOBER["date_from"], "date_to": OCTOBER["date_to"]},
        ).fetchone()
    assert (w.wishes.sum(), w.claimed.sum(), w.fulfilled.sum()) == (collected, claimed, fulfilled)


def test_page_shows_the_hand_computed_numbers(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    m = metrics(at)
    assert m["志愿队伍"] == "2" and m["志愿者人数"] == "3"
    assert m["志愿服务时长（小时）"] == "10.0"
    assert m["获得积分"] == "100" and m["兑换积分"] == "15" and m["积分结余"] == "100"
    assert m["报到党员（人）"] == "6" and m["本期新报到（人）"] == "2" and m["报到单位"] == "3"
    assert any("期初 15 + 本期获得 100 − 本期兑换 15 = 期末 100" in c.value for c in at.caption)


def test_claimers_are_masked_unless_the_role_may_see_them(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)  # a leader: names masked
    claimers = next(d.value for d in at.dataframe if "认领人或单位" in d.value.columns)
    names = set(claimers["认领人或单位"])
    assert "张三丰" not in names and "张**" in names and "李*" in names
    assert "官渡区税务局" in names  # a unit, not a person
    at = app(monkeypatch, activity_db, PAGE, role="admin")
    claimers = next(d.value for d in at.dataframe if "认领人或单位" in d.value.columns)
    assert "张三丰" in set(claimers["认领人或单位"])


def test_charts_draw_the_hand_computed_bars(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    figs = figures(at)
    posts = next(f for f in figs if "志愿服务岗" in list(f.data[0].y or []))
    assert dict(zip(posts.data[0].y, posts.data[0].x)) == {"志愿服务岗": 4, "政策宣传岗": 1, "楼栋长": 1}
    teams = next(f for f in figs if "金小马志愿服务队" in list(f.data[0].y or []))
    assert dict(zip(teams.data[0].y, teams.data[0].x)) == {"金小马志愿服务队": 6, "小街志愿服务队": 4}


def test_street_filter(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, district="530111", street="530111001")
    m = metrics(at)
    assert m["志愿者人数"] == "1" and m["积分结余"] == "55"  # C1's team only
    assert m["报到党员（人）"] == "3"  # 小街: M1, M2, M6 (M5 in November)


def test_party_members_are_people_counted_once(activity_db):
    from tests.tiny_activity import PARTY

    by_oct_end = {m for m, _, _, day, _ in PARTY if day is None or day < "2026-11-01"}
    s = run(activity_db, "volunteers/party_summary").iloc[0]
    assert s.members == len(by_oct_end) == 6  # M5 reported in November
    posts = run(activity_db, "volunteers/party_posts")
    assert posts.members.sum() == len(by_oct_end)  # each person under one post
    comm = run(activity_db, "volunteers/party_by_community")
    assert comm.members.sum() == len(by_oct_end)
