"""The tickets page's pure parts: its configuration file, the 接诉即办 score and the chart builders."""

import numpy as np
import pandas as pd
import pytest

from grassroots import charts
from grassroots.config import ConfigError
from grassroots.metrics import ticket_config, ticket_score
from tests.conftest import ROOT
from tests.refusals import refusal

GOOD = """
[rates]
response_hours = 2
[weights]
response = 0.2
resolution = 0.4
satisfaction = 0.4
[turnaround]
hour_buckets = [0, 2, 8, 24]
[backlog]
age_buckets = [0, 3, 8, 16, 31]
oldest_listed = 20
[survival]
max_curves = 8
[drilldown]
show_rows = 1000
download_rows = 50000
"""


def _write(tmp_path, text):
    p = tmp_path / "tickets.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_shipped_file_loads():
    c = ticket_config.load(ROOT / "config" / "tickets.toml")
    assert dict(c.weights) == {"response": 0.2, "resolution": 0.4, "satisfaction": 0.4}
    assert c.bucket_labels() == ["0–2", "3–7", "8–15", "16–30", "31+"]


def test_a_good_file(tmp_path):
    c = ticket_config.load(_write(tmp_path, GOOD))
    assert c.response_hours == 2.0 and c.hour_buckets == (0, 2, 8, 24) and c.show_rows == 1000


# a text of GOOD: [(what it becomes, the key the refusal names), ...]
BAD_VALUES = {
    "satisfaction = 0.4": [
        ("satisfaction = -1", "weights.satisfaction"),
        ('satisfaction = "high"', "weights.satisfaction"),
        ("satisfaction = 0.4\nspeed = 1", "weights.speed"),
    ],
    "response = 0.2\nresolution = 0.4\nsatisfaction = 0.4": [
        ("response = 0\nresolution = 0\nsatisfaction = 0", "weights")
    ],
    "response_hours = 2": [("response_hours = 0", "rates.response_hours")],
    "age_buckets = [0, 3, 8, 16, 31]": [
        ("age_buckets = [0, 8, 3]", "backlog.age_buckets"),
        ("age_buckets = [1, 3]", "backlog.age_buckets"),
        ("age_buckets = [0, 2.5]", "backlog.age_buckets"),
    ],
    "hour_buckets = [0, 2, 8, 24]": [("hour_buckets = 5", "turnaround.hour_buckets")],
    "max_curves = 8": [("max_curves = 0", "survival.max_curves")],
    "download_rows = 50000": [("download_rows = 10", "drilldown.download_rows")],
    "[survival]": [("[surival]", "surival")],
}


@pytest.mark.parametrize("old, new, key", [(old, *case) for old, cases in BAD_VALUES.items() for case in cases])
def test_a_bad_value_is_refused_naming_file_and_key(tmp_path, old, new, key):
    assert old in GOOD
    message = refusal(ticket_config.load, tmp_path / "tickets.toml", GOOD.replace(old, new))
    assert message.startswith(f"tickets.toml: {key}:")


def test_broken_toml_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match="tickets.toml"):
        ticket_config.load(_write(tmp_path, "[rates\nresponse_hours = 2"))


UNITS = pd.DataFrame(
    {
        "grp": ["a", "b", "c", "d"],
        "n": [30, 25, 5, 40],
        "response_rate": [1.0, 0.5, 1.0, 0.8],
        "resolution_rate": [0.5, 1.0, 1.0, None],
        "satisfaction_rate": [0.75, 0.5, 1.0, 0.9],
    }
)
W = (("response", 0.2), ("resolution", 0.4), ("satisfaction", 0.4))


def test_score_is_the_weighted_mean_of_the_rates():
    s = ticket_score.score(UNITS, W)
    # a: 100 (0.2 + 0.2 + 0.3) = 70; b: 100 (0.1 + 0.4 + 0.2) = 70; c: 100; d: resolution missing
    assert s.tolist()[:3] == pytest.approx([70.0, 70.0, 100.0]) and np.isnan(s.iloc[3])
    # weights need not sum to one
    assert ticket_score.score(UNITS, (("response", 2), ("satisfaction", 2))).tolist()[:2] == pytest.approx([87.5, 50.0])


def test_rank_keeps_small_units_unranked():
    r = ticket_score.rank(UNITS, W, "n", min_n=20)
    # ranked a and b tie on 70 (a has more tickets); then the unranked, most tickets first
    assert list(r["grp"]) == ["a", "b", "d", "c"]
    ranked = r.set_index("grp")
    assert ranked.loc["a", "rank"] == ranked.loc["b", "rank"] == 1  # a tie shares the rank
    assert not ranked.loc["c", "ranked"] and pd.isna(ranked.loc["c", "rank"])  # 5 tickets: under min_n
    assert not ranked.loc["d", "ranked"]  # no score
    with pytest.raises(ValueError):
        ticket_score.score(UNITS, (("response", 0.0),))


