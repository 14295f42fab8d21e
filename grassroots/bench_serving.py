"""The bench's serving sections (python -m grassroots bench): what viewers of the running app get.

- viewers_during_import: viewers keep querying (the first query of every page, through
  grassroots.db.reader as the pages do, uncached, with new versions warmed before they are read as
  in the app) while `python -m grassroots import` loads a 1M-row tickets CSV into the same
  database; each query's time from asking to its answer is a wait.
- e2e: the app served on 127.0.0.1, driven in headless Chromium (Playwright): sign-in -> overview as the first
  click on a freshly started server (cold; one on each of three servers: median and max), again in a new session
  clicking as soon as the sign-in page shows (warm) and after the sign-in page has fetched the overview's code
  (settled), and a period change (年 <-> 月).
- after_import: the first leader's password sign-in -> overview after a command-line import (which ends
  the demo's one-click sign-in), and the server's CPU for it. Before the import only an analyst of every
  region had opened the overview, so nothing of the leader's views is in the cache unless the app warms
  its default views after the import (grassroots.ui.warmup); measured with that and without
  (GRASSROOTS_WARM_VIEWS=0: only views opened before are warmed).
- concurrent and memory: `sessions` leaders click sign-in at the same moment (speaking Streamlit's
  websocket protocol, so the time is the server's, not a browser's drawing on the same cores); each
  one's time until the overview's run has finished, the server's CPU seconds per session, and the
  app processes' peak RSS.
Every function works on a copy of the database it is given.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from grassroots import ROOT, db, serve, sql
from grassroots.progress import NULL
from grassroots.ui import preload

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # every session's tab draws as if it were in front: a leader's phone does not wait for another's
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
LEADER = "以区领导身份进入"  # the demo database's one-click leader (config/auth.toml [[demo]])
READY = """() => document.querySelectorAll('[data-testid="stMetric"]').length >= 10
    && document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'"""
SHOWS = """(text) => document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state')
    === 'notRunning' && document.querySelector('[data-testid="stMain"]').innerText.includes(text)"""


def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def _ms(values: list[float]) -> tuple[float, float]:
    return (statistics.median(values) * 1000, max(values) * 1000) if values else (float("nan"), float("nan"))


# --- viewers during an import -----------------------------------------------------------------------


def tickets_csv(source: Path, target: Path, rows: int) -> int:
    """`rows` tickets of `source` in the standard export layout, under new ticket numbers."""
    with db.reader(source) as con:
        text, bound = sql.bind("bench/tickets_standard_layout", {"n": rows})
        rel = con.sql(text, params=bound).project("* replace ('N-' || 工单编号 as 工单编号)")
        rel.write_csv(str(target))
        return len(rel)


