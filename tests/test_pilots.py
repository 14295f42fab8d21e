"""Pilot centres against operating centres, and programme targets by scope, on tests/tiny_pilots.py
(the hand-worked answers are in its docstring)."""

import datetime as dt

import pandas as pd
import pytest

from grassroots import db, sql
from grassroots.metrics import targets
from tests.signin import month_app, through_entry

AS_OF = dt.datetime(2026, 11, 20, 9, 0)
OCT_END = dt.date(2026, 10, 31)


def progress(path, region=""):
    with db.reader(path) as con:
        return sql.run(con, "overview/programme_progress", {"region": region, "as_of": AS_OF})


@pytest.fixture
def app(pilots_db, monkeypatch):
    through_entry(monkeypatch)  # every run goes through dashboard.py
    return month_app(pilots_db, monkeypatch)


def metrics(at) -> dict:
    return {m.label: m for m in at.metric}


def street(at, code):
    at.session_state["district"] = "530111"
    at.session_state["street"] = code


# --- the query: a street counts its own pilots --------------------------------------------------------


def test_district_progress_counts_the_whole_programmes(pilots_db):
    p = progress(pilots_db).set_index(["programme_id", "metric", "target_date"])
    assert set(p["target_scope"]) == {"own"}
    p1 = p.loc[("P1", "centres")].iloc[0]
    assert (p1.actual_at_target, p1.actual_now) == (2, 3)  # C1, C2 by 07-31; C3 since 11-10
    share = p.loc[("P1", "community_share")].iloc[0]
    assert share.actual_at_target == pytest.approx(3 / 5)  # 小街 关上 凤凰山 of 5
    assert list(p.loc[("P2", "centres"), "actual_at_target"]) == [1, 1]  # C4 only; C7 is being built


def test_a_street_counts_its_own_pilots_against_labelled_targets(pilots_db):
    p = progress(pilots_db, "530111004").set_index(["programme_id", "metric", "target_date"])
    p1 = p.loc[("P1", "centres")].iloc[0]
    assert (p1.target_scope, p1.target_region) == ("wider", "官渡区")
    assert (p1.actual_at_target, p1.actual_now) == (0, 1)  # only C3 stands in 金马, from 11-10
    share = p.loc[("P1", "community_share")].iloc[0]
    assert (share.communities, share.actual_now) == (2, 0.5)  # 凤凰山 of 凤凰山, 金马
    assert set(p.loc["P2", "target_scope"]) == {"own"}
    other = progress(pilots_db, "530111001")
    assert set(other["programme_id"]) == {"P1"}  # P2 is 金马's, not 关上's
    assert other.loc[other.metric == "centres", "actual_at_target"].tolist() == [2]


# --- the pilot card's target --------------------------------------------------------------------------


def test_percent_targets_are_never_added_to_centre_targets(pilots_db):
    goal = targets.pilot_target(progress(pilots_db), OCT_END)
    assert goal.own == 3 + 2  # P1's last count target, P2's next
    assert goal.shares == (("官渡区便民党群服务中心试点", 0.8),)
    assert goal.wider is None


def test_targets_are_taken_at_the_windows_end():
    frame = pd.DataFrame(
        {
            "programme_id": ["P", "P"],
            "programme": ["p", "p"],
            "metric": ["centres", "centres"],
            "target_date": [dt.date(2026, 6, 30), dt.date(2026, 12, 31)],
            "target_value": [4.0, 9.0],
            "target_scope": ["own", "own"],
            "target_region": ["x", "x"],
        }
    )
    assert targets.pilot_target(frame, dt.date(2026, 5, 31)).own == 4  # May: the June target is next
    assert targets.pilot_target(frame, dt.date(2026, 6, 30)).own == 4  # due on the window's last day
    assert targets.pilot_target(frame, dt.date(2026, 7, 31)).own == 9
    assert targets.pilot_target(frame, dt.date(2027, 3, 31)).own == 9  # all passed: the last one


def test_a_wider_target_is_named_apart_and_a_wider_count_is_not_judged(pilots_db):
    p = progress(pilots_db, "530111004")
    goal = targets.pilot_target(p, OCT_END)
    assert (goal.own, goal.wider, goal.wider_regions) == (2, 3, ("官渡区",))
    lights = dict(zip(zip(p.programme_id, p.metric, p.target_date.astype(str)), targets.lights(p, AS_OF.date(), 0.1)))
    assert lights[("P1", "centres", "2026-07-31")] is None  # a street's count against the district's 3
    assert lights[("P1", "community_share", "2026-12-31")] is not None
    assert lights[("P2", "centres", "2026-06-30")] == targets.GREEN  # 1 of 1 by the date


# --- on screen ----------------------------------------------------------------------------------------


