"""Hot spots in a real browser on the small demo database (its planted stories, grassroots/demo/stories.py):
the tickets page's tab lists the spikes with their keywords, the repeats and the 未诉先办 candidates,
and drills down; the coverage map's hot-spot layer draws rings whose tooltip gives the expectation.
Nothing is requested from outside localhost."""

import io
import re
import time

import numpy as np
from PIL import Image

from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_tickets_browser import open_tickets

MAP = '[data-testid="stDeckGlJsonChart"]'


def test_hotspot_tab_lists_spikes_repeats_and_candidates(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 2400})
    main = open_tickets(page, app_url)
    main.get_by_role("tab", name="热点与重复诉求").click()
    wait_for_app(page)
    main.get_by_text("未诉先办候选（每月一题）").wait_for(timeout=90000)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = main.inner_text()
    # the year's planted spikes, with the words that say what they are about
    for place in ("双桥社区", "新二村社区", "季官社区"):
        assert place in text, place
    assert "电梯故障" in text and "垃圾清运" in text and "电动车充电桩" in text
    grids = main.locator('[data-testid="stDataFrame"]')
    assert grids.count() >= 4
    # repeats: the lift of 双桥社区 came back after its ticket was closed
    rep = re.search(r"结案后再诉\s*\n?\s*([\d,]+)", text)
    assert rep and int(rep.group(1).replace(",", "")) >= 2, text[:3000]
    assert main.locator('[data-testid="stPlotlyChart"]').count() >= 1
    screenshot(page, "tickets_hotspots")

    # drill down: the first hot spot's row (its row-selection cell) lists its tickets
    grids.first.scroll_into_view_if_needed()
    grids.first.click(position={"x": 18, "y": 35 + 17})
    wait_for_app(page)
    found = re.search(r"\d{4}年\d{1,2}月 (\S+) · (\S+) · 受理\** — 共 ([\d,]+) 件", main.inner_text())
    assert found, main.inner_text()[-3000:]
    assert int(found.group(3).replace(",", "")) >= 5  # never fewer than the minimum count
    screenshot(page, "tickets_hotspots_drill")
    assert page.requests.outside() == []


def _pixels(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.locator(MAP).first.screenshot())).convert("RGB")).astype(int)


def _magenta(px: np.ndarray) -> np.ndarray:
    """The hot-spot rings' colour (230, 0, 126)."""
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return (r - g > 130) & (b - g > 60) & (r > 180)


def test_coverage_map_hotspot_layer_draws_with_its_expectation(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 1100})
    page.goto(app_url + "/coverage")
    wait_for_app(page, role=None)
    page.get_by_role("button", name="以区领导身份进入").first.click()  # 官渡区: 双桥, 新二村 and 季官 are there
    wait_for_app(page)
    page.locator(f"{MAP} canvas").first.wait_for(timeout=90000)
    page.wait_for_timeout(1500)
    assert _magenta(_pixels(page)).sum() < 5  # off by default
    page.get_by_role("button", name="热点诉求", exact=True).click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    deadline = time.monotonic() + 60
    while True:
        px = _pixels(page)
        mask = _magenta(px)
        if mask.sum() > 30 or time.monotonic() > deadline:
            break
        page.wait_for_timeout(1000)
    assert mask.sum() > 30, "no hot-spot ring drawn"
    main = page.locator('[data-testid="stMain"]')
    assert "热点诉求图层" in main.inner_text()
    screenshot(page, "coverage_hotspots")

    # the tooltip over a ring gives the count, the expectation and p
    box = page.locator(MAP).first.bounding_box()
    tip = page.locator(".deck-tooltip")
    for y, x in list(zip(*np.nonzero(mask)))[::7][:40]:
        page.mouse.move(box["x"] + float(x), box["y"] + float(y))
        page.wait_for_timeout(250)
        if tip.count() and tip.first.is_visible() and "热点诉求" in tip.first.inner_text():
            break
    body = tip.first.inner_text()
    assert "热点诉求" in body and "预期" in body and re.search(r"p (=|<) ", body), body
    screenshot(page, "coverage_hotspots_tip")
    assert page.requests.outside() == []
