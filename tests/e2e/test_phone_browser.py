"""Every page at a phone's size (390×844) in a real browser on the small demo database: it runs
without an error and the page body never scrolls sideways (neither the document nor the main block
is wider than the screen). A screenshot per page: artifacts/screenshots/phone-<page>.png."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, Requests, wait_for_app
from tests.e2e.test_whole_app_browser import MAIN, PAGES, SIDEBAR, no_error, sign_in

WIDTH, HEIGHT = 390, 844


@pytest.fixture(scope="module")
def phone(browser, app_url):
    ctx = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    seen = Requests()
    ctx.on("request", lambda r: seen.append(r.url))
    pg = ctx.new_page()
    pg.goto(app_url + "/")
    sign_in(pg)
    pg.requests = seen
    yield pg
    ctx.close()


def on_screen(pg) -> bool:
    """Whether the sidebar is open (a collapsed one is moved off the screen to the left)."""
    box = pg.locator(SIDEBAR).bounding_box()
    return bool(box) and box["x"] + box["width"] > 10 and box["x"] >= -1


def open_on_phone(pg, path: str) -> None:
    """Open the collapsed sidebar and follow its link to the page."""
    suffix = "/" if path == "overview" else "/" + path
    link = pg.locator(f'{SIDEBAR} a[href$="{suffix}"]').first
    if not on_screen(pg):
        pg.locator(
            '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'
        ).first.click()
        pg.wait_for_function(f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().left >= 0")
        pg.wait_for_timeout(300)
    link.click()
    wait_for_app(pg, role=None)
    if on_screen(pg):  # the sidebar covers the page on a phone: close it for the picture
        pg.locator(
            f'{SIDEBAR} [data-testid="stSidebarCollapseButton"] button, '
            f'{SIDEBAR} [data-testid="stSidebarCollapseButton"]'
        ).first.click()
        pg.wait_for_timeout(400)


def widths(pg) -> dict:
    return pg.evaluate(f"""() => {{ const m = document.querySelector('{MAIN}');
        const b = m.querySelector('[data-testid="stMainBlockContainer"]') || m;
        return {{doc: document.scrollingElement.scrollWidth, inner: window.innerWidth,
                 main: m.scrollWidth, block: b.scrollWidth}}; }}""")


def test_every_page_fits_a_phone(phone):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide = {}
    for path, (label, _) in PAGES.items():
        open_on_phone(phone, path)
        phone.locator(MAIN).get_by_text(label).first.wait_for(timeout=60000)
        no_error(phone)
        w = widths(phone)
        if max(w["doc"], w["main"], w["block"]) > w["inner"] + 1:
            too_wide[path] = w
        phone.screenshot(path=str(ARTIFACTS / f"phone-{path}.png"))
    assert too_wide == {}
    assert phone.requests.outside() == []


def test_overview_first_screen_on_a_phone(phone):
    """The overview's KPI cards sit two to a row inside the screen, and the pilot progress table shows
    its 预警 column without scrolling sideways. Screenshots: phone-overview-kpis.png, phone-overview-pilots.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    open_on_phone(phone, "overview")
    phone.locator(MAIN).get_by_text("关键指标").first.wait_for(timeout=60000)
    no_error(phone)
    phone.screenshot(path=str(ARTIFACTS / "phone-overview-kpis.png"))
    boxes = phone.evaluate("""() => [...document.querySelectorAll('.st-key-kpigrid > div')].map(e => {
        const r = e.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y), Math.round(r.width)]; })""")
    assert len(boxes) == 10  # nine KPIs and the pilot card
    rows: dict[int, list] = {}
    for x, y, w in boxes:
        assert x >= 0 and x + w <= WIDTH and w < WIDTH / 2  # each card inside the screen, under half its width
        rows.setdefault(y, []).append(x)
    assert sorted(len(xs) for xs in rows.values()) == [2] * 5  # five rows of two
    assert all(len(set(xs)) == 2 for xs in rows.values())

    grid = phone.locator(f'{MAIN} [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(ARTIFACTS / "phone-overview-pilots.png"))
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 1
    # the grid draws on a canvas and lists in its accessible header only the columns in view
    shown = phone.evaluate("""() => [...document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"]')
        .querySelectorAll('th')].map(e => e.innerText.trim())""")
    assert "预警" in shown[:2], shown