def viewers_during_import(source: Path, scale: str, rows: int = 1_000_000, viewers: int = 2, progress=NULL) -> dict:
    """Viewer waits while a command-line import of `rows` tickets runs into a copy of `source`."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        path = _copy(source, tmp)
        csv = tmp / "诉求工单.csv"
        n = tickets_csv(path, csv, rows)
        # as in the app (grassroots.ui.data): a new version is read once the query in use is warm on it
        db.switch_when_warm(path, lambda p, con, version: sql.run(con, "common/data_as_of"))
        progress(0.2, 1, "csv written")
        waits: list[float] = []
        idle: list[float] = []
        importing = threading.Event()
        stop = threading.Event()
        errors: list[str] = []

        def viewer():
            while not stop.is_set():
                t0 = time.perf_counter()
                try:
                    with db.reader(path) as con:
                        sql.run(con, "common/data_as_of")
                except Exception as exc:  # noqa: BLE001 - counted, the bench goes on
                    errors.append(f"{type(exc).__name__}: {exc}")
                db.notice(path)  # as the app's watcher does
                took = time.perf_counter() - t0
                (waits if importing.is_set() else idle).append(took)
                time.sleep(0.05)

        threads = [threading.Thread(target=viewer, daemon=True) for _ in range(viewers)]
        for th in threads:
            th.start()
        time.sleep(2)
        importing.set()
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "grassroots", "import", str(csv), "--db", str(path), "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - t0
        importing.clear()
        time.sleep(1)
        stop.set()
        for th in threads:
            th.join(60)
        progress(1, 1, "viewers during import")
        db.close_readers()
        median, worst = _ms(waits)
        return {
            "section": "viewers_during_import",
            "scale": scale,
            "median_wait_ms": median,
            "max_wait_ms": worst,
            "p90_wait_ms": sorted(waits)[int(0.9 * (len(waits) - 1))] * 1000 if waits else float("nan"),
            "rounds": len(waits),
            "idle_median_ms": _ms(idle)[0],
            "import_rows": n,
            "import_s": took,
            "import_ok": proc.returncode == 0,
            "errors": len(errors),
        }


# --- the served app -----------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _cpu_s(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _peak_rss_mb(pids: list[int]) -> list[float]:
    out = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        out.append(next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")) / 1024)
    return out


@contextlib.contextmanager
def served(
    path: Path, workers: int = 1, scheduler: bool = False, env: dict | None = None
) -> Iterator[tuple[str, list[int]]]:
    """The app over `path` on 127.0.0.1 (its scheduled jobs too with `scheduler`; `env` added to its
    environment): its URL and the app processes' ids. Its output goes to serve.log beside `path`."""
    port = serve.free_port()
    cmd = [sys.executable, "-m", "grassroots", "serve", *([] if scheduler else ["--no-scheduler"])]
    if workers > 1:
        cmd += ["--workers", str(workers), "--port", str(port)]
    else:
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    log = open(path.with_name("serve.log"), "w")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, **(env or {}), "GRASSROOTS_DB": str(path)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log_text = path.with_name("serve.log").read_text()[-2000:]
                    raise RuntimeError("the app did not start: " + log_text) from None
                time.sleep(0.3)
        pids = [proc.pid] if workers == 1 else [p for p in _children(proc.pid) if "nginx" not in _cmd(p)]
        yield url, pids
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


async def _signed_in_page(browser, url: str):
    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = await ctx.new_page()
    await pg.goto(url + "/")
    button = pg.get_by_role("button", name=LEADER, exact=False).first
    await button.wait_for(timeout=300_000)
    return ctx, pg, button


async def _open_overview(pg, button) -> float:
    t0 = time.perf_counter()
    await button.click()
    await pg.wait_for_function(READY, timeout=600_000, polling=50)
    return time.perf_counter() - t0


async def _e2e(url: str, repeat: int) -> list[tuple[str, float]]:
    from playwright.async_api import async_playwright

    out = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for k in range(repeat + 1):  # the first on the fresh server is cold
            ctx, pg, button = await _signed_in_page(browser, url)
            out.append(("signin_overview_cold" if k == 0 else "signin_overview_warm", await _open_overview(pg, button)))
            if k > 0:  # as a leader does: the sign-in page read (its code fetched) before the click
                await ctx.close()
                ctx, pg, button = await _signed_in_page(browser, url)
                await pg.wait_for_function(preload.FETCHED, arg=list(preload.files()), timeout=120_000, polling=100)
                out.append(("signin_overview_settled", await _open_overview(pg, button)))
            if k == repeat:
                for i in range(2 * repeat):
                    label, text = ("月", "-11-01 – ") if i % 2 == 0 else ("年", "-01-01 – ")
                    t0 = time.perf_counter()
                    await pg.get_by_role("radio", name=label, exact=True).click()
                    await pg.wait_for_function(SHOWS, arg=text, timeout=600_000, polling=50)
                    out.append(("filter_change", time.perf_counter() - t0))
            await ctx.close()
        await browser.close()
    return out


def e2e(source: Path, scale: str, repeat: int = 3, progress=NULL, cold_servers: int = 3) -> list[dict]:
    """Sign-in -> overview (cold: the first click on a freshly started server, one on each of `cold_servers`
    servers; then warm and settled, `repeat` times) and a period change, in Chromium."""
    times: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = _copy(source, Path(tmp))
        for k in range(cold_servers):
            progress(k, cold_servers, "e2e")
            with served(path) as (url, _):
                times += asyncio.run(_e2e(url, repeat if k == 0 else 0))
    progress(1, 1, "e2e")
    rows = []
    for step in dict.fromkeys(s for s, _ in times):
        values = [t for s, t in times if s == step]
        median, most = _ms(values)
        rows.append(
            {"section": "e2e", "scale": scale, "step": step, "median_ms": median, "max_ms": most, "runs": len(values)}
        )
    return rows


