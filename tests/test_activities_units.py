"""Pure parts of the activity, service and centre pages: the extended-hours parameter, the minimum-n
ranking, the peer comparison, formatting, the chart builders and the chart-download helper."""

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from grassroots import charts, config, db
from grassroots.metrics import centres
from grassroots.ui import chart_downloads


def test_extended_spans_from_the_configuration():
    assert centres.extended_spans() == [[0, 720, 840], [0, 1140, 1260], [1, 600, 1020]]
    cfg = dataclasses.replace(config.app(), extended_weekday=(("11:30", "13:00"),), extended_weekend=())
    assert centres.extended_spans(cfg) == [[0, 690, 780]]


def test_activities_and_services_share_one_extended_hours_rule(activity_db):
    # the macro the activity queries use gives the services rollup's n_extended for the same records
    with db.reader(activity_db) as con:
        by_macro = con.execute(
            "select count(*) filter (where in_extended_hours(accepted_at::date, accepted_at::time, $s)) "
            "from service_records",
            {"s": centres.extended_spans()},
        ).fetchone()[0]
        by_rollup = con.execute("select sum(n_extended) from rollup_services_daily").fetchone()[0]
    assert by_macro == by_rollup == 5  # S2, S3, S4, S5 and S9 (Sunday 10:00)


@pytest.mark.parametrize(
    "when,expect",
    [
        ("2026-10-09 11:59", False),
        ("2026-10-09 12:00", True),
        ("2026-10-09 13:59", True),
        ("2026-10-09 14:00", False),
        ("2026-10-09 21:00", False),
        ("2026-10-10 09:59", False),
        ("2026-10-10 10:00", True),
        ("2026-10-11 16:59", True),
    ],
)
def test_extended_hours_edges(activity_db, when, expect):
    with db.reader(activity_db) as con:
        got = con.execute(
            "select in_extended_hours($t::timestamp::date, $t::timestamp::time, $s)",
            {"t": when, "s": centres.extended_spans()},
        ).fetchone()[0]
    assert got is expect


def test_rank_min_n_ranks_only_units_with_enough_cases():
    frame = pd.DataFrame({"unit": list("abcde"), "rate": [0.9, 0.5, 0.7, 5.0, None], "n": [30, 25, 40, 3, 50]})
    out = centres.rank_min_n(frame, "rate", "n", 20)
    assert list(out.unit) == ["a", "c", "b", "e", "d"]  # d tops the rate but has 3 cases; e has no rate
    assert list(out["rank"][:3]) == [1, 2, 3] and out["rank"][3:].isna().all()
    assert list(out.ranked) == [True, True, True, True, False]


def test_peer_comparison_uses_the_median_of_the_others():
    frame = pd.DataFrame(
        {
            "centre_id": ["me", "p1", "p2", "p3"],
            "services": [10, 4, 8, None],
            "satisfaction_rate": [0.8, 0.9, 0.95, 0.7],
            "proxy_share": [0.2, 0.1, 0.1, 0.1],
        }
    )
    metrics = [
        centres.Metric("services", "q", "count"),
        centres.Metric("satisfaction_rate", "q", "share"),
        centres.Metric("proxy_share", "q", "share", None),
    ]
    out = centres.peer_comparison(frame, "me", metrics).set_index("key")
    assert out.loc["services", "peer_median"] == 6 and out.loc["services", "peers"] == 2  # p3 has no value
    assert out.loc["services", "diff"] == pytest.approx((10 / 6 - 1) * 100)  # percent of the median
    assert out.loc["services", "diff_unit"] == "%"
    assert out.loc["services", "standing"] == "better"
    assert out.loc["satisfaction_rate", "diff"] == pytest.approx(-10.0)  # 80% - 90%: points
    assert out.loc["satisfaction_rate", "diff_unit"] == "pp"
    assert out.loc["satisfaction_rate", "standing"] == "worse"  # 0.8 under the median 0.9
    assert pd.isna(out.loc["proxy_share", "standing"])  # neither better nor worse


