"""The overview in a real browser: it draws, it carries its filters in the URL, nothing leaves localhost."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import screenshot, wait_for_app


def test_overview_draws_and_stays_local(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=120000)
    wait_for_app(page)
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() >= 10
    assert "活动场次" in page.inner_text('[data-testid="stMain"]')
    assert page.locator('[data-testid="stException"]').count() == 0
    shot = screenshot(page, "overview")
    assert shot.stat().st_size > 20_000
    assert page.requests.outside() == []


def test_filters_live_in_the_url(page, app_url):
    """Choosing the month period shows in the URL and in the page's caption (a pasted link restoring the
    view after a new sign-in is proven in test_whole_app_browser.py)."""
    page.goto(app_url + "/")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=120000)
    page.get_by_role("radio", name="月", exact=True).click(timeout=60000)  # the period segmented control
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('period=')", timeout=30000)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("period") == ["月"]
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes('2026-11-01 – 2026-11-20')",
        timeout=30000,
    )
