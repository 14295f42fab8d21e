"""Links in a real browser on the small demo database: a link pasted into a fresh session shows the
sign-in page with no dialog over it, then, once signed in, the linked page with the link's filters;
a centre clicked on the coverage map opens its profile."""

from __future__ import annotations

import io
import time
from urllib.parse import parse_qs, quote, urlparse

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, wait_for_app

ANALYST = "以分析人员身份进入 · 全部地区"
SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'
MAP = '[data-testid="stDeckGlJsonChart"]'
NOVEMBER = "全部地区 · 2026-11-01 – 2026-11-20"  # the demo data's last month, up to its as-of day


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def no_error(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0
    assert "页面出错" not in pg.inner_text(MAIN)


@pytest.mark.parametrize("path,heading", [("tickets", "诉求与网格事件"), ("overview", "总览"), ("centre", "中心画像")])
def test_a_pasted_link_opens_behind_the_sign_in_page_without_a_dialog(browser, app_url, path, heading):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")  # a fresh session
    pg = ctx.new_page()
    try:
        pg.goto(f"{app_url}/{path}?period={quote('月')}")
        wait_for_app(pg, timeout_ms=120000, role=None)
        button = pg.get_by_role("button", name=ANALYST, exact=True)
        button.wait_for(timeout=60000)
        pg.wait_for_timeout(1000)  # a dialog would have arrived with the first run
        assert pg.locator('[role="dialog"]').count() == 0
        assert "Page not found" not in pg.inner_text("body")
        shot(pg, f"pasted_link_{path}_signin")
        button.click(timeout=5000)  # not held up by anything over it
        wait_for_app(pg, timeout_ms=120000, role=None)
        pg.locator(MAIN).get_by_role("heading", name=heading).first.wait_for(timeout=60000)
        wait_for_app(pg, role=None)
        assert urlparse(pg.url).path.rstrip("/").endswith("/" + path)
        assert parse_qs(urlparse(pg.url).query).get("period") == ["月"]  # the link's filter, kept
        assert pg.locator(SIDEBAR).get_by_role("radio", name="月", exact=True).is_checked()
        if path != "centre":  # the profile names the window its own way
            assert NOVEMBER in pg.inner_text(MAIN)
        else:
            assert "2026-11-01 – 2026-11-20" in pg.inner_text(MAIN)
        assert pg.locator('[role="dialog"]').count() == 0
        no_error(pg)
        shot(pg, f"pasted_link_{path}_opened")
    finally:
        ctx.close()


def _map_pixels(pg) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(pg.locator(MAP).first.screenshot())).convert("RGB")).astype(int)


def _centre_dots(px: np.ndarray) -> list[tuple[int, int]]:
    """Middles of operating centres' dots (31, 119, 180): pixels whose 5 x 5 neighbourhood is that blue."""
    near = np.abs(px - np.array([31, 119, 180])).sum(-1) < 40
    out = []
    for y, x in zip(*np.nonzero(near)):
        if near[max(0, y - 2) : y + 3, max(0, x - 2) : x + 3].all() and all(
            abs(x - a) + abs(y - b) > 12 for a, b in out
        ):
            out.append((int(x), int(y)))
    return out


def test_a_centre_clicked_on_the_map_opens_its_profile(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 1000})
    page.goto(app_url + "/coverage")
    wait_for_app(page, timeout_ms=120000)
    page.locator(f"{MAP} canvas").first.wait_for(timeout=90000)
    for layer in ("行政边界", "服务圈", "社区覆盖"):  # the centres alone, so a dot is a centre
        page.get_by_role("button", name=layer, exact=True).click()
        wait_for_app(page, role=None)
    deadline, dots = time.monotonic() + 60, []
    while not dots and time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        dots = _centre_dots(_map_pixels(page))
    assert dots, "no centre drawn on the map"
    box = page.locator(MAP).first.bounding_box()
    tip = page.locator(".deck-tooltip")
    for x, y in dots[:10]:  # the first dot that is one centre alone
        page.mouse.move(box["x"] + x, box["y"] + y)
        try:
            tip.first.wait_for(state="visible", timeout=5000)
        except Exception:  # noqa: BLE001 - not over a point after all
            continue
        name = tip.first.inner_text().splitlines()[0].strip()
        if name:
            break
    else:
        pytest.fail("no centre's tooltip on the map")
    page.mouse.click(box["x"] + x, box["y"] + y)
    main = page.locator(MAIN)
    main.get_by_role("heading", name="中心画像").first.wait_for(timeout=60000)
    wait_for_app(page, role=None)
    picker = main.locator('[data-testid="stSelectbox"]').first  # 服务中心: the centre shown
    shown = picker.inner_text() + " " + " ".join(i.input_value() for i in picker.locator("input").all())
    assert name in shown, (name, shown)
    no_error(page)
    shot(page, "map_click_profile")