def test_hour_bucket_labels():
    assert charts.tickets.hour_bucket_labels([0, 2, 8, 24, 72, 168, 720]) == [
        "0–2 h",
        "2–8 h",
        "8 h–1 d",
        "1–3 d",
        "3–7 d",
        "7–30 d",
        "30 d+",
    ]
    assert (
        charts.tickets.fmt_span(18) == "18 h"
        and charts.tickets.fmt_span(72) == "3 d"
        and charts.tickets.fmt_span(None) == "—"
    )


def test_flow_chart_carries_its_drill_down():
    flow = pd.DataFrame(
        {
            "bucket": pd.to_datetime(["2026-10-01", "2026-10-05"]),
            "bucket_end": pd.to_datetime(["2026-10-05", "2026-10-12"]),
            "received": [3, 2],
            "closed": [3, 1],
            "open_at_end": [1, 2],
        }
    )
    fig = charts.tickets.flow(flow, {"received": "R", "closed": "C", "open": "O", "axis": "n"})
    bars, closed, line = fig.data
    assert list(bars.y) == [3, 2] and list(closed.y) == [3, 1] and list(line.y) == [1, 2]
    assert [list(x) for x in bars.customdata] == [
        ["received", "2026-10-01", "2026-10-05"],
        ["received", "2026-10-05", "2026-10-12"],
    ]
    assert closed.customdata[0][0] == "closed_in" and line.customdata[1][0] == "open_at"
    assert line.yaxis == "y2" and list(bars.x) == ["2026-10", "2026-10"] and fig.layout.xaxis.type == "category"
    assert list(
        charts.tickets.flow(flow, {"received": "R", "closed": "C", "open": "O", "axis": "n"}, "week").data[0].x
    ) == [
        "2026-10-01",
        "2026-10-05",
    ]


def test_histogram_age_and_group_charts():
    hist = pd.DataFrame(
        {
            "bucket": [1, 2, 3],
            "lo_hours": [0.0, 8.0, 24.0],
            "hi_hours": [8.0, 24.0, None],
            "closed_n": [1, 1, 2],
            "open_n": [0, 0, 2],
        }
    )
    fig = charts.tickets.close_histogram(hist, {"closed": "c", "open": "o", "x": "x", "y": "y"})
    assert list(fig.data[0].x) == ["0–8 h", "8 h–1 d", "1 d+"] and list(fig.data[1].y) == [0, 0, 2]
    assert list(fig.data[1].customdata[2]) == ["open", 24.0, ""]
    ages = pd.DataFrame(
        {"bucket": [1, 2], "lo_days": [0, 3], "hi_days": [3, None], "open_n": [4, 2], "overdue_n": [1, 2]}
    )
    fig = charts.tickets.age_buckets(ages, ["0–2", "3+"], {"overdue": "o", "not_overdue": "n", "x": "x", "y": "y"})
    assert list(fig.data[0].y) == [1, 2] and list(fig.data[1].y) == [3, 0]
    groups = pd.DataFrame({"grp": ["x", "", "z"], "label": ["X", "?", "Z"], "closed_n": [5, 1, 2], "open_n": [0, 1, 9]})
    fig = charts.tickets.group_bars(groups, {"closed": "c", "open": "o"}, top=2)
    assert list(fig.data[0].y) == ["X", "Z"]  # the two largest, largest (Z, 11) on top
    assert list(fig.data[1].customdata[1]) == ["open", "z", "Z"]


def test_km_and_stage_charts():
    curve = pd.DataFrame({"grp": ["a", "a", "b"], "t": [24.0, 48.0, 12.0], "survival": [0.5, 0.25, 0.0]})
    fig = charts.tickets.km_curves(curve, {"a": "A", "b": "B"}, {"x": "d", "y": "%"})
    assert [d.name for d in fig.data] == ["A", "B"]
    assert list(fig.data[0].x) == [0.0, 1.0, 2.0] and list(fig.data[0].y) == [100.0, 50.0, 25.0]
    assert fig.data[0].line.shape == "hv"
    stages = pd.DataFrame(
        {
            "stage": ["accept", "dispatch"],
            "n": [6, 0],
            "p10": [1.0, None],
            "p25": [1.0, None],
            "median": [1.0, None],
            "p75": [1.75, None],
            "p90": [2.5, None],
        }
    )
    fig = charts.tickets.stage_boxes(stages, {"accept": "A", "dispatch": "D"}, "h")
    assert len(fig.data) == 1 and fig.data[0].median[0] == 1.0  # a stage nobody recorded is left out
