"""Funnel plots, the why-it-moved waterfall and rank intervals in a real browser on the small demo
database: the tickets page's rates tab draws the funnel of each rate and the waterfall, the assessment
page its percent indicators' funnels and its red list (its ranks carry their intervals, drawn in the
grid's canvas: see the screenshot). Nothing is requested from outside localhost."""

import re

from tests.e2e.conftest import open_signed_in, screenshot, wait_for_app
from tests.e2e.test_tickets_browser import open_tickets_tab


def test_tickets_rates_tab_draws_the_funnel(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 2400})
    main = open_tickets_tab(page, app_url, "三率与排名")
    heading = main.get_by_role("heading", name="漏斗图：差异是偶然还是异常")
    heading.wait_for(timeout=60000)
    text = main.inner_text()
    assert "95% 控制限" in text and "99.8% 控制限" in text and re.search(r"总体比率 \d+\.\d%", text)
    main.get_by_role("heading", name="按时办结率为何变化：各单位的贡献").wait_for(timeout=60000)
    charts = main.locator('[data-testid="stPlotlyChart"]')
    funnel, waterfall = charts.nth(charts.count() - 2), charts.last  # the rates tab ends with the two
    for chart, name in ((funnel, "tickets_funnel_chart"), (waterfall, "tickets_waterfall_chart")):
        chart.scroll_into_view_if_needed()
        chart.locator(".main-svg").first.wait_for(timeout=60000)
        chart.screenshot(path=str(screenshot(page, "tickets_funnel").with_name(f"{name}.png")))
    assert re.search(r"上期 \d+\.\d% → 本期 \d+\.\d%", main.inner_text())
    for rate in ("满意率", "结案率", "响应率"):
        main.get_by_role("radio", name=rate, exact=True).last.click()
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0
    assert not page.requests.outside()


def test_assessment_page_funnels_and_rank_intervals(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 3600})
    main = open_signed_in(page, app_url, "assessment")
    main.get_by_role("heading", name="百分比指标漏斗图").wait_for(timeout=60000)
    assert page.locator('[data-testid="stException"]').count() == 0
    lists = main.locator('[data-testid="stDataFrame"]').first
    lists.scroll_into_view_if_needed()
    lists.screenshot(path=str(screenshot(page, "assessment_funnel").with_name("assessment_red_list.png")))
    # the last chart shown: the first funnel tab's (the other tabs' charts are hidden)
    chart = main.locator('[data-testid="stPlotlyChart"] >> visible=true').last
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for(timeout=60000)
    assert "99.8% 控制限" in chart.inner_text() or "99.8% 控制限" in main.inner_text()
    screenshot(page, "assessment_funnel")
    chart.screenshot(path=str(screenshot(page, "assessment_funnel").with_name("assessment_funnel_chart.png")))
    assert not page.requests.outside()
