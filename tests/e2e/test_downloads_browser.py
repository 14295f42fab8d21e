"""Downloads in a real browser: the drawn page holds no /media/ address; a click builds the file for the
signed-in session, which gets it; the same address fetched afterwards from a fresh browser context,
without the session, gets nothing; the download is in the audit log."""

import re

from grassroots import auth
from tests.e2e.conftest import wait_for_app


def test_a_download_address_serves_the_session_once_and_nobody_else(page, browser, app_url, demo_db):
    page.goto(app_url + "/metrics")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    button = main.get_by_role("button", name="下载 CSV").first
    button.wait_for(timeout=60000)
    wait_for_app(page, role=None)  # the run that drew the button has ended: a click now is not lost to its end
    # nothing stored when the page was drawn: no address of the app's media store (the fonts are static)
    assert not re.search(r"(?<!/static)/media/[0-9a-f]{16}", page.content())
    exports_before = len(auth.Store.for_db(demo_db).audit(100_000, action="export"))

    with page.expect_download(timeout=60000) as got:
        button.click()
    download = got.value
    url = download.url
    body = open(download.path(), "rb").read()
    assert "/media/" in url and len(body) > 100  # the session got its file

    stranger = browser.new_context()
    try:
        answer = stranger.request.get(url)
        assert answer.status == 404 and b"," not in answer.body()
    finally:
        stranger.close()
    assert page.request.get(url).status == 404  # handed out once, even to the session's own cookies

    wait_for_app(page, role=None)
    rows = auth.Store.for_db(demo_db).audit(100_000, action="export")
    assert len(rows) == exports_before + 1 and rows[0]["target"].endswith(".csv")
    assert rows[0]["actor"].startswith("demo:")
