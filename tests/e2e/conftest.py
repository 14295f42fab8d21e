"""Browser tests: the app served by `streamlit run` on a free port, driven by Playwright in Debian's
chromium. Every request the page makes is recorded; tests assert none leaves localhost.

The app asks every new session to sign in. On the demo database `wait_for_app` clicks the one-click
demo role (`DEMO_ROLE`, an analyst who sees every region) when the sign-in page shows."""

from __future__ import annotations

import contextlib
import shutil
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


@contextlib.contextmanager
def serve(db_path: Path):
    """The app with its scheduler on a free port over the database `db_path`; yields its URL."""
    with served(db_path, scheduler=True) as (url, _pids):
        yield url


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


def wait_for_app(pg, timeout_ms: int = 60000, role: str | None = DEMO_ROLE) -> None:
    """Wait until the script has finished running (Streamlit's running indicator is gone). On the
    demo database's sign-in page, sign in first with the demo button `role` (None: stay there)."""
    _idle(pg, timeout_ms)
    button = pg.get_by_role("button", name=role, exact=True) if role else None
    if button is not None and button.count():
        if pg.get_by_role("dialog").count():  # e.g. "Page not found" for /overview, the default page's "/"
            pg.keyboard.press("Escape")
        button.click()
        _idle(pg, timeout_ms)


def open_signed_in(pg, app_url: str, path: str, button: str = DEMO_ROLE, timeout_ms: int = 60000):
    """Open the app's page `path` and, when the demo database's sign-in page shows, sign in with the first
    demo button whose name holds `button` (e.g. "以组织部身份进入"); returns the page's main area."""
    pg.goto(f"{app_url}/{path}")
    wait_for_app(pg, timeout_ms, role=None)
    enter = pg.get_by_role("button", name=button).first
    if enter.count():
        enter.click()
        wait_for_app(pg, timeout_ms, role=None)
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
