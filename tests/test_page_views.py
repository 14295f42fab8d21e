"""Page assembly without streamlit (grassroots/views/centre.py, services.py, volunteers.py): tables
checked against the same figures worked out another way."""

import datetime as dt

import pandas as pd
import pytest

from grassroots import i18n
from grassroots.views import activities, centre, common, services, volunteers


def zh(key, **kw):
    return i18n.t(key, "zh", **kw)


def test_centre_trend_fills_every_month_and_derives_its_rates():
    start, end = dt.date(2026, 8, 1), dt.date(2026, 11, 1)
    act = pd.DataFrame({"month": ["2026-09-01", "2026-09-01"], "activities": [2, 3], "person_visits": [20, 30]})
    svc = pd.DataFrame(
        {"month": ["2026-10-01", "2026-10-01"], "channel": ["窗口", "掌上办"], "services": [6, 2]}
        | {"rated": [4, 2], "satisfied": [3, 2]}
    )
    vol = pd.DataFrame({"month": ["2026-08-01"], "hours": [12.5]})
    trend = centre.trend_frame(act, svc, vol, start, end)
    assert [m.isoformat() for m in trend["month"]] == ["2026-08-01", "2026-09-01", "2026-10-01"]
    assert trend["activities"].fillna(0).tolist() == [0, 5, 0]
    october = trend.iloc[2]
    assert october["online_share"] == 2 / 8 and october["satisfaction_rate"] == 5 / 6
    assert pd.isna(trend.iloc[0]["online_share"])  # no services: no share, not 0
    table, label = centre.trend_table(trend, "online_share", zh)
    assert label == zh("metric.online_share") + " (%)" and table[label].iloc[2] == 25.0
    assert centre.trend_start(dt.date(2026, 11, 1)) == dt.date(2024, 11, 1)  # 24 months to October 2026


def test_services_processing_keeps_the_items_with_enough_cases_in_one_unit():
    proc = pd.DataFrame(
        {"item_name": ["甲", "乙", "丙"], "item_code": ["A", "B", "C"], "finished": [30, 5, 25]}
        | {"median_hours": [50.0, 1.0, 72.0], "p90_hours": [96.0, 2.0, 120.0]}
    )
    top = services.processing_top(proc, 20, zh)
    assert top[zh("svc.col.item")].tolist() == ["甲", "丙"]
    days = zh("unit.col.days", label=zh("svc.col.median"))
    assert days in top.columns and top[days].tolist() == [round(50 / 24, 1), 3.0]  # the medians reach 48 h: days


def test_claimers_table_labels_what_the_query_gives():
    claimers = pd.DataFrame(
        {"claimed_by": ["张*", "官渡区税务局"], "claimer_type": ["党员", "共建单位"]}
        | {"claimed": [2, 1], "fulfilled": [1, 1], "communities": [1, 1]}
    )
    table = volunteers.claimers_table(claimers, zh, "zh")
    assert table[zh("vol.col.claimed_by")].tolist() == ["张*", "官渡区税务局"]
    assert table[zh("vol.col.claimed")].sum() == 3


def test_declared_tables_name_known_headers_and_ways():
    """Every column of views/<page>.toml: a header the strings know, a way views.common.table knows."""
    for module in (activities, services, volunteers):
        for name, columns in module.TABLES.items():
            for key, spec in columns.items():
                assert key in i18n.table(), (module.__name__, name, key)
                assert spec.split()[1:2] in ([], ["round"], ["code"], ["month"], ["date"]), (name, spec)
    frame = pd.DataFrame({"x": [1.234, None], "month": ["2026-10-01", "2026-11-15"]})
    shown = common.table(frame, {"act.col.month": "month month", "svc.col.share": "x round 1"}, zh)
    assert shown.columns.tolist() == [zh("act.col.month"), zh("svc.col.share")]
    assert shown.iloc[:, 0].tolist() == ["2026-10", "2026-11"] and shown.iloc[0, 1] == 1.2
    with pytest.raises(ValueError, match="unknown 'percent'"):
        common.table(frame, {"svc.col.share": "x percent"}, zh)
