"""The activities page (活动开展) and its queries against tests/tiny_activity.py, whose numbers are
worked out by hand below."""

import dataclasses

import pytest

from grassroots import config
from grassroots.metrics import centres
from tests.contracts import OCTOBER
from tests.tiny_activity import app, figures, metrics, query

PAGE = "pages/activities.py"
P = {**OCTOBER, "ext_spans": centres.extended_spans(), "with_floating": False}


def run(path, name, params=P):
    return query(path, name, params)


def test_summary_by_hand(activity_db):
    s = run(activity_db, "activities/summary").iloc[0]
    assert s.activities == 7  # A1-A7 in October (A8 September, A9 October 2025)
    assert s.person_visits == 30 + 20 + 15 + 40 + 25 + 10 + 12
    assert s.residents == 10000 + 4000 + 5000 and s.floating == 2000 + 0 + 45000
    assert s.population == 19000  # residents only by default
    assert s.activities_per_1000 == pytest.approx(1000 * 7 / 19000)
    assert s.visits_per_1000 == pytest.approx(8.0)  # 152 / 19
    assert s.weekend == 2  # A1 and A4 on Saturdays
    assert s.extended == 3  # A1 Sat 10:00, A3 Wed 19:30, A5 Wed 12:30 (A4 Sat 09:00 is not)
    assert s.volunteers == 3 + 2 + 1 + 4 + 5
    assert s.partners == 2  # 云南大学, 昆明银行
    assert s.centres_active == 4


def test_floating_population_is_a_choice(activity_db):
    s = run(activity_db, "activities/summary", {**P, "with_floating": True}).iloc[0]
    assert s.population == 19000 + 47000
    assert s.visits_per_1000 == pytest.approx(152000 / 66000)


def test_extended_hours_follow_the_configuration(activity_db):
    # only weekday evenings count: A3 (Wed 19:30) alone
    spans = [[0, 19 * 60, 21 * 60]]
    s = run(activity_db, "activities/summary", {**P, "ext_spans": spans}).iloc[0]
    assert s.extended == 1


def test_streets_and_centres_by_hand(activity_db):
    streets = run(activity_db, "activities/by_street").set_index("street")
    assert streets.loc["关上街道", "population"] == 14000  # 小街 + 关上
    assert streets.loc["关上街道", "activities"] == 5  # C1: A1-A3, C3: A6, C4: A7
    assert streets.loc["关上街道", "activities_per_1000"] == pytest.approx(5000 / 14000)
    assert streets.loc["金马街道", "visits_per_1000"] == pytest.approx(65000 / 5000)
    by_centre = run(activity_db, "activities/by_centre").set_index("centre_id")
    assert list(by_centre.index) == ["C1", "C2", "C3", "C4"]  # by activities, then id; C5 (在建) absent
    assert by_centre.loc["C1", "activities_per_1000"] == pytest.approx(0.3)
    assert by_centre.loc["C1", "weekend_share"] == pytest.approx(1 / 3)
    assert by_centre.loc["C1", "extended_share"] == pytest.approx(2 / 3)
    assert by_centre.loc["C2", "activity_volunteers"] == 9
    assert by_centre.loc["C3", "extended_share"] == 0  # A6 has no start time: not counted as extended


def test_street_counts_equal_the_official_ranking_input(activity_db):
    """The activities page's streets hold the activities and residents the official ranking's
    activities indicator (queries/assessment/activities.sql at street level) divides."""
    ours = run(activity_db, "activities/by_street").set_index("street_code")
    theirs = run(activity_db, "assessment/activities", {**P, "unit_level": "street"}).set_index("unit_id")
    assert ours.activities.to_dict() == theirs.activities.fillna(0).loc[ours.index].to_dict()
    assert ours.residents.to_dict() == theirs.residents.loc[ours.index].to_dict()


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"region": "530111004"},
        {"centre_type": "邻里中心"},
        {"date_from": OCTOBER["date_from"].replace(month=9), "date_to": OCTOBER["date_from"]},
    ],
)
def test_numbers_agree_with_the_overview(activity_db, scope):
    ours = run(activity_db, "activities/summary", {**P, **scope}).iloc[0]
    theirs = run(activity_db, "overview/kpis", {**OCTOBER, **scope}).iloc[0]
    assert (ours.activities, ours.person_visits) == (theirs.activities, theirs.person_visits)


