"""The whole app in a real browser, the way people use it, on the small demo database.

Signed in once as the demo administrator (every page, every region), in one browser session:
every page in the sidebar opens by its link, runs without an error and draws its charts (and the
coverage map its canvas); the shared filters go into the URL and a pasted link restores them after
signing in again; a tickets table row drills down to its tickets and downloads them; the language
switches to English. Nothing is ever requested from outside localhost. A screenshot per page is saved
in artifacts/screenshots/<page>.png at 1366 wide.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, Requests, wait_for_app

ADMIN = "以管理员身份进入 · 全部地区"
SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'
PLOTLY = ".js-plotly-plot .main-svg"
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'

# url path -> (a heading or label the page shows, what it draws: "plotly", "map" or None)
PAGES = {
    "overview": ("活动场次", "plotly"),
    "coverage": ("试点覆盖与服务圈", "map"),
    "tickets": ("诉求与网格事件", "plotly"),
    "activities": ("活动开展", "plotly"),
    "services": ("便民服务", "plotly"),
    "volunteers": ("志愿服务", "plotly"),
    "centre": ("中心画像", "plotly"),
    "assessment": ("考核评估", "plotly"),
    "alerts": ("预警与督办", None),
    "import": ("数据导入", None),
    "explorer": ("数据探索", None),
    "metrics": ("指标口径", None),
    "admin": ("账户与审计", None),
}


def link(pg, path: str):
    """The sidebar link to a page (the default page's link is the app's root)."""
    suffix = "/" if path == "overview" else "/" + path
    return pg.locator(f'{SIDEBAR} a[href$="{suffix}"]').first


def open_by_link(pg, path: str) -> None:
    link(pg, path).click()
    pg.wait_for_url(re.compile(("/" if path == "overview" else "/" + path) + r"(\?|$)"))
    wait_for_app(pg, role=None)


def sign_in(pg) -> None:
    """Sign in with the demo administrator's button once the sign-in page shows (the first run of a
    fresh server takes a while), and wait for the page behind it."""
    pg.get_by_role("button", name=ADMIN, exact=True).wait_for(timeout=120000)
    wait_for_app(pg, timeout_ms=120000, role=ADMIN)
    pg.locator(f"{SIDEBAR} a").first.wait_for(timeout=60000)
    wait_for_app(pg, role=None)


def no_error(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0
    assert "页面出错" not in pg.inner_text(MAIN)
    assert "went wrong" not in pg.inner_text(MAIN)


def save_screenshot(pg, name: str, width: int = 1366, base_height: int = 768) -> None:
    """The whole page at `width`: the viewport grows to the main block's height for the picture
    (Streamlit scrolls inside the app, so a full-page shot alone would cut it at the viewport)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = pg.evaluate(f"() => document.querySelector('{MAIN}').scrollHeight")
    pg.set_viewport_size({"width": width, "height": max(base_height, min(int(height), 6000))})
    pg.wait_for_timeout(400)  # charts re-lay themselves out to the new size
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    pg.set_viewport_size({"width": width, "height": base_height})


@pytest.fixture(scope="module")
def session(browser, app_url):
    """One browser context for the module, every request of every tab recorded; signed in as admin."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    seen = Requests()
    ctx.on("request", lambda r: seen.append(r.url))
    pg = ctx.new_page()
    pg.goto(app_url + "/")
    sign_in(pg)
    state = {"page": pg, "ctx": ctx, "requests": seen, "url": app_url}
    yield state
    ctx.close()


def test_every_page_opens_runs_and_draws(session):
    pg = session["page"]
    hrefs = [a.get_attribute("href") for a in pg.locator(f"{SIDEBAR} a").all()]
    listed = {urlparse(h).path.strip("/") or "overview" for h in hrefs}
    assert listed == set(PAGES), hrefs  # the administrator sees every page, and no other
    opened = []
    for path, (label, draws) in PAGES.items():
        open_by_link(pg, path)
        main = pg.locator(MAIN)
        main.get_by_text(label).first.wait_for(timeout=60000)
        if draws == "plotly":
            pg.locator(f"{MAIN} {PLOTLY}").first.wait_for(timeout=60000)
            assert pg.locator(f"{MAIN} {PLOTLY}").count() > 0
        elif draws == "map":
            pg.locator(MAP_CANVAS).first.wait_for(timeout=60000)
        no_error(pg)
        save_screenshot(pg, path)
        opened.append(path)
    assert opened == list(PAGES)
    assert all((ARTIFACTS / f"{p}.png").stat().st_size > 10_000 for p in opened)


def test_filters_go_into_the_url_and_a_pasted_link_restores_them(session):
    pg = session["page"]
    open_by_link(pg, "overview")
    sidebar = pg.locator(SIDEBAR)
    sidebar.get_by_role("radio", name="月", exact=True).click()
    wait_for_app(pg, role=None)
    sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="区县").click()
    pg.get_by_role("option", name="官渡区", exact=True).click()
    wait_for_app(pg, role=None)
    main_text = pg.inner_text(MAIN)
    assert "官渡区 · 2026-11-01 – 2026-11-20" in main_text, main_text[:500]
    query = parse_qs(urlparse(pg.url).query)
    assert query.get("period") and query.get("district"), pg.url
    no_error(pg)

    # the link, pasted into a new tab: a new session, which asks to sign in, then shows the same view
    shared = pg.url
    tab = session["ctx"].new_page()
    tab.goto(shared)
    sign_in(tab)  # waits for the sign-in page's button: the new session is signed out
    restored = tab.inner_text(MAIN)
    assert "官渡区 · 2026-11-01 – 2026-11-20" in restored, restored[:500]
    assert parse_qs(urlparse(tab.url).query).get("period") == query["period"]
    assert parse_qs(urlparse(tab.url).query).get("district") == query["district"]
    no_error(tab)
    session["page"] = tab  # the rest goes on in the new tab, 官渡区 in November
    pg.close()


def test_tickets_drill_down_and_csv_download(session):
    pg = session["page"]
    pg.set_viewport_size({"width": 1366, "height": 2200})
    open_by_link(pg, "tickets")
    main = pg.locator(MAIN)
    main.get_by_role("heading", name="诉求与网格事件").wait_for(timeout=60000)
    pg.locator(f"{MAIN} {PLOTLY}").first.wait_for(timeout=60000)
    grid = main.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.click(position={"x": 18, "y": 35 + 17})  # the first row's selection cell
    wait_for_app(pg, role=None)
    found = re.search(r"问题大类：(\S+) · 受理\** — 共 ([\d,]+) 件", main.inner_text())
    assert found, main.inner_text()[-2000:]
    category, n = found.group(1), int(found.group(2).replace(",", ""))
    assert n > 0
    with pg.expect_download(timeout=90000) as download:
        main.get_by_role("button", name="下载 CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == n
    assert {r["问题大类"] for r in rows} == {category}
    assert all(r["上报时间"][:7] == "2026-11" for r in rows)  # the restored month
    no_error(pg)
    pg.set_viewport_size({"width": 1366, "height": 768})


def test_the_language_switches_to_english(session):
    pg = session["page"]
    pg.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
    wait_for_app(pg, role=None)
    sidebar = pg.inner_text(SIDEBAR)
    assert "Requests & tickets" in sidebar and "Period" in sidebar, sidebar[:800]
    assert "统计周期" not in sidebar
    assert parse_qs(urlparse(pg.url).query).get("district")  # the filters stay
    no_error(pg)


def test_nothing_left_localhost(session):
    assert len(session["requests"]) > 20
    assert session["requests"].outside() == []
