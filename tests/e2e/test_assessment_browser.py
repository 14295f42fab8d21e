"""The assessment page and the explorer in a real browser on the small demo database: signed in as
the organisation department, the scorecard draws, the workbook and the PDF download from the page
and open; the console refuses a file read; nothing leaves localhost."""

import re
import subprocess

import openpyxl

from tests.e2e.conftest import open_signed_in, screenshot, wait_for_app


def test_assessment_exports_from_the_page(page, app_url, tmp_path):
    open_signed_in(page, app_url, "assessment", "以组织部身份进入")
    main = page.locator('[data-testid="stMain"]')
    assert "考核评估" in main.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 4
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30000)
    screenshot(page, "assessment")
    page.get_by_text("得分计算过程", exact=True).scroll_into_view_if_needed()
    screenshot(page, "assessment_drill")

    with page.expect_download(timeout=60000) as got:
        page.get_by_role("button", name="下载考核结果 Excel").click()
    xlsx = tmp_path / got.value.suggested_filename
    got.value.save_as(xlsx)
    assert xlsx.suffix == ".xlsx"
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["考核结果"]
    assert ws["A1"].value.startswith("官渡区") and "考核结果" in ws["A1"].value  # the demo org_dept's district
    assert ws.freeze_panes == "C5"
    assert ws.max_row > 5 and isinstance(ws["H5"].value, (int, float))
    assert wb.sheetnames == ["考核结果", "红黑榜", "指标说明", "数据来源"]

    wait_for_app(page, role=None)  # the first download's audit reran the page: let it settle
    with page.expect_download(timeout=120000) as got:
        page.get_by_role("button", name="下载打印版 PDF").click()
    pdf = tmp_path / got.value.suggested_filename
    got.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "官渡区" in text and "考核结果" in text
    assert page.requests.outside() == []


def test_console_refuses_in_the_browser(page, app_url):
    open_signed_in(page, app_url, "explorer", "以分析人员身份进入")
    page.get_by_role("tab", name="SQL 控制台").click()
    page.get_by_label("SQL 查询").fill("select * from read_csv('/etc/passwd')")
    page.get_by_role("button", name="运行", exact=True).click()
    wait_for_app(page)
    alert = page.locator('[data-testid="stAlertContentError"]')
    alert.first.wait_for(timeout=30000)
    assert "read_csv" in alert.first.inner_text()
    page.get_by_label("SQL 查询").fill("select type, count(*) as n from centres group by all order by n desc")
    page.get_by_role("button", name="运行", exact=True).click()
    wait_for_app(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert re.search(r"结果 [1-9]\d* 行", text)  # the grid itself draws on a canvas
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    screenshot(page, "explorer_console")
    assert page.requests.outside() == []