def test_peer_comparison_without_the_centre_or_peers():
    frame = pd.DataFrame({"centre_id": ["p1"], "services": [3]})
    out = centres.peer_comparison(frame, "absent", [centres.Metric("services", "q", "count")])
    assert math.isnan(out.value[0]) and out.peer_median[0] == 3 and pd.isna(out.standing[0])
    out = centres.peer_comparison(frame, "p1", [centres.Metric("services", "q", "count")])
    assert math.isnan(out.peer_median[0]) and out.peers[0] == 0


def test_profile_metrics_name_real_columns(activity_db):
    from grassroots import sql
    from tests.contracts.activities import P

    with db.reader(activity_db) as con:
        for source in {m.source for m in centres.PROFILE_METRICS}:
            cols = set(sql.run(con, source, P).columns)
            assert {m.key for m in centres.PROFILE_METRICS if m.source == source} <= cols, source


def test_calendar_places_every_day():
    days = pd.DataFrame({"date": [dt.date(2026, 10, 3), dt.date(2026, 10, 14)], "n": [2, 5]})
    fig = charts.activity.calendar(
        days, "date", "n", dt.date(2026, 10, 1), dt.date(2026, 11, 1), list("一二三四五六日")
    )
    z = np.array(fig.data[0].z, dtype=float)
    assert z.shape == (7, 5)  # 5 weeks from Monday 28 September
    assert np.isnan(z[:3, 0]).all()  # Mon-Wed before 1 October
    assert z[5, 0] == 2 and z[2, 2] == 5  # Sat 3 Oct, Wed 14 Oct
    assert np.nansum(z) == 7 and np.count_nonzero(~np.isnan(z)) == 31


def test_hour_of_week_outlines_the_extended_hours():
    frame = pd.DataFrame({"dow": [1, 7], "hour": [19, 11], "n": [3, 4]})
    fig = charts.activity.hour_of_week(frame, "n", centres.extended_spans(), list("一二三四五六日"), "延时")
    z = np.array(fig.data[0].z)
    assert z[0, 19] == 3 and z[6, 11] == 4 and z.sum() == 7
    boxes = [(s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes]
    assert (11.5, 13.5, -0.5, 4.5) in boxes and (18.5, 20.5, -0.5, 4.5) in boxes and (9.5, 16.5, 4.5, 6.5) in boxes


def test_vs_peers_colours_by_standing():
    frame = pd.DataFrame({"m": ["a", "b", "c"], "vs": [50.0, -20.0, 10.0], "s": ["better", "worse", None]})
    fig = charts.activity.vs_peers(frame, "m", "vs", "s")
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color))
    assert colours == {"a": charts.activity.GOOD, "b": charts.activity.BAD, "c": charts.activity.LEVEL}
    assert dict(zip(fig.data[0].y, fig.data[0].x)) == pytest.approx({"a": 50.0, "b": -20.0, "c": 10.0})


def test_hbar_keeps_the_order_and_the_values():
    frame = pd.DataFrame({"k": ["x", "y", "z"], "v": [9, 5, 1]})
    fig = charts.activity.hbar(frame, "k", "v")
    assert list(fig.data[0].y) == ["z", "y", "x"]  # plotly draws from the bottom: first row on top
    assert list(fig.data[0].x) == [1, 5, 9]


def test_stacked_follows_the_given_order():
    frame = pd.DataFrame({"m": ["1", "1", "2"], "c": ["老有所养", "幼有所育", "其他"], "v": [1, 2, 3]})
    fig = charts.activity.stacked(frame, "m", "c", "v", list(centres.CATEGORIES))
    assert [t.name for t in fig.data] == ["幼有所育", "老有所养", "其他"]


def test_chart_download_names_and_image_button():
    assert chart_downloads.safe_name("a/b:c 图表?") == "a_b_c_图表"
    assert chart_downloads.safe_name("///") == "chart"
    cfg = chart_downloads.plotly_config("按月 / 按渠道")
    assert cfg["toImageButtonOptions"] == {"format": "png", "filename": "按月_按渠道", "scale": 2}
    assert "toImage" not in cfg["modeBarButtonsToRemove"]