def test_partners_by_hand(activity_db):
    partners = run(activity_db, "activities/partners")
    assert list(partners.partner) == ["昆明银行", "云南大学"]  # 2 activities each; 65 visits before 45
    assert list(partners.volunteers) == [9, 4]
    assert partners.categories.iloc[1] == "居有所乐、幼有所育"


def test_page_shows_the_hand_computed_numbers(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    m = metrics(at)
    assert m["活动场次"] == "7"
    assert m["服务人次"] == "152"
    assert m["每千人活动场次"] == "0.37"  # 7 / 19
    assert m["每千人服务人次"] == "8.00"
    assert m["周末活动占比"] == "28.6%"  # 2 / 7
    assert m["延时时段活动占比"] == "42.9%"  # 3 / 7
    assert m["合作单位"] == "2"
    deltas = {x.label: x.delta for x in at.metric}
    assert deltas["活动场次"] == "+600.0%"  # September: A8 alone
    assert deltas["周末活动占比"] == "+28.6 pp"  # September: 0 of 1
    assert any("没有活动达到 20 场的中心" in i.value for i in at.info)  # nobody ranked under the minimum


def test_page_category_chart_draws_the_hand_computed_bars(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    bars = next(t for t in figures(at)[0].data if t.type == "bar")
    assert dict(zip(bars.x, bars.y)) == {"幼有所育": 1, "老有所养": 2, "病有所医": 1, "居有所乐": 2, "事有所办": 1}
    visits = next(t for t in figures(at)[0].data if t.type == "scatter")
    assert list(visits.y) == [15, 32, 25, 70, 10]


def test_calendar_marks_the_activity_days(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    cal = next(f for f in figures(at) if f.data[0].type == "heatmap")
    cells = [v for row in cal.data[0].z for v in row if v == v]
    assert len(cells) == 31 and sum(cells) == 7 and max(cells) == 1  # every October day, 7 with one activity


def test_floating_toggle_changes_the_rates(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, act_with_floating=True)
    m = metrics(at)
    assert m["每千人服务人次"] == "2.30"  # 152 / 66
    assert m["活动场次"] == "7"


def test_region_filter_narrows_the_page(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, district="530111", street="530111004")
    m = metrics(at)
    assert m["活动场次"] == "2" and m["服务人次"] == "65"  # C2 only
    assert m["每千人活动场次"] == "0.40"  # 2 / 5,000 residents of 凤凰山


def test_ranking_keeps_the_minimum_n(activity_db, monkeypatch):
    small = dataclasses.replace(config.app(), min_n=2)
    monkeypatch.setattr(config, "app", lambda: small)
    at = app(monkeypatch, activity_db, PAGE)
    top, bottom = at.dataframe[0].value, at.dataframe[1].value
    assert list(top["中心"]) == ["凤凰山社区便民党群服务中心", "小街社区便民党群服务中心"]  # 0.4 before 0.3
    assert list(top["名次"]) == [1, 2]
    assert list(bottom["中心"]) == ["小街社区便民党群服务中心", "凤凰山社区便民党群服务中心"]
    assert any("另有 2 个中心" in c.value for c in at.caption)  # C3, C4: one activity each


def test_every_chart_offers_its_data(activity_db, monkeypatch):
    from grassroots.ui import chart_downloads

    drawn = []
    original = chart_downloads.chart

    def recording(fig, frame, name, key):
        drawn.append((fig, frame))
        return original(fig, frame, name, key)

    monkeypatch.setattr(chart_downloads, "chart", recording)
    at = app(monkeypatch, activity_db, PAGE)
    assert len(drawn) == len(at.get("plotly_chart")) >= 5
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("下载 CSV") >= len(drawn) and labels.count("下载 Excel") >= len(drawn)
    # the street chart's bars are the frame's rate column, street by street
    fig, frame = next((f, d) for f, d in drawn if "每千人活动场次" in d.columns and "街道" in d.columns)
    bars = dict(zip(fig.data[0].y, fig.data[0].x))
    assert bars == pytest.approx(dict(zip(frame["街道"], frame["每千人活动场次"])))


def test_english(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert metrics(at)["Activities"] == "7"
    assert at.title[0].value == "Activities"


def test_an_empty_period_is_a_message(activity_db, monkeypatch):
    at = app(monkeypatch, activity_db, PAGE, month="2026-08-01")
    assert metrics(at)["活动场次"] == "0"
    assert any("没有数据" in i.value for i in at.info)
