"""Pure functions: periods, traffic lights, masking, safe exports, i18n, config."""

import datetime as dt
import io

import pandas as pd
import pytest

from grassroots import config, exports, fmt, i18n, periods, privacy
from grassroots.metrics import kpis, targets

D = dt.date


@pytest.mark.parametrize(
    "kind,anchor,as_of,expect",
    [
        ("month", D(2026, 10, 15), D(2026, 11, 20), (D(2026, 10, 1), D(2026, 11, 1))),
        ("month", D(2026, 11, 1), D(2026, 11, 20), (D(2026, 11, 1), D(2026, 11, 21))),  # clipped to as-of
        ("quarter", D(2026, 5, 2), D(2026, 11, 20), (D(2026, 4, 1), D(2026, 7, 1))),
        ("year", D(2026, 1, 1), D(2026, 11, 20), (D(2026, 1, 1), D(2026, 11, 21))),
    ],
)
def test_window(kind, anchor, as_of, expect):
    w = periods.window(kind, anchor, as_of)
    assert (w.start, w.end) == expect


def test_comparison_windows_full_and_running():
    full_q = periods.window("quarter", D(2026, 1, 1), D(2026, 11, 20))
    assert periods.previous(full_q, "quarter") == periods.Window(D(2025, 10, 1), D(2026, 1, 1))
    assert periods.year_ago(full_q, "quarter") == periods.Window(D(2025, 1, 1), D(2025, 4, 1))
    running = periods.window("month", D(2026, 11, 1), D(2026, 11, 20))
    assert periods.previous(running, "month") == periods.Window(D(2026, 10, 1), D(2026, 10, 21))
    assert periods.year_ago(running, "month") == periods.Window(D(2025, 11, 1), D(2025, 11, 21))
    leap = periods.window("month", D(2024, 2, 1), D(2026, 11, 20))
    assert periods.year_ago(leap, "month") == periods.Window(D(2023, 2, 1), D(2023, 3, 1))
    custom = periods.window("custom", D(2026, 3, 1), D(2026, 11, 20), custom_end=D(2026, 3, 10))
    assert periods.previous(custom, "custom") == periods.Window(D(2026, 2, 19), D(2026, 3, 1))


def test_change_counts_in_percent_rates_in_points():
    assert periods.change(150, 100, is_rate=False) == pytest.approx(50.0)
    assert periods.change(0.75, 0.60, is_rate=True) == pytest.approx(15.0)
    assert periods.change(5, 0, is_rate=False) is None
    k = kpis.KPIS[[x.key for x in kpis.KPIS].index("on_time_rate")]
    assert fmt.change(k.kind, kpis.delta(k, 0.9372, 0.7582)) == "+17.9 pp"


def test_published_closure_rates():
    # docs/domain.md's check: 911 / 972 = 93.72%, 737 / 972 = 75.82%
    assert f"{911 / 972:.2%}" == "93.72%" and f"{737 / 972:.2%}" == "75.82%"


@pytest.mark.parametrize(
    "actual,on,expect",
    [
        (12, D(2026, 8, 1), "green"),  # target met after its date
        (11, D(2026, 8, 1), "red"),  # target date passed unmet
        (6, D(2026, 4, 16), "green"),  # half the time gone, half the centres built
        (5, D(2026, 4, 16), "yellow"),  # 1 behind pace, within 10% of 12 (1.2)
        (3, D(2026, 4, 16), "red"),
    ],
)
def test_traffic_light(actual, on, expect):
    assert targets.light(actual, 12, D(2026, 1, 1), D(2026, 7, 31), on, 0.10) == expect


def test_traffic_light_accepts_pandas_timestamps():
    assert targets.light(1, 2, pd.Timestamp("2026-01-01"), pd.Timestamp("2026-07-31"), D(2026, 11, 1), 0.1) == "red"


@pytest.mark.parametrize(
    "fn,value,expect",
    [
        (privacy.mask_phone, "18012341999", "180****1999"),
        (privacy.mask_id, "530111199001011234", "530111********1234"),
        (privacy.mask_name, "张三丰", "张**"),
        (privacy.mask_name, "欧阳娜娜", "欧阳**"),
        (privacy.mask_address, "关上街道小街社区3栋2单元501", "关上街道小街社区***"),
    ],
)
def test_masking(fn, value, expect):
    assert fn(value) == expect


