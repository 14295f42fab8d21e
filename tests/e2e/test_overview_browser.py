"""The overview in a real browser: it draws, it carries its filters in the URL, nothing leaves localhost."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import screenshot, wait_for_app


def test_overview_draws_and_stays_local(page, app_url):
    page.goto(app_url + "/overview")
    wait_for_app(page)
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() >= 10
    assert "活动场次" in page.inner_text('[data-testid="stMain"]')
    assert page.locator('[data-testid="stException"]').count() == 0
    shot = screenshot(page, "overview")
    assert shot.stat().st_size > 20_000
    assert page.requests.outside() == []


def test_filters_live_in_the_url(page, app_url):
    page.goto(app_url + "/overview")
    wait_for_app(page)
    page.get_by_role("button", name="月", exact=True).click()
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("period") == ["月"]
    # a pasted link restores the view
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    wait_for_app(page)
    caption = page.inner_text('[data-testid="stMain"]')
    assert "2026-11-01 – 2026-11-20" in caption
