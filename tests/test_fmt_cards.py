"""The one formatter (grassroots/fmt.py) and the declarative card lists (grassroots/cards.py,
grassroots/views/*): figures as the cards read, and the cards of a page against the fixture's records
counted by hand."""

import dataclasses
import math

import pytest

from grassroots import cards, config, db, fmt, i18n, sql, views
from grassroots.metrics import catalogue
from tests.contracts import OCTOBER

SEPTEMBER = {**OCTOBER, "date_from": OCTOBER["date_from"].replace(month=9), "date_to": OCTOBER["date_from"]}


def zh(key, **kw):
    return i18n.t(key, "zh", **kw)


# how a value reads in each unit; 2.5 counts: a median of counts between two whole numbers
READINGS = {
    "count": [(1234, "1,234"), (1234.0, "1,234"), (2.5, "2.5"), (None, "—")],
    "percent": [(0.8125, "81.2%"), (float("nan"), "—")],
    "rate": [(1, "100.0%")],
    "share": [(0.0, "0.0%")],
    "hours": [(47.9, "47.9 h"), (48, "2.0 d"), (15.6, "15.6 h"), (72, "3.0 d"), ("not a number", "—")],
    "per_1000": [(8, "8.00")],
    "per1000": [(0.368, "0.37")],
    "per_staff": [(21.71, "21.7")],
    "number": [(21.71, "21.7")],
    "score": [(88, "88.0")],
    "rating": [(4.25, "4.2")],
}


@pytest.mark.parametrize("unit,value,text", [(u, v, t) for u, cases in READINGS.items() for v, t in cases])
def test_value(unit, value, text):
    assert fmt.value(unit, value) == text


def test_every_catalogue_unit_has_its_reading():
    by_unit = {"count": "1,234.5", "percent": "123450.0%", "hours": "51.4 d", "per_1000": "1,234.50"}
    by_unit |= {"score": "1,234.5", "rating": "1,234.5", "per_staff": "1,234.5"}
    for m in catalogue.all():
        assert fmt.metric(m.key, 1234.5) == by_unit[m.unit], m.key


def test_a_percentage_already_in_percent():
    assert fmt.percent_of_100(81.25) == f"{81.25:.1f}%" and fmt.percent_of_100(None) == "—"


def test_change_in_points_for_shares_and_percent_otherwise():
    assert fmt.change("percent", 17.94) == "+17.9 pp"
    assert fmt.change("share", -3.0, pp="个百分点") == "-3.0个百分点"
    assert fmt.change("count", 50) == "+50.0%"
    assert fmt.change("hours", None) is None
    assert cards.change_text("percent", 0.9372, 0.7582) == "+17.9 pp"
    assert cards.change_text("count", 150, 100) == "+50.0%"
    assert cards.change_text("count", 5, 0) is None  # no percent of nothing


def run(path, name, params):
    with db.reader(path) as con:
        return sql.run(con, name, params)


def test_services_cards_count_the_fixture_by_hand(activity_db):
    now, prev = run(activity_db, "services/summary", OCTOBER).iloc[0], run(activity_db, "services/summary", SEPTEMBER)
    shown = {c.label: c for c in views.services.cards(now, prev.iloc[0], config.app(), zh)}
    assert [c.label for c in shown.values()] == [zh(s.label) for s in views.services.CARDS]
    # October: S1-S8; S2, S3 online; S5 帮代办; S6 上门服务; S7 still open; September: S9 alone
    assert shown[zh("kpi.services")].value == "8" and shown[zh("kpi.services")].delta == "+700.0%"
    assert shown[zh("kpi.online_share")].value == f"{2 / 8:.1%}"
    assert shown[zh("metric.proxy_share")].value == f"{1 / 8:.1%}"
    assert shown[zh("metric.proxy_share")].higher_is_better is None
    assert shown[zh("svc.finished_share")].value == f"{7 / 8:.1%}"
    assert shown[zh("kpi.services")].help == catalogue.get("services").help("zh")
    assert str(int(now["rated"])) in shown[zh("metric.satisfaction_rate")].help


def test_volunteer_cards_and_a_stock_without_change(activity_db):
    now = run(activity_db, "volunteers/summary", OCTOBER).iloc[0]
    prev = run(activity_db, "volunteers/summary", SEPTEMBER).iloc[0]
    shown = {c.label: c for c in cards.build(views.volunteers.CARDS, now, prev, zh)}
    assert shown[zh("vol.teams")].value == "2" and shown[zh("metric.volunteers")].value == "3"
    assert shown[zh("metric.volunteer_hours")].value == "10.0"
    outstanding = shown[zh("vol.outstanding")]
    assert outstanding.value == "100" and outstanding.delta is None and not outstanding.compared
    party = run(activity_db, "volunteers/party_summary", OCTOBER).iloc[0]
    shown = {c.label: c.value for c in cards.build(views.volunteers.PARTY_CARDS, party, None, zh)}
    assert (shown[zh("vol.members")], shown[zh("vol.new_members")], shown[zh("vol.organisations")]) == ("6", "2", "3")


def test_activity_cards_follow_the_population_choice(activity_db):
    cfg = config.app()
    now = run(activity_db, "activities/summary", {**OCTOBER, "ext_spans": [], "with_floating": False}).iloc[0]
    shown = {c.label: c for c in views.activities.cards(now, None, False, cfg, zh)}
    assert shown[zh("kpi.activities")].value == "7" and shown[zh("kpi.person_visits")].value == "152"
    assert shown[zh("metric.activities_per_1000")].value == f"{7 / 19:.2f}"
    assert zh("act.pop_false") in shown[zh("metric.activities_per_1000")].help
    assert all(c.delta is None and not c.compared for c in shown.values())


def test_a_card_of_a_missing_value_reads_as_a_dash():
    spec = cards.Spec("x", "kpi.received", "count", metric="received")
    (c,) = cards.build([spec], {"x": math.nan}, {"x": 3}, zh)
    assert c.value == "—" and c.delta is None and c.compared
    assert dataclasses.replace(spec, compare=False).compare is False