def test_mask_frame_respects_role():
    f = pd.DataFrame({"reporter_phone": ["13912345678"], "title": ["x"]})
    assert privacy.mask_frame(f, may_see_personal=False)["reporter_phone"][0] == "139****5678"
    assert privacy.mask_frame(f, may_see_personal=True)["reporter_phone"][0] == "13912345678"


def test_csv_neutralises_formulas():
    f = pd.DataFrame({"a": ["=1+1", "+cmd", "-2", "@SUM(A1)", "ok"], "n": [1, 2, 3, 4, 5]})
    text = exports.to_csv_bytes(f).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text), dtype=str)
    assert list(rows["a"]) == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "ok"]
    assert list(rows["n"]) == ["1", "2", "3", "4", "5"]


def test_xlsx_is_readable_and_safe():
    import openpyxl

    f = pd.DataFrame({"名称": ['=HYPERLINK("x")', "小街"], "n": [1, 2]})
    wb = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(f, "data")))
    ws = wb["data"]
    assert ws["A1"].value == "名称" and ws["A2"].value == '\'=HYPERLINK("x")' and ws["B3"].value == 2
    assert ws.freeze_panes == "A2"


def test_every_string_has_both_languages():
    table = i18n.table()
    assert table and all(v["zh"] and v["en"] for v in table.values())
    assert i18n.t("kpi.on_time_rate", "en") == "On-time %"


def test_shipped_config_loads():
    cfg = config.load_app()
    assert cfg.min_n >= 1
    assert (cfg.ranking_system, cfg.top_n) == ("default", 5)
    default, cats = config.load_sla()
    assert default.unit in ("hours", "working_days") and cats["紧急事件"].amount == 2