class Leader:
    """A session spoken to in Streamlit's own websocket protocol, as a browser would, without drawing
    anything: what the server takes, apart from the client's rendering."""

    def __init__(self, url: str):
        self.url = url

    async def __aenter__(self):
        import websockets

        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], origin=self.url, max_size=None)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def run(self, pressed: str | None = None, typed: dict[str, str] | None = None) -> tuple[dict[str, str], int]:
        """One script run (after a rerun for a callback, the next), with the button `pressed` and the
        text inputs `typed` (id -> text): the buttons shown and the number of KPI cards, once the run has
        finished. The text inputs shown go to self.inputs (label -> id)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        for wid, text in (typed or {}).items():
            w = msg.rerun_script.widget_states.widgets.add()
            w.id, w.string_value = wid, text
        if pressed:
            w = msg.rerun_script.widget_states.widgets.add()
            w.id, w.trigger_value = pressed, True
        await self.ws.send(msg.SerializeToString())
        buttons, metrics, self.inputs = {}, 0, {}
        while True:
            out = ForwardMsg()
            out.ParseFromString(await self.ws.recv())
            kind = out.WhichOneof("type")
            if kind == "delta" and out.delta.WhichOneof("type") == "new_element":
                el = out.delta.new_element
                if el.WhichOneof("type") == "button":
                    buttons[el.button.label] = el.button.id
                elif el.WhichOneof("type") == "text_input":
                    self.inputs[el.text_input.label] = el.text_input.id
                elif el.WhichOneof("type") == "metric":
                    metrics += 1
            elif kind == "script_finished" and out.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return buttons, metrics

    async def sign_in_page(self, button: str = LEADER) -> str:
        """The id of the demo's one-click sign-in button whose label has `button` in it."""
        buttons, _ = await self.run()
        return next(v for label, v in buttons.items() if button in label)

    async def open_overview(self, button: str, typed: dict[str, str] | None = None) -> float:
        t0 = time.perf_counter()
        _, metrics = await self.run(button, typed)
        if metrics < 10:
            raise RuntimeError(f"the overview showed {metrics} KPI cards")
        return time.perf_counter() - t0

    async def password_sign_in(self, username: str, password: str) -> float:
        """Sign-in with a password (the form, as on a database that is not the demo's) -> the overview."""
        from grassroots.i18n import t

        buttons, _ = await self.run()
        typed = {self.inputs[t("signin.username", "zh")]: username, self.inputs[t("signin.password", "zh")]: password}
        return await self.open_overview(buttons[t("signin.submit", "zh")], typed)


async def _at_once(url: str, sessions: int, pids: list[int]) -> tuple[list[float], float]:
    _settled(pids)  # the default views the app computes at start are done (grassroots.ui.warmup)
    for pid in pids:  # a leader first on each process, straight to its port: every process's caches are warm
        cmd = _cmd(pid).split()
        own = f"http://127.0.0.1:{cmd[cmd.index('--server.port') + 1]}" if "--server.port" in cmd else url
        async with Leader(own) as first:
            await first.open_overview(await first.sign_in_page())
    async with contextlib.AsyncExitStack() as stack:
        leaders = [await stack.enter_async_context(Leader(url)) for _ in range(sessions)]
        buttons = [await leader.sign_in_page() for leader in leaders]
        cpu0 = _cpu_s(pids)
        times = await asyncio.gather(*(leader.open_overview(b) for leader, b in zip(leaders, buttons)))
        cpu = _cpu_s(pids) - cpu0
    return list(times), cpu


