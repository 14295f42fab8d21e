"""grassroots.durations: one unit per column of durations, chosen for the column, named in the header."""

import math

import pandas as pd
import pytest

from grassroots import durations


def header(label: str, unit: str) -> str:
    return f"{label} [{unit}]"


def test_the_unit_follows_the_columns_median():
    assert durations.unit_for([45.7, 10, 20]) == "hours"  # median 20 h
    assert durations.unit_for([45.7, 134.4, 200]) == "days"  # median 134.4 h
    assert durations.unit_for([47.9, 48.0, 1]) == "hours"  # median 47.9 h: just under two days
    assert durations.unit_for([48.0, 50, 1]) == "days"  # median 48 h: two days
    assert durations.unit_for([1, 1000]) == "days"  # median 500.5 h (even count: the mean of the middle two)
    assert durations.unit_for([None, float("nan"), "x"]) == "hours"  # nothing known
    assert durations.unit_for([]) == "hours"


def test_a_mixed_column_is_shown_in_one_unit():
    # the column the issue saw as "45.7 h" beside "5.6 d" (134.4 h): its median, 90.05 h, says days
    out = durations.in_unit(pd.Series([45.7, 134.4]), durations.unit_for([45.7, 134.4]))
    assert list(out) == [pytest.approx(1.9), pytest.approx(5.6)]  # 45.7 / 24 = 1.904, 134.4 / 24 = 5.6


def test_conversion_rounds_and_keeps_the_unknown():
    assert durations.convert(36, "days") == 1.5 and durations.convert(36, "hours") == 36.0
    assert durations.convert(None, "days") is None and durations.convert(float("nan"), "hours") is None
    assert durations.text(36, "days") == "1.5" and durations.text(None, "hours") == "—"
    assert durations.text(None, "hours", missing="未达到") == "未达到"
    assert durations.text(2400, "hours") == "2,400.0"


def test_tabulate_names_each_columns_unit_in_its_header():
    frame = pd.DataFrame({"item": ["a", "b", "c"], "median_hours": [2.0, 4.0, 6.0], "p90_hours": [30.0, 96.0, 120.0]})
    out = durations.tabulate(frame, {"median_hours": "median", "p90_hours": "p90"}, header)
    assert list(out.columns) == ["item", "median [hours]", "p90 [days]"]
    assert list(out["median [hours]"]) == [2.0, 4.0, 6.0]
    assert list(out["p90 [days]"]) == [
        pytest.approx(1.2),
        pytest.approx(4.0),
        pytest.approx(5.0),
    ]  # 30/24 = 1.25 -> 1.2
    assert list(frame["p90_hours"]) == [30.0, 96.0, 120.0]  # the input is not changed


def test_tabulate_with_one_unit_for_a_chart():
    frame = pd.DataFrame({"median_hours": [2.0, None], "p90_hours": [96.0, 120.0]})
    out = durations.tabulate(frame, {"median_hours": "m", "p90_hours": "p"}, header, unit="hours")
    assert list(out.columns) == ["m [hours]", "p [hours]"]
    assert out["m [hours]"][0] == 2.0 and math.isnan(out["m [hours]"][1]) and list(out["p [hours]"]) == [96.0, 120.0]
    with pytest.raises(ValueError, match="weeks"):
        durations.tabulate(frame, {"median_hours": "m"}, header, unit="weeks")


def test_the_header_string_names_the_unit_in_both_languages():
    from grassroots import i18n

    assert i18n.t("unit.col.days", "zh", label="中位数") == "中位数（天）"
    assert i18n.t("unit.col.hours", "en", label="Median") == "Median (hours)"
