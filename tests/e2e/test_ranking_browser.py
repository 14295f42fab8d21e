"""Click-through from the official 黑榜 on the overview, in a real browser on the small demo database: a
click on a row's selector makes that street (the worst, computed here by the official function) the
sidebar's street filter, its district goes into the URL, the page's caption names the street, and
the lists turn to its communities."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

from grassroots import db, sql
from grassroots.assessment import official
from tests.e2e.conftest import screenshot, wait_for_app

ROW_HEIGHT = 35  # Streamlit's data grid: header and rows


def _lists(page):
    """The 红榜 and 黑榜 grids (the element containers holding a data grid after the ranking heading)."""
    heading = page.get_by_role("heading", name="红榜 / 黑榜 · 街道")
    heading.wait_for(timeout=120000)
    grids = page.locator('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])')
    return [grids.nth(i) for i in range(grids.count())][-2:]


def worst_street(demo_db, caption: str) -> tuple[official.Entry, str]:
    """The official 黑榜's first street for the window the page's caption states, computed here, and
    the name of its district."""
    start, end = (dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", caption)[:2])
    with db.reader(demo_db) as con:
        as_of = sql.run(con, "common/data_as_of")["newest_record"].iloc[0].to_pydatetime()
        p = {
            "date_from": start,
            "date_to": end + dt.timedelta(days=1),
            "as_of": as_of,
            "region": "",
            "centre_id": None,
            "centre_type": None,
            "pilot_batch": None,
        }
        worst = official.compute(lambda n, q: sql.run(con, n, q), p).black[0]
        names = sql.run(con, "common/regions").set_index("code")["name"]
        return worst, names[worst.code[:6]]


def test_a_black_list_row_sets_the_street(page, app_url, demo_db):
    page.goto(app_url + "/")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=120000)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    caption_before = main.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    assert caption_before.startswith("全部地区")
    red, black = _lists(page)
    black.scroll_into_view_if_needed()
    assert "黑榜（后 5 名）" in main.inner_text()
    worst, district = worst_street(demo_db, caption_before)
    box = black.bounding_box()
    page.mouse.click(box["x"] + 17, box["y"] + ROW_HEIGHT + ROW_HEIGHT / 2)  # the first row's selector box
    wait_for_app(page)
    page.get_by_role("heading", name="红榜 / 黑榜 · 社区").wait_for(timeout=60000)  # now its communities
    wait_for_app(page)
    caption_after = main.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    assert caption_after.startswith(worst.name + " · ") and caption_after != caption_before
    assert caption_after.split(" · ")[1] == caption_before.split(" · ")[1]  # the same window
    assert parse_qs(urlparse(page.url).query).get("district") == [district]  # the street's district, in the URL
    sidebar = page.locator('[data-testid="stSidebar"]')
    street_box = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="街道/乡镇")
    shown = (street_box.text_content() or "") + " ".join(
        street_box.locator("input").evaluate_all("e => e.map(x => x.value)")
    )
    assert worst.name in shown
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview_after_black_click")
    assert page.requests.outside() == []