def concurrent(source: Path, scale: str, sessions: int = 20, workers: int = 1, progress=NULL) -> list[dict]:
    """`sessions` leaders open the overview at the same moment (caches warm); then the peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _copy(source, Path(tmp))
        with served(path, workers) as (url, pids):
            times, cpu = asyncio.run(_at_once(url, sessions, pids))
            rss = _peak_rss_mb(pids)
    progress(1, 1, "concurrent")
    median, worst = _ms(times)
    return [
        {
            "section": "concurrent",
            "scale": scale,
            "sessions": sessions,
            "workers": workers,
            "median_ms": median,
            "max_ms": worst,
            "server_cpu_s_per_session": cpu / sessions,
        },
        {
            "section": "memory",
            "scale": scale,
            "sessions": sessions,
            "workers": workers,
            "peak_rss_mb": sum(rss),
            "peak_rss_mb_per_process": max(rss, default=float("nan")),
        },
    ]


# --- the first leader after an import -------------------------------------------------------------------


def _reads(pid: int, inode: int) -> bool:
    """Whether the app process `pid` has the database version `inode` open (its reading instance's file
    is a hard link named <pid>-<inode>-<n>.duckdb, grassroots.db)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        with contextlib.suppress(OSError):
            if f"-{inode}-" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                return True
    return False


def _settled(pids: list[int], quiet_s: float = 2.0, timeout: float = 1800) -> None:
    """Wait until the app processes have used no CPU for `quiet_s` (their background warm-up is done)."""
    deadline = time.monotonic() + timeout
    last, since = _cpu_s(pids), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_s(pids)
        if now - last > 0.05:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


BENCH_LEADER = "bench.leader"


def _leader_account(path: Path) -> str:
    """A leader of the demo's district with a password (an import ends the demo's one-click sign-in)."""
    import secrets

    from grassroots.auth import Scope, Store

    password = secrets.token_urlsafe(16)
    Store.for_db(path).add(BENCH_LEADER, "leader", Scope("530111"), password=password, by="bench")
    return password


async def _an_analyst_before(url: str) -> None:
    """Someone else - the demo's analyst of every region - opens the overview before the import, so the
    process has drawn pages before (as a server that has been running has) but not the leader's views."""
    from grassroots.i18n import t

    async with Leader(url) as analyst:
        await analyst.open_overview(
            await analyst.sign_in_page(
                t("signin.demo_as", "zh", role=t("role.analyst", "zh"), scope=t("scope.all", "zh"))
            )
        )


async def _one_leader(url: str, password: str) -> float:
    async with Leader(url) as leader:
        return await leader.password_sign_in(BENCH_LEADER, password)


def after_import(source: Path, scale: str, rows: int = 10_000, progress=NULL) -> list[dict]:
    """Sign-in -> overview of the first leader after a command-line import of `rows` tickets, with the
    default views warmed after the import and without."""
    out = []
    for warmed in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            path = _copy(source, Path(tmp))
            csv = Path(tmp) / "诉求工单.csv"
            tickets_csv(path, csv, rows)
            db.close_readers()
            password = _leader_account(path)
            with served(path, env={"GRASSROOTS_WARM_VIEWS": "1" if warmed else "0"}) as (url, pids):
                _settled(pids)  # what the server computes at start is done
                asyncio.run(_an_analyst_before(url))
                proc = subprocess.run(
                    [sys.executable, "-m", "grassroots", "import", str(csv), "--db", str(path), "--quiet"],
                    cwd=ROOT,
                    capture_output=True,
                )
                inode = os.stat(path).st_ino
                deadline = time.monotonic() + 1800
                while not _reads(pids[0], inode) and time.monotonic() < deadline:
                    time.sleep(0.2)
                _settled(pids)
                cpu0 = _cpu_s(pids)
                took = asyncio.run(_one_leader(url, password))
                cpu = _cpu_s(pids) - cpu0
        progress(1, 1, "after import")
        out.append(
            {
                "section": "after_import",
                "scale": scale,
                "warmed": warmed,
                "median_ms": took * 1000,
                "server_cpu_s": cpu,  # with the password check (bcrypt), the same with or without warming
                "import_ok": proc.returncode == 0,
            }
        )
    return out
