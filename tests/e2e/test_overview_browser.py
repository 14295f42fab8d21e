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


def test_the_sign_in_page_loads_the_overviews_code(page, app_url):
    """While the sign-in page is open the browser imports the overview's element code (grassroots.ui.preload):
    each module is fetched from the very address the app's own lazy import uses, so once signed in the
    overview fetches none of them again, and the script takes no room on the page."""
    from grassroots.ui import preload

    files = preload.files()
    assert "PlotlyChart" in " ".join(files)
    page.goto(app_url + "/")
    wait_for_app(page, role=None)
    page.wait_for_function(
        preload.FETCHED,
        arg=list(files),
        timeout=60000,
    )
    assert page.evaluate("() => window.__grassrootsPreload") is True
    assert page.locator(".st-key-preload").count() == 1 and not page.locator(".st-key-preload").is_visible()
    wait_for_app(page)  # signs in
    page.wait_for_selector(".js-plotly-plot", timeout=120000)
    assert page.locator('[data-testid="stMetric"]').count() >= 10
    for name in files:
        fetched = [u for u in page.requests if u.endswith("/static/js/" + name)]
        assert len(fetched) == 1, (name, fetched)
