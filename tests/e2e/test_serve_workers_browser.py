"""`python -m grassroots serve --workers 2`: two app processes behind nginx on 127.0.0.1, both reading
the same database. Through the proxy: the health endpoint answers, the first response sets the
route cookie that keeps a browser on one process, and a browser signs in and sees the overview over
the proxied websocket. Stopping the command stops nginx and both processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from grassroots import serve
from tests.e2e.conftest import ROOT, wait_for_app


@pytest.fixture
def proxied(demo_db, tmp_path):
    if serve.nginx_binary() is None:
        pytest.fail("nginx is not installed: run `make system-deps` (scripts/install_system_deps.sh)")
    port = serve.free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "grassroots", "serve", "--workers", "2", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "GRASSROOTS_DB": str(demo_db)},
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 180
    while "behind nginx" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.3)
    assert proc.poll() is None and "behind nginx" in log.read_text(), log.read_text()[-3000:]
    conf = re.search(r"nginx configuration: (\S+)\)", log.read_text()).group(1)
    yield f"http://127.0.0.1:{port}", conf, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(60)


def _health(url: str):
    for _ in range(100):
        try:
            return urllib.request.urlopen(url + "/_stcore/health", timeout=5)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def test_two_processes_behind_nginx_serve_a_signed_in_overview(proxied, page):
    url, conf, proc = proxied
    backends = re.findall(r"server 127\.0\.0\.1:(\d+)", open(conf).read())
    assert len(backends) == 2
    for port in backends:  # both app processes are up on their own ports
        assert _health(f"http://127.0.0.1:{port}").status == 200
    with _health(url) as r:  # through nginx
        assert r.status == 200 and r.read() == b"ok"
        assert "nginx" in r.headers.get("Server", "")
        assert any(c.startswith("grassroots_route=") for c in r.headers.get_all("Set-Cookie"))
    page.goto(url + "/")
    wait_for_app(page, timeout_ms=180000)  # signs in with the demo button, over the proxied websocket
    page.wait_for_selector('[data-testid="stMetric"]', timeout=180000)
    wait_for_app(page, timeout_ms=180000)
    assert page.locator('[data-testid="stMetric"]').count() >= 10
    assert page.locator('[data-testid="stException"]').count() == 0
    assert any(c["name"] == "grassroots_route" for c in page.context.cookies())
    proc.terminate()
    assert proc.wait(60) == 0
    for port in backends:  # every process stopped with the command
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            raise AssertionError(f"an app process still answers on {port}")
        except OSError:
            pass
