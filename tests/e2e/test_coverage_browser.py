"""The coverage map in a real browser on the small demo database, signed in as the district leader
of 官渡区: the deck.gl canvas draws boundaries, circles, centres and communities over the blank local
style; layers switch on and off; nothing is requested from outside localhost."""

import io
import time

import numpy as np
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, screenshot, wait_for_app

MAP = '[data-testid="stDeckGlJsonChart"]'
BACKGROUND = np.array([243, 241, 236])  # static/blank_style.json


def map_pixels(page) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(page.locator(MAP).first.screenshot())).convert("RGB")).astype(int)


def drawn(px: np.ndarray) -> float:
    """Share of the map's pixels that are neither the blank background nor white."""
    plain = (np.abs(px - BACKGROUND).sum(-1) < 10) | (px.sum(-1) > 750)
    return float(1 - plain.mean())


def greenish(px: np.ndarray) -> int:
    """Pixels of the 'covered community' green (26, 152, 80), blended or not."""
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return int(((g - r > 40) & (g - b > 25)).sum())


def green_dot(px: np.ndarray) -> tuple[float, float]:
    """The middle of a covered community's dot: a pixel whose 5 x 5 neighbourhood is all green."""
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    mask = (g - r > 60) & (g - b > 30)
    for y, x in zip(*np.nonzero(mask)):
        if mask[max(0, y - 2) : y + 3, max(0, x - 2) : x + 3].all():
            return float(x), float(y)
    raise AssertionError("no community dot on the map")


def wait_for_map(page, check, timeout_s: float = 90) -> np.ndarray:
    """The map's pixels once `check(pixels)` holds (deck.gl draws after the page has run)."""
    page.locator(f"{MAP} canvas").first.wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while True:
        px = map_pixels(page)
        if check(px) or time.monotonic() > deadline:
            return px
        page.wait_for_timeout(1000)


def test_coverage_map_draws_toggles_and_stays_local(page, app_url):
    page.goto(app_url + "/coverage")
    wait_for_app(page, role=None)  # stay on the sign-in page: this test picks its own role
    page.get_by_role("button", name="以区领导身份进入").first.click()
    wait_for_app(page)
    page.locator('[data-testid="stMetric"]').nth(4).wait_for(timeout=60000)
    main = page.locator('[data-testid="stMain"]')
    assert "试点覆盖与服务圈" in main.inner_text() and "服务圈覆盖人口" in main.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 5  # pilot and operating-centre coverage apart

    px = wait_for_map(page, lambda p: drawn(p) > 0.02 and greenish(p) > 50)
    (ARTIFACTS / "coverage_map.png").parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(px.astype(np.uint8)).save(ARTIFACTS / "coverage_map.png")
    assert drawn(px) > 0.02, "the deck.gl canvas stayed blank"
    assert greenish(px) > 50, "no covered community drawn"
    # the blank style's own background shows: the base map came from the app, not from tiles
    assert (np.abs(px - BACKGROUND).sum(-1) < 10).mean() > 0.3
    screenshot(page, "coverage")

    # a tooltip in the interface language over a community
    x, y = green_dot(px)
    box = page.locator(MAP).first.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = page.locator(".deck-tooltip")
    tip.first.wait_for(timeout=15000)
    assert "常住人口" in tip.first.inner_text() and "服务圈覆盖" in tip.first.inner_text()
    page.mouse.move(box["x"] - 50, box["y"] - 50)

    # switch the communities layer off: their green goes; switch it back on: it returns
    page.get_by_role("button", name="社区覆盖", exact=True).click()
    wait_for_app(page)
    off = wait_for_map(page, lambda p: greenish(p) < 10)
    assert greenish(off) < 10 and drawn(off) > 0.01  # centres and circles remain
    page.get_by_role("button", name="社区覆盖", exact=True).click()
    wait_for_app(page)
    on = wait_for_map(page, lambda p: greenish(p) > 50)
    assert greenish(on) > 50

    # the density layer (hexagons aggregated in the database) draws too
    page.get_by_role("button", name="密度", exact=True).click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    dense = wait_for_map(page, lambda p: drawn(p) > drawn(on) * 1.2)
    assert drawn(dense) > drawn(on)
    screenshot(page, "coverage_density")

    assert page.requests.outside() == []
