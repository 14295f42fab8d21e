"""The wall screen (?screen=1) at 1920x1080 in a real browser: no sidebar or Streamlit chrome, KPI
values readable across a room, a running clock, and the next screen when the first one's time is up."""

import pytest

from grassroots import config
from tests.e2e.conftest import screenshot, wait_for_app

FAST_S = 6  # this test's wall: six seconds a screen (?seconds=6)


@pytest.fixture
def wall(browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_wall_screen_is_large_and_bare(wall, app_url):
    wall.goto(app_url + "/?screen=1")
    wait_for_app(wall)
    wall.wait_for_selector('[data-testid="stMetricValue"]', timeout=120000)
    wait_for_app(wall)
    assert "大屏" in wall.inner_text("h1")
    # no sidebar, no header or toolbar: present in the page perhaps, but not shown
    for testid in ("stSidebar", "stHeader", "stToolbar", "stSidebarCollapsedControl"):
        assert not any(e.is_visible() for e in wall.locator(f'[data-testid="{testid}"]').all()), testid
    sizes = wall.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
        .map(e => parseFloat(getComputedStyle(e.querySelector('div') || e).fontSize))""")
    assert len(sizes) == 10 and min(sizes) >= 48, sizes
    main = wall.inner_text('[data-testid="stMain"]')
    assert "诉求受理" in main and "试点建设进度" in main and "红榜" in main
    clock = wall.locator("#gr-screen-clock")
    first = clock.inner_text()
    wall.wait_for_timeout(1500)
    assert clock.inner_text() != first  # the clock runs in the browser
    shot = screenshot(wall, "screen_overview")
    overflow = wall.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
        return m.scrollHeight - m.clientHeight; }""")
    assert overflow <= 0, f"the overview screen runs {overflow} px past 1080"  # one screen, no scrolling
    assert shot.stat().st_size > 20_000
    assert wall.locator('[data-testid="stException"]').count() == 0

    # "next screen in 30 s" from app.toml; the turns themselves on a wall that sets its own pace (?seconds=)
    cfg = config.app()
    assert f"每 {cfg.screen_rotate_seconds} 秒轮换" in main


def test_the_screens_take_turns_by_themselves(wall, app_url):
    """When a screen's time is up, the timer moves the wall to the next one, round to the first again."""
    cfg = config.app()
    pages = cfg.screen_pages
    wall.goto(app_url + f"/?screen=1&seconds={FAST_S}")
    wait_for_app(wall)
    titles = {"overview": "· 总览", "tickets": "· 诉求办理", "coverage": "· 试点覆盖"}
    marks = {"overview": "红榜", "tickets": "受理与办结", "coverage": "服务圈"}
    assert f"每 {FAST_S} 秒轮换" in wall.inner_text('[data-testid="stMain"]')  # the caption says this wall's pace
    for page in [*pages[1:], pages[0]] if len(pages) > 1 else []:
        wall.wait_for_function(
            f"() => document.querySelector('h1').innerText.includes({titles[page]!r})",
            timeout=FAST_S * 1000 + 60000,
        )
        wait_for_app(wall)
        if page == "coverage":
            wall.wait_for_selector('[data-testid="stDeckGlJsonChart"]', timeout=60000)
        assert marks[page] in wall.inner_text('[data-testid="stMain"]')
        assert wall.locator('[data-testid="stException"]').count() == 0
        screenshot(wall, f"screen_{page}")
