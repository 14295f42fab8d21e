"""Sign-in, scope and imported markup in a real browser.

- The demo database's sign-in page offers one-click roles and says it is demo data; a street's user
  who follows a link naming another street sees their own street.
- Names, titles and descriptions imported from files - a centre named <script>alert(1)</script>,
  an activity titled <b onmouseover=...>, a ticket with <img src=x onerror=...> - show as text on
  every page and in downloads; no dialog ever opens and no such element is ever made.
- A download is written to the audit log, which an administrator reads on the admin page.

Importing the markup files ends the demo database being one (its one-click sign-in goes), so on that
database the tests sign in with an administrator's account and password.
"""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from test_ingest_support import write_csv

from grassroots import auth
from grassroots.auth import audit
from grassroots.ingest import import_files
from tests.e2e.conftest import screenshot, serve, wait_for_app

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
BOLD = "<b onmouseover=alert(3)>讲座</b>"
FORMULA = '=HYPERLINK("http://example.com","点我")'
ADMIN_NAME, ADMIN_PASSWORD = "markup.admin", "Markup-admin-42"
JINMA_ANALYST = "以分析人员身份进入 · 金马街道"
# the filter bar's widgets carry their shown names in the URL
IN_JINMA = {"district": "官渡区", "street": "金马街道", "community": "金马社区"}


@pytest.fixture(scope="module")
def markup_url(demo_db, tmp_path_factory):
    """The demo database plus imported files whose text is markup, served on its own port."""
    folder = tmp_path_factory.mktemp("markup")
    path = folder / "markup.duckdb"
    shutil.copy(demo_db, path)
    files = [
        write_csv(
            folder / "服务中心台账.csv",
            [
                ["中心编码", "中心名称", "中心类型", "所属社区代码", "经度", "纬度", "状态", "建成日期"],
                ["X1", SCRIPT, "便民党群服务中心", "530111004003", "102.775", "25.043", "运行", "2026-01-01"],
                ["X2", IMG, "邻里中心", "530111004003", "102.778", "25.046", "运行", "2026-02-01"],
                ["X3", FORMULA, "邻里中心", "530111004007", "102.780", "25.050", "运行", "2026-03-01"],
            ],
        ),
        write_csv(
            folder / "活动台账.csv",
            [
                ["活动编号", "中心编码", "活动日期", "活动类别", "活动名称", "参与人次"],
                ["XA1", "X1", "2026-11-10", "居有所乐", BOLD, "12"],
            ],
        ),
        write_csv(
            folder / "诉求工单.csv",
            [
                ["工单编号", "问题大类", "社区代码", "上报时间", "状态", "诉求内容", "诉求人"],
                ["XT1", IMG, "530111004003", "2026-11-15 08:00", "办理中", SCRIPT, "<i>王</i>五"],
            ],
        ),
    ]
    reports = import_files(files, db=path)
    assert [r.status for r in reports] == ["loaded"] * 3, [r.message for r in reports]
    assert audit.record_import(path, "tests", reports, was_demo=True)  # the demo sign-in is off now
    auth.Store.for_db(path).add(ADMIN_NAME, "admin", auth.Scope(), password=ADMIN_PASSWORD, by="tests")
    with serve(path) as url:
        yield url, path


def sign_in(page) -> None:
    """Sign in on the sign-in page with the administrator's account (no demo buttons any more)."""
    wait_for_app(page, role=None)
    assert page.get_by_role("button", name="以管理员身份进入 · 全部地区").count() == 0
    page.get_by_label("用户名").fill(ADMIN_NAME)
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    wait_for_app(page, role=None)


def watch(page):
    """Record every dialog (alert, confirm, prompt) the page opens."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page, role=None)


def nothing_ran(page) -> None:
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("b[onmouseover]").count() == 0
    assert page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('alert(')).length") == 0


def test_the_demo_sign_in_page_and_a_street_link(page, app_url):
    page.goto(app_url + "/?" + urlencode({"district": "官渡区", "street": "关上街道"}))  # a link to 关上街道
    wait_for_app(page, role=None)
    assert "演示数据库" in page.inner_text('[data-testid="stMain"]')
    assert page.get_by_role("button", name=JINMA_ANALYST, exact=True).count() == 1
    assert page.locator('[data-testid="stMetric"]').count() == 0  # nothing before signing in
    screenshot(page, "signin_demo")
    wait_for_app(page, role=JINMA_ANALYST)
    sidebar = page.inner_text('[data-testid="stSidebar"]')
    assert "金马街道" in sidebar and "关上街道" not in sidebar
    assert page.locator('[data-testid="stMetric"]').count() >= 10
    assert "关上街道" not in parse_qs(urlparse(page.url).query).get("street", [])  # the link's street is gone
    screenshot(page, "signed_in_street_user")
    assert page.requests.outside() == []


@pytest.mark.parametrize(
    "path",
    ["/", "/centre?" + urlencode({**IN_JINMA, "centre": SCRIPT}), "/tickets", "/activities", "/coverage", "/explorer"],
)
def test_imported_markup_shows_as_text(page, markup_url, path):
    url, _ = markup_url
    dialogs = watch(page)
    page.goto(url + path)
    sign_in(page)
    page.mouse.move(400, 400)
    page.wait_for_timeout(300)
    assert page.locator('[data-testid="stException"]').count() == 0
    nothing_ran(page)
    assert dialogs == []
    if "centre=" in path:  # the chosen centre's name, in both pickers, as it was written
        pickers = page.get_by_role("combobox", name="服务中心").all()
        assert len(pickers) == 2 and {p.input_value() for p in pickers} == {SCRIPT}
    screenshot(page, "markup" + (path.split("?")[0].replace("/", "_") if path != "/" else "_overview"))


def test_the_filter_bar_shows_markup_names_as_text(page, markup_url):
    url, _ = markup_url
    dialogs = watch(page)
    page.goto(url + "/?" + urlencode({**IN_JINMA, "centre": IMG}))
    sign_in(page)
    assert page.get_by_role("combobox", name="服务中心").input_value() == IMG
    nothing_ran(page)
    assert dialogs == []


def test_downloads_keep_markup_as_text_and_are_audited(page, markup_url):
    url, path = markup_url
    page.goto(url + "/explorer")
    sign_in(page)
    choose(page, "数据表", "服务中心")
    with page.expect_download(timeout=90000) as info:
        page.get_by_role("button", name="下载 CSV").first.click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert SCRIPT in text and IMG in text
    assert "'" + FORMULA.replace('"', '""') in text  # a spreadsheet will not run it
    wait_for_app(page, role=None)
    row = auth.Store.for_db(path).audit(1, action="export")[0]
    assert row["target"] == "centres.csv" and row["actor"] == ADMIN_NAME
    page.goto(url + "/admin")
    sign_in(page)
    page.get_by_role("tab", name="审计日志").click()
    wait_for_app(page, role=None)
    assert "审计日志完整" in page.inner_text('[data-testid="stMain"]')
    screenshot(page, "admin_audit")
