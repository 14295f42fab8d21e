"""The activities, services, volunteers and centre-profile pages in a real browser on the small demo
database, signed in as the district leader (官渡区): every page draws its charts, a filter change
redraws the numbers the database implies, a row of a table opens that centre's profile, and nothing
leaves localhost."""

import datetime as dt
import inspect
from urllib.parse import parse_qs, urlparse

from grassroots import db, sql
from grassroots.metrics.centres import extended_spans
from tests.e2e.conftest import open_signed_in, screenshot, wait_for_app

DISTRICT = "530111"  # the demo leader's scope
# the harness may sign a new session in by itself; these tests sign in as the leader instead
_OWN_ROLE = {"role": None} if "role" in inspect.signature(wait_for_app).parameters else {}


def settle(page) -> None:
    wait_for_app(page, timeout_ms=180_000, **_OWN_ROLE)


PAGES = [
    ("活动开展", "activities", 5),
    ("便民服务", "services", 7),
    ("志愿服务", "volunteers", 5),
    ("中心画像", "centre", 2),
]


def open_page(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    settle(page)
    page.locator("h1").filter(has_text=title).first.wait_for()


def metric(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def month_params(path) -> dict:
    """The filters of the month view: November 2026 up to the data's as-of day, in the leader's district."""
    with db.reader(path) as con:
        as_of = sql.run(con, "common/data_as_of")["newest_record"].iloc[0].to_pydatetime()
    return {
        "date_from": dt.date(2026, 11, 1),
        "date_to": as_of.date() + dt.timedelta(days=1),
        "as_of": as_of,
        "region": DISTRICT,
        "centre_id": None,
        "centre_type": None,
        "pilot_batch": None,
        "ext_spans": extended_spans(),
        "with_floating": False,
    }


def test_pages_draw_filter_and_open_a_profile(page, app_url, demo_db):
    page.set_default_timeout(120_000)
    open_signed_in(page, app_url, "activities", "以区领导身份进入", timeout_ms=180_000)

    for title, path, charts in PAGES:
        open_page(page, title)
        assert page.locator('[data-testid="stException"]').count() == 0, title
        drawn = page.locator('[data-testid="stPlotlyChart"]')
        drawn.nth(charts - 1).locator(".main-svg").first.wait_for()
        assert drawn.count() >= charts, title
        screenshot(page, f"activity_pages_{path}")

    # a filter change: the month view shows November's numbers, as the database has them
    open_page(page, "活动开展")
    year_value = metric(page, "活动场次")
    page.get_by_role("radio", name="月", exact=True).click()  # the period segmented control
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    assert "2026-11-01 – 2026-11-20" in main.inner_text()
    p = month_params(demo_db)
    with db.reader(demo_db) as con:
        want = sql.run(con, "activities/summary", p).iloc[0]
        first = sql.run(con, "services/by_centre", p).iloc[0]
    assert metric(page, "活动场次") == f"{int(want.activities):,}" != year_value
    assert metric(page, "服务人次") == f"{int(want.person_visits):,}"
    assert parse_qs(urlparse(page.url).query).get("period") == ["月"]

    # a table row opens the centre's profile: the first centre of the services table
    open_page(page, "便民服务")
    grid = page.locator(".st-key-svc_centres [data-testid='stDataFrameResizable']").first
    grid.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the selection cell of the first row
    settle(page)
    try:
        page.locator("h1").filter(has_text="中心画像").first.wait_for()
    except Exception:
        screenshot(page, "activity_pages_row_click_failed")
        raise
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("centre_profile") == [first.centre]  # the picker, bound to the URL
    assert f"{first.street} · {first.community}" in main.inner_text()
    assert "2026-11-01 – 2026-11-20" in main.inner_text() and query.get("period") == ["月"]  # filters kept
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "activity_pages_profile_from_table")
    assert page.requests.outside() == []