def test_bad_config_names_the_key(tmp_path):
    p = tmp_path / "app.toml"
    p.write_text('[rules]\nmin_n = -3\n[[composite]]\nmetric = "on_time_rate"\nweight = 1\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="rules.min_n"):
        config.load_app(p)
    p.write_text('[ranking]\nsystem = "nowhere"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"app.toml: ranking.system: .*nowhere"):
        config.load_app(p)
    p.write_text("[ranking]\ntop_n = 0\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"ranking.top_n"):
        config.load_app(p)
    # an older file with the former overview composite still loads; the section is ignored
    p.write_text('[[composite]]\nmetric = "bogus"\nweight = 1\n', encoding="utf-8")
    assert config.load_app(p).ranking_system == "default"
    p.write_text("[rules\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="app.toml"):
        config.load_app(p)


def test_a_year_is_compared_with_last_year_only():
    year = periods.window("year", D(2026, 1, 1), D(2026, 11, 20))
    (only,) = periods.comparisons("year", year)
    assert only.key == periods.YEAR_AGO
    assert only.window == periods.Window(D(2025, 1, 1), D(2025, 11, 21))  # the same 324 days of 2025
    assert periods.label(only) == "同比" and periods.label(only, "en") == "vs last year"
    assert periods.primary("year", year) == only


@pytest.mark.parametrize(
    "kind,anchor,first,labels",
    [
        ("month", D(2026, 10, 1), periods.Window(D(2026, 9, 1), D(2026, 10, 1)), ("环比", "同比")),
        ("quarter", D(2026, 4, 1), periods.Window(D(2026, 1, 1), D(2026, 4, 1)), ("环比", "同比")),
    ],
)
def test_months_and_quarters_have_both(kind, anchor, first, labels):
    w = periods.window(kind, anchor, D(2026, 11, 20))
    cs = periods.comparisons(kind, w)
    assert [c.key for c in cs] == [periods.PREVIOUS, periods.YEAR_AGO]
    assert cs[0].window == first
    assert tuple(periods.label(c) for c in cs) == labels
    assert periods.label(cs[0], "en") == f"vs last {kind}"
    assert periods.partial_note(kind, w) is None  # a whole period needs no note


def test_a_custom_window_is_compared_with_the_window_before_it():
    w = periods.window("custom", D(2026, 3, 1), D(2026, 11, 20), custom_end=D(2026, 3, 31))
    first = periods.primary("custom", w)
    assert first.key == periods.PRECEDING
    # 29–31 January and the 28 days of February 2026: 31 days, ending the day before 1 March
    assert first.window == periods.Window(D(2026, 1, 29), D(2026, 3, 1)) and first.window.days == w.days == 31
    assert periods.label(first) == "较前31天" and periods.label(first, "en") == "vs preceding 31 days"
    assert "环比" not in [periods.label(c) for c in periods.comparisons("custom", w)]


def test_a_running_month_compares_the_same_days_and_says_so():
    w = periods.window("month", D(2026, 11, 1), D(2026, 11, 20))
    assert periods.is_partial(w, "month")
    prev, year = periods.comparisons("month", w)
    assert prev.window.days == year.window.days == w.days == 20  # 1–20 Oct, 1–20 Nov 2025
    assert periods.partial_note("month", w) == "截至11月20日，与上月、去年同期比"
    assert periods.partial_note("month", w, "en") == "To 20 Nov, vs the same days of last month and last year"
    assert periods.partial_note("month", w, first_only=True) == "截至11月20日，与上月同期比"
    year = periods.window("year", D(2026, 1, 1), D(2026, 11, 20))
    assert periods.partial_note("year", year) == "截至11月20日，与去年同期比"
    assert periods.partial_month(D(2026, 11, 1), w.end) and not periods.partial_month(D(2026, 10, 1), D(2026, 11, 1))


def test_a_window_after_the_data_keeps_its_dates():
    w = periods.window("month", D(2027, 3, 1), D(2026, 11, 20))
    assert w == periods.Window(D(2027, 3, 1), D(2027, 4, 1))


def test_sparkline_marks_a_running_last_month():
    from grassroots import charts

    svg = charts.base.sparkline_svg(
        [10, 12, 11, 3], "截至11月20日", ["2026-08 10", "2026-09 12", "2026-10 11", "2026-11 3"]
    )
    assert svg.count("stroke-dasharray") == 1 and "kpi-spark-partial" in svg
    assert "<title>2026-11 3 · 截至11月20日</title>" in svg
    whole = charts.base.sparkline_svg([10, 12, 11, 3])
    assert "stroke-dasharray" not in whole and "截至" not in whole
    assert charts.base.sparkline_svg([5]) == ""


def test_trend_line_draws_the_running_month_apart():
    from grassroots import charts

    frame = pd.DataFrame({"month": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-11-01"]), "n": [30, 32, 12]})
    fig = charts.base.trend_line(frame, "month", "n", "诉求受理", partial="截至11月20日")
    solid, dashed, last = fig.data
    assert list(solid.y) == [30, 32] and solid.line.dash is None
    assert list(dashed.y) == [32, 12] and dashed.line.dash == "dash"
    assert list(last.y) == [12] and "截至11月20日" in last.name and "截至11月20日" in last.hovertemplate
    assert len(charts.base.trend_line(frame, "month", "n", "诉求受理").data) == 1


@pytest.mark.parametrize(
    "kind,raw,expect",
    [
        ("month", "2019年3月", "2019-03-01"),
        ("month", "2019-03", "2019-03-01"),
        ("month", "2019-03-01", "2019-03-01"),
        ("month", "2019-03-02", None),
        ("quarter", "2019年第2季度", "2019-04-01"),
        ("quarter", "2019 Q4", "2019-10-01"),
        ("year", "2019年", "2019-01-01"),
        ("year", "2019", "2019-01-01"),
        ("month", "2019年13月", None),
        ("year", "abc", None),
    ],
)
def test_a_linked_period_is_read_in_either_language(kind, raw, expect):
    from grassroots.ui import filters

    assert filters.parse_anchor(kind, raw) == expect


def test_a_running_month_is_marked_on_month_charts():
    from grassroots import charts

    frame = pd.DataFrame({"月份": ["2026-09", "2026-10", "2026-11"], "类别": ["a"] * 3, "活动场次": [3, 4, 1]})

    def drawn():
        return charts.activity.stacked(frame, "月份", "类别", "活动场次")

    fig = charts.base.mark_running_month(drawn(), "2026-11", "截至11月20日")
    assert [a.text for a in fig.layout.annotations] == ["截至11月20日"]
    (band,) = fig.layout.shapes
    assert (band.x0, band.x1) == (1.5, 2.5)  # around the third category
    whole = charts.base.mark_running_month(drawn(), "2026-11", None)
    assert not whole.layout.annotations and not whole.layout.shapes
    other = charts.base.mark_running_month(drawn(), "2026-12", "截至12月5日")
    assert not other.layout.shapes  # that month is not drawn