def test_overview_pilot_card_and_table_follow_the_street(app):
    app.run()
    assert not app.exception and not app.error
    assert metrics(app)["运行试点中心"].value == "3 / 5"
    district_table = app.dataframe[0].value
    assert set(district_table["目标范围"]) == {"本级目标"}
    street(app, "530111004")
    app.run()
    assert metrics(app)["运行试点中心"].value == "1 / 2"
    captions = " ".join(c.value for c in app.caption)
    assert "官渡区 3 个" in captions and "80%" in captions
    table = app.dataframe[0].value
    p1 = table[table["项目"] == "官渡区便民党群服务中心试点"]
    assert set(p1["目标范围"]) == {"区级目标（官渡区）"}
    assert p1["当前"].tolist() == ["1", "50%"]
    assert p1["预警"].iloc[0] == "— 不评"


def test_a_street_without_its_own_target_shows_its_count_alone(app):
    street(app, "530111001")
    app.run()
    assert metrics(app)["运行试点中心"].value == "2"
    assert "官渡区 3 个" in " ".join(c.value for c in app.caption)


def test_coverage_counts_pilots_apart_from_operating_centres(app):
    app.switch_page("pages/coverage.py")
    app.run()
    assert not app.exception and not app.error
    m = metrics(app)
    assert (m["试点覆盖率"].value, m["试点覆盖率"].delta) == ("60.0%", "3 / 5")
    assert (m["运行中心覆盖率"].value, m["运行中心覆盖率"].delta) == ("80.0%", "4 / 5")
    assert m["运行中心"].value == "6"  # C1 C2 C4 C5 C6 C8
    by_street = next(d.value for d in app.dataframe if "有试点中心" in d.value.columns).set_index("街道")
    assert by_street.loc["关上街道", "有试点中心"] == 2 and by_street.loc["关上街道", "有运行中心"] == 3
    street(app, "530111001")
    app.run()
    m = metrics(app)
    assert (m["试点覆盖率"].value, m["运行中心覆盖率"].value) == ("66.7%", "100.0%")


# --- per 1,000: the population of the area a centre serves ---------------------------------------------


def test_a_street_level_centre_is_rated_on_its_streets_residents(pilots_db):
    params = {
        "date_from": dt.date(2026, 10, 1),
        "date_to": dt.date(2026, 11, 1),
        "region": "",
        "centre_id": None,
        "centre_type": None,
        "pilot_batch": None,
        "ext_spans": [[0, 720, 840]],
        "with_floating": False,
    }
    with db.reader(pilots_db) as con:
        by_centre = sql.run(con, "activities/by_centre", params).set_index("centre_id")
        facts = sql.run(con, "centre/facts", {"profile_centre": "C8"}).iloc[0]
    assert by_centre.loc["C8", "served_code"] == "530111001"
    assert by_centre.loc["C8", "population"] == 10000 + 8000 + 6000
    assert by_centre.loc["C8", "visits_per_1000"] == pytest.approx(1000 * 48 / 24000)
    assert by_centre.loc["C5", "population"] == 6000  # a community centre: its community
    assert by_centre.loc["C5", "visits_per_1000"] == pytest.approx(1000 * 12 / 6000)
    assert (facts.served_name, facts.residents) == ("关上街道", 24000)


def test_the_rollout_of_a_district_programme_counts_the_streets_pilots(pilots_db):
    with db.reader(pilots_db) as con:
        monthly = sql.run(con, "coverage/programme_monthly", {"region": "530111004", "as_of": AS_OF})
    p1 = monthly[monthly.programme_id == "P1"].set_index("month")
    assert p1["communities"].iloc[0] == 2  # 金马's communities, not the district's 5
    assert p1.loc[pd.Timestamp("2026-10-01"), "centres"] == 0  # C1, C2 are in 关上
    assert p1.loc[pd.Timestamp("2026-11-01"), "centres"] == 1  # C3 from 11-10


def test_the_coverage_rollout_tab_on_a_street(app):
    street(app, "530111004")
    app.session_state["coverage_programme"] = "P1"
    app.switch_page("pages/coverage.py")
    app.run()
    assert not app.exception and not app.error
    table = next(d.value for d in app.dataframe if "目标范围" in d.value.columns)
    assert set(table["目标范围"]) == {"区级目标（官渡区）"}


def test_the_report_labels_a_wider_target_and_does_not_judge_its_count(pilots_db):
    from grassroots.report import build, layout
    from grassroots.report.period import parse

    def fetch(name, params):
        with db.reader(pilots_db) as con:
            return sql.run(con, name, params)

    report = build.build(fetch, parse("2026-10"), "530111004")
    rows = {(p["programme"][:3], p["metric"], p["target_date"]): p for p in report["programmes"]}
    p1 = rows[("官渡区", "centres", "2026-07-31")]
    assert (p1["light"], p1["target_for"], p1["actual_now"]) == (None, "区级目标（官渡区）", 1)
    assert rows[("金马街", "centres", "2026-06-30")]["target_for"] is None
    table = layout.programme_table(report, "zh")
    assert any("区级目标（官渡区）" in row[1] and row[-1] == "— 不评" for row in table.rows)
