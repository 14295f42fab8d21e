"""A series of months or days stops at the data's newest record (data_to, grassroots/schema/macros/02_windows.sql):
a month after it is one nobody has imported yet, not a month of zeros. The tiny data runs to 2026-11-20 09:00;
a window running to March 2027 (a shared link to a month not imported yet) gets its months up to November 2026,
the last marked as running to 20 November, on the overview and in every by-month query."""

from __future__ import annotations

import datetime as dt

import pytest

from grassroots.periods import Window
from grassroots.views import overview
from tests.conftest import fetching, months_between
from tests.signin import month_app
from tests.tiny_activity import figures

AS_OF = dt.datetime(2026, 11, 20, 9, 0)
SCOPE = {"region": "", "centre_id": None, "centre_type": None, "pilot_batch": None}
PAST = {**SCOPE, "date_from": dt.date(2025, 4, 1), "date_to": dt.date(2027, 4, 1), "as_of": AS_OF}


@pytest.fixture(scope="module")
def fetch(tiny_db):
    with fetching(tiny_db) as f:
        yield f


def test_the_tiny_data_ends_where_this_test_says(fetch):
    assert fetch("common/data_as_of", {})["newest_record"].iloc[0].to_pydatetime() == AS_OF


@pytest.mark.parametrize(
    "name, extra",
    [
        ("overview/kpi_trend", {}),
        ("services/by_month", {}),
        ("activities/by_month", {}),
        ("volunteers/by_month", {}),
        ("tickets/flow", {"grain": "month", "category": None}),
    ],
)
def test_monthly_series_stop_at_the_month_of_the_newest_record(fetch, name, extra):
    """Every month from the window's first to November 2026, none after; the same query over a window ending with
    the data gives the same rows (the cut changes nothing but the months nobody has imported)."""
    rows = fetch(name, {**PAST, **extra})
    key = "bucket" if name == "tickets/flow" else "month"
    months = sorted({m.date() if hasattr(m, "date") else m for m in rows[key]})
    if name in ("overview/kpi_trend", "volunteers/by_month", "tickets/flow"):  # every month, zeros too
        assert months == months_between(dt.date(2025, 4, 1), dt.date(2026, 12, 1))
    else:  # months_filled: every month for the groups that have a row
        assert months and months[-1] <= dt.date(2026, 11, 1)
        assert months == months_between(months[0], dt.date(2026, 12, 1))
    to_data = fetch(name, {**PAST, **extra, "date_to": dt.date(2026, 12, 1)})
    assert rows.reset_index(drop=True).equals(to_data.reset_index(drop=True))


def test_daily_flow_and_hot_spot_history_stop_at_the_newest_day(fetch):
    days = fetch(
        "tickets/flow",
        {**PAST, "date_from": dt.date(2026, 11, 1), "date_to": dt.date(2026, 12, 1), "grain": "day", "category": None},
    )
    assert [b.date() if hasattr(b, "date") else b for b in days["bucket"]] == [
        dt.date(2026, 11, d) for d in range(1, 21)
    ]
    month = fetch(
        "tickets/flow",
        {**PAST, "date_from": dt.date(2026, 11, 1), "date_to": dt.date(2027, 4, 1), "grain": "month", "category": None},
    )
    assert len(month) == 1 and str(month["bucket_end"].iloc[0])[:10] == "2026-11-21"  # the bucket ends with the data
    assert month["received"].iloc[0] == days["received"].sum() and month["closed"].iloc[0] == days["closed"].sum()
    after = {**PAST, "date_from": dt.date(2026, 11, 25), "date_to": dt.date(2026, 12, 9), "category": None}
    for grain in ("day", "week", "month"):  # a window starting after the data: no bucket at all
        assert fetch("tickets/flow", {**after, "grain": grain}).empty
    cells = fetch(
        "tickets/hotspot_cells",
        {
            **PAST,
            "date_from": dt.date(2026, 10, 1),
            "category": None,
            "baseline_months": 6,
            "min_count": 1,
            "pairs": None,
        },
    )
    assert len(cells)
    pairs = sorted({f"{r.community_code}|{r.category}|{r.subcategory}" for r in cells.itertuples()})
    history = fetch(
        "tickets/hotspot_cells",
        {
            **PAST,
            "date_from": dt.date(2026, 10, 1),
            "category": None,
            "baseline_months": 6,
            "min_count": 1,
            "pairs": pairs,
        },
    )
    assert sorted({m.date() if hasattr(m, "date") else m for m in history["month"]}) == [
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]


