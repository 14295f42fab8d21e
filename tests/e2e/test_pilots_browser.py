"""Pilot centres in a real browser: the overview's pilot card and progress (district and one street),
the coverage cards naming pilot and operating-centre coverage apart, and the 指标口径 page."""

import re

from tests.e2e.conftest import screenshot, wait_for_app


def open_page(page, url: str) -> str:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=120000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page.inner_text('[data-testid="stMain"]')


def metric_value(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_overview_pilot_card_adds_no_percent_target(page, app_url):
    text = open_page(page, app_url + "/overview")
    value = metric_value(page, "运行试点中心")
    operating, target = (int(x.replace(",", "")) for x in re.fullmatch(r"([\d,]+) / ([\d,]+)", value).groups())
    assert target == 12 + 17 + 18  # centre-count targets only; 荔城区's 100% is a share, listed apart
    assert "社区覆盖率目标 100% 不计入中心数" in text
    page.locator('[data-testid="stHeading"]').filter(has_text="试点建设进度").first.scroll_into_view_if_needed()
    screenshot(page, "pilots_overview_district")


def test_overview_pilots_follow_a_street(page, app_url):
    text = open_page(page, app_url + "/overview?district=荔城区&street=镇海街道")
    assert "区级目标：荔城区" in text and "上级区域的目标" in text  # the card caption and the table note
    assert "/" not in metric_value(page, "运行试点中心")  # no target of its own: the district's is named apart
    page.locator('[data-testid="stHeading"]').filter(has_text="试点建设进度").first.scroll_into_view_if_needed()
    screenshot(page, "pilots_overview_street")


def test_coverage_names_pilot_and_operating_coverage(page, app_url):
    text = open_page(page, app_url + "/coverage")
    assert "试点覆盖率" in text and "运行中心覆盖率" in text
    pilot = float(metric_value(page, "试点覆盖率").rstrip("%"))
    operating = float(metric_value(page, "运行中心覆盖率").rstrip("%"))
    assert pilot < operating
    page.locator('[data-testid="stMetric"]').filter(has_text="运行中心覆盖率").first.scroll_into_view_if_needed()
    screenshot(page, "pilots_coverage_cards")


def test_metrics_page(page, app_url):
    text = open_page(page, app_url + "/metrics")
    assert "指标口径" in text
    screenshot(page, "pilots_metrics_page")
