"""Browser tests: the app served by `streamlit run` on a free port, driven by Playwright in Debian's
chromium. Every request the page makes is recorded; tests assert none leaves localhost.

The app asks every new session to sign in. On the demo database `wait_for_app` clicks the one-click
demo role (`DEMO_ROLE`, an analyst who sees every region) when the sign-in page shows."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from grassroots.bench_serving import served

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
DEMO_ROLE = "以分析人员身份进入 · 全部地区"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    from tests.demo_cache import demo_copy

    return demo_copy(tmp_path_factory.mktemp("e2e") / "demo.duckdb")


SERVERS: dict[str, tuple[int, Path]] = {}  # URL -> (the app's process id, its log)


@contextlib.contextmanager
def serve(db_path: Path):
    """The app with its scheduler on a free port over the database `db_path`; yields its URL."""
    with served(db_path, scheduler=True) as (url, pids):
        SERVERS[url] = (pids[0], db_path.with_name("serve.log"))
        try:
            yield url
        finally:
            SERVERS.pop(url, None)


@pytest.fixture(scope="session")
def app_url(demo_db) -> str:
    with serve(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make system-deps` (scripts/install_system_deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Requests(list):
    def outside(self) -> list[str]:
        return [u for u in self if urlparse(u).hostname not in LOCAL_HOSTS and not u.startswith(("data:", "blob:"))]


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = ctx.new_page()
    seen = Requests()
    pg.on("request", lambda r: seen.append(r.url))
    pg.requests = seen
    yield pg
    ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report shows what its page showed (and keeps a screenshot of it)."""
    report = yield
    pg = item.funcargs.get("page") if report.when == "call" and report.failed else None
    if pg is not None:
        with contextlib.suppress(Exception):
            shot = screenshot(pg, "failed_" + item.name)
            text = pg.locator("body").inner_text(timeout=5000)[:3000]
            report.sections.append(("the page", f"{pg.url} (screenshot {shot.name})\n{text}"))
        with contextlib.suppress(Exception):
            report.sections.append(("the app's threads", _threads(pg.url)))
    return report


def _threads(url: str) -> str:
    """What the app serving `url` is doing: its log after it printed every thread's stack (SIGUSR1)."""
    server = next((v for k, v in SERVERS.items() if url.startswith(k)), None)
    if server is None:
        return "(not a server of these tests)"
    pid, log = server
    before = log.stat().st_size
    os.kill(pid, signal.SIGUSR1)
    time.sleep(1.5)
    with open(log, "rb") as f:
        f.seek(before)
        dump = f.read().decode("utf-8", "replace")
    # one block per thread; the file watchers' idle threads say nothing
    blocks = re.split(r"\n(?=Thread 0x|Current thread 0x)", dump)
    return "\n".join(b for b in blocks if "/watchdog/" not in b)[-20000:]


def wait_for_app(pg, timeout_ms: int = 60000, role: str | None = DEMO_ROLE) -> None:
    """Wait until the script has finished running (Streamlit's running indicator is gone). On the
    demo database's sign-in page, sign in first with the demo button `role` (None: stay there)."""
    _idle(pg, timeout_ms)
    if role:
        _sign_in(pg, pg.get_by_role("button", name=role, exact=True), timeout_ms)


def _sign_in(pg, button, timeout_ms: int, tries: int = 3) -> None:
    """Click the sign-in page's `button` until the page is gone: on a loaded machine a click can land
    while its run is still drawing the page and be lost, which left a test waiting on the sign-in page."""
    for _ in range(tries):
        if not button.count():
            return
        if pg.get_by_role("dialog").count():  # e.g. "Page not found" for /overview, the default page's "/"
            pg.keyboard.press("Escape")
        button.first.click()
        _idle(pg, timeout_ms)
    assert not button.count(), f"still on the sign-in page after {tries} clicks"


def open_signed_in(pg, app_url: str, path: str, button: str = DEMO_ROLE, timeout_ms: int = 60000):
    """Open the app's page `path` and, when the demo database's sign-in page shows, sign in with the first
    demo button whose name holds `button` (e.g. "以组织部身份进入"); returns the page's main area."""
    pg.goto(f"{app_url}/{path}")
    wait_for_app(pg, timeout_ms, role=None)
    _sign_in(pg, pg.get_by_role("button", name=button), timeout_ms)
    return pg.locator('[data-testid="stMain"]')


def _idle(pg, timeout_ms: int) -> None:
    """Not running and the page unchanged for 0.7 s on end: a click's rerun may not have begun when
    the state first reads 'notRunning', and elements still arrive for a moment after a run ends."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    pg.evaluate("() => { window.__idleSince = null; window.__idleSize = -1; }")
    pg.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   const size = document.getElementsByTagName('*').length;
                   const idle = a && a.getAttribute('data-test-script-state') === 'notRunning'
                       && document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')
                       && size === window.__idleSize;
                   window.__idleSize = size;
                   if (!idle) { window.__idleSince = null; return false; }
                   window.__idleSince = window.__idleSince || Date.now();
                   return Date.now() - window.__idleSince > 700; }""",
        timeout=timeout_ms,
        polling=100,
    )


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