def test_the_trend_of_a_window_past_the_data_marks_its_last_month_as_running():
    march = Window(dt.date(2027, 3, 1), dt.date(2027, 4, 1))
    assert overview.series_end(march, AS_OF) == dt.date(2026, 11, 21)
    assert overview.trend_partial(march, "zh", AS_OF) == overview.trend_partial(
        Window(dt.date(2026, 11, 1), dt.date(2026, 11, 21)), "zh"
    )
    assert "11月20日" in overview.trend_partial(march, "zh", AS_OF)
    assert overview.trend_partial(march, "zh") is None  # without the data's end: March is whole
    october = Window(dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    assert overview.series_end(october, AS_OF) == october.end and overview.trend_partial(october, "zh", AS_OF) is None


def test_a_shared_link_past_the_data_draws_the_trend_to_the_newest_month(tiny_db, monkeypatch):
    """The overview on a link to March 2027: the trend chart's months end with 2026-11, marked 截至11月20日, and
    its values are kpi_trend's for the months the data holds."""
    at = month_app(tiny_db, monkeypatch, month=None)
    at.query_params["period"] = "month"
    at.query_params["at_month"] = "2027-03-01"
    at.run()
    assert not at.exception
    trend = [f for f in figures(at) if any("截至11月20日" in (t.name or "") for t in f.data)]
    assert trend, "the trend chart marks its last month"
    xs = [x for t in trend[0].data for x in (t.x or ())]
    assert max(str(x)[:7] for x in xs) == "2026-11"
    assert not any(str(x).startswith("2027") or str(x).startswith("2026-12") for x in xs)


@pytest.mark.parametrize(
    "page", ["pages/overview.py", "pages/tickets.py", "pages/services.py", "pages/activities.py", "pages/volunteers.py"]
)
def test_a_period_outside_the_data_shows_no_cards_of_zeros(tiny_db, monkeypatch, page):
    """A link to March 2027: each page says why its period's cards are not there, instead of cards reading 0 and
    -100% against March 2026; October 2026 shows them again."""
    at = month_app(tiny_db, monkeypatch, month=None)
    at.query_params["period"] = "month"
    at.query_params["at_month"] = "2027-03-01"
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception
    said = [i.value for i in at.info if "不在现有数据范围内" in i.value]
    assert said == [
        "所选时间段（2027-03-01 – 2027-03-31）不在现有数据范围内，这里不显示本期指标：每一项都会是 0，同比都会是 -100%。请先导入该时段的数据，或选择其他时间段。"
    ]
    assert not any("-100" in str(m.proto.delta) for m in at.metric)
    back = month_app(tiny_db, monkeypatch, month="2026-10-01")
    back.run()
    if page != "pages/overview.py":
        back.switch_page(page)
        back.run()
    assert not back.exception and not [i for i in back.info if "不在现有数据范围内" in i.value]
    assert len(back.metric) >= 3


def test_a_ranking_of_a_window_without_cases_says_so_and_lists_nobody(fetch):
    """March 2027 (past the data): the official ranking has no lists, the reason no_cases, and no unit listed as
    unranked with 0 cases; its message names the level. November 2026 ranks as before (lists or another reason)."""
    from grassroots.assessment import official

    march = {**SCOPE, "date_from": dt.date(2027, 3, 1), "date_to": dt.date(2027, 4, 1), "as_of": AS_OF}
    r = official.compute(fetch, march)
    assert (r.reason, r.red, r.black, r.unranked) == (official.NO_CASES, (), (), ())
    assert r.message("zh") == "该时段该范围内的街道都没有样本（0 件），无法排名。"
    assert "No street" in (r.message("en") or "")
    november = {**SCOPE, "date_from": dt.date(2026, 11, 1), "date_to": dt.date(2026, 12, 1), "as_of": AS_OF}
    r = official.compute(fetch, november)
    assert r.reason != official.NO_CASES
    assert sum(e.n for e in r.red + r.black + r.unranked) > 0


def test_the_overview_on_a_link_past_the_data_lists_no_street_with_0_cases(tiny_db, monkeypatch):
    at = month_app(tiny_db, monkeypatch, month=None)
    at.query_params["period"] = "month"
    at.query_params["at_month"] = "2027-03-01"
    at.run()
    assert not at.exception
    assert "该时段该范围内的街道都没有样本（0 件），无法排名。" in [i.value for i in at.info]
    assert not [c.value for c in at.caption if "0 件" in c.value]
