"""The tickets page in a real browser on the small demo database: it draws, a filter changes its
numbers, a click on a table row drills down to the tickets behind it, and the CSV download holds
exactly those tickets, masked. Nothing is requested from outside localhost."""

import csv
import io
import re

import pandas as pd

from tests.e2e.conftest import open_signed_in, screenshot, wait_for_app


def open_tickets(page, app_url):
    """Open the page's link and sign in as the demo analyst (everything in scope): the link survives."""
    main = open_signed_in(page, app_url, "tickets")
    main.get_by_role("heading", name="诉求与网格事件").wait_for(timeout=60000)
    return main


def open_tickets_tab(page, app_url, tab: str):
    """open_tickets, then the tab named `tab`."""
    main = open_tickets(page, app_url)
    page.get_by_role("tab", name=tab).click()
    wait_for_app(page)
    return main


def metric(main, label: str) -> str:
    card = main.locator('[data-testid="stMetric"]').filter(has=main.page.get_by_text(label, exact=True)).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_tickets_page_filter_drill_down_and_download(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 2200})
    main = open_tickets(page, app_url)
    assert page.locator('[data-testid="stException"]').count() == 0
    main.locator('[data-testid="stMetric"]').nth(17).wait_for(timeout=60000)
    assert main.locator('[data-testid="stMetric"]').count() >= 18
    charts = main.locator('[data-testid="stPlotlyChart"]')
    charts.nth(1).locator(".main-svg").first.wait_for(timeout=60000)  # the flow chart and the group bars drew
    assert charts.count() >= 2
    year_received = int(metric(main, "诉求受理").replace(",", ""))
    screenshot(page, "tickets")

    # a filter: the month instead of the year
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="月", exact=True).click()
    wait_for_app(page)
    assert "2026-11-01 – 2026-11-20" in main.inner_text()
    month_received = int(metric(main, "诉求受理").replace(",", ""))
    assert 0 < month_received < year_received

    # drill down: click the first row of the table by category (its row-selection cell)
    grid = main.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.click(position={"x": 18, "y": 35 + 17})
    wait_for_app(page)
    text = main.inner_text()
    found = re.search(r"问题大类：(\S+) · 受理\** — 共 ([\d,]+) 件", text)
    assert found, text[-2000:]
    category, n = found.group(1), int(found.group(2).replace(",", ""))
    assert 0 < n <= month_received
    screenshot(page, "tickets_drill")

    with page.expect_download(timeout=90000) as download:
        main.get_by_role("button", name="下载 CSV").click()
    body = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == n
    assert {r["问题大类"] for r in rows} == {category}
    assert all(r["上报时间"][:7] == "2026-11" for r in rows)
    assert {r["状态"] for r in rows} <= {"已结案", "未结"}  # received: no cancelled or duplicates
    phones = [r["联系电话"] for r in rows if r["联系电话"]]
    assert phones and all(re.fullmatch(r"\d{3}\*+\d{4}", p) for p in phones)  # an analyst sees them masked
    wait_for_app(page, role=None)  # the first download's audit reran the page: let it settle
    with page.expect_download(timeout=90000) as download:
        main.get_by_role("button", name="下载 Excel").click()
    sheet = pd.read_excel(download.value.path(), dtype=str)
    assert len(sheet) == n and set(sheet["工单编号"]) == {r["工单编号"] for r in rows}
    assert page.requests.outside() == []
