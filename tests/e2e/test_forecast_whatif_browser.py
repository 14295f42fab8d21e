"""The backlog forecast and the what-if weights in a real browser on the small demo database: the
tickets page's backlog tab draws the forecast (history solid, forecast dashed, its band shaded) with
its model and backtest; on the assessment page a weight set to 0 shows the trial's ranks and shifts.
Nothing is requested from outside localhost."""

import re

from tests.e2e.conftest import open_signed_in, screenshot, wait_for_app
from tests.e2e.test_tickets_browser import open_tickets_tab


def test_the_backlog_tab_draws_the_forecast(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 3000})
    main = open_tickets_tab(page, app_url, "积压与生存分析")
    main.get_by_role("heading", name="未来四周受理与积压预测").wait_for(timeout=90000)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = main.inner_text()
    assert "模型：" in text and re.search(r"80% 区间覆盖了 \d+\.\d% 的实际受理周", text)
    chart = main.locator('[data-testid="stPlotlyChart"]').last
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for(timeout=60000)
    assert "预测" in chart.inner_text()
    chart.screenshot(path=str(screenshot(page, "tickets_forecast").with_name("tickets_forecast_chart.png")))
    assert not page.requests.outside()


def test_assessment_what_if_weights(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 3600})
    main = open_signed_in(page, app_url, "assessment")
    main.get_by_role("heading", name="权重试算（不保存）").wait_for(timeout=60000)
    weight = main.get_by_role("spinbutton", name="微心愿认领率（满分 5）")
    weight.fill("4")
    weight.press("Enter")
    wait_for_app(page)
    main.get_by_text("试算总分满分 115").wait_for(timeout=60000)
    assert page.locator('[data-testid="stException"]').count() == 0
    section = main.get_by_role("heading", name="权重试算（不保存）")
    section.scroll_into_view_if_needed()
    chart = main.locator('[data-testid="stPlotlyChart"]').last
    chart.locator(".main-svg").first.wait_for(timeout=60000)
    screenshot(page, "assessment_whatif")
    table = main.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    box_t, box_c = table.bounding_box(), chart.bounding_box()
    top = min(box_t["y"], box_c["y"]) - 220
    bottom = max(box_t["y"] + box_t["height"], box_c["y"] + box_c["height"])
    page.screenshot(
        path=str(screenshot(page, "assessment_whatif").with_name("assessment_whatif_view.png")),
        clip={"x": 0, "y": top, "width": 1366, "height": bottom - top + 10},
        full_page=True,
    )
    assert not page.requests.outside()
