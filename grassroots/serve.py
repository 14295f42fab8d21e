"""python -m grassroots serve [--workers N] [streamlit options]: start the app.

dashboard.py declares its pages with st.navigation. Streamlit, seeing a pages/ folder beside the
entry script, would otherwise treat the very first run of a fresh server the legacy way and run a
deep-linked page (say /admin) on its own, without the entry script's sign-in and filters. This
launcher turns that legacy discovery off before the server starts, then runs `streamlit run`.

Downloads are handed out once: a file the app builds on a download click (grassroots/ui/downloads.py)
is dropped from Streamlit's media store once the browser that asked for it has fetched it, so its
/media/ address serves that session and nobody after.

It also starts the delivery scheduler (config/delivery.toml) in a background thread, unless
`--no-scheduler` is given or the file says `[schedule] in_app = false` (e.g. when a system cron runs
`schedule --run-due` instead; the two never deliver at once, they share a lock).

`--workers N` (N >= 2) scales out: N app processes on free ports of 127.0.0.1, all reading the same
database, behind nginx on `--host`:`--port`. nginx keeps each browser on one process (a cookie,
`grassroots_route`, set on the first response and hashed to pick the process, so uploads and
downloads reach the process that holds the session) and proxies the websocket. Its configuration
goes to a temporary folder (printed at start); only the first process runs the delivery scheduler.
Stopping the command (Ctrl-C, SIGTERM) stops nginx and every process.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from grassroots import ROOT

PASS_THROUGH = True  # unknown options go to `streamlit run`


def configure(p) -> None:
    p.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not run config/delivery.toml's jobs in the app (a system cron runs them)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="app processes behind nginx (default 1: one process, no proxy)",
    )
    p.add_argument("--host", default="127.0.0.1", help="with --workers: the address nginx listens on")
    p.add_argument("--port", type=int, default=8501, help="with --workers: the port nginx listens on")
    p.epilog = "Any other option goes to `streamlit run`, e.g. --server.port 8501."


def start_scheduler():
    from grassroots import db
    from grassroots.delivery import jobs, settings

    return jobs.start_background(db.resolve(None), settings.load)


class OneShotDownloads:
    """Streamlit's media store as its /media/ route sees it: a download is gone once the browser fetched
    it (pictures and other media stay for as long as Streamlit keeps them).

    Streamlit's download button fetches a built file twice: a check that the address answers, then the
    download itself; the file goes with the second request."""

    FETCHES = 2

    def __init__(self, storage):
        self._storage = storage
        self._fetched: dict[str, int] = {}
        self._lock = threading.Lock()

    def get_file(self, filename: str):
        from streamlit.runtime.media_file_storage import MediaFileKind

        found = self._storage.get_file(filename)
        if found.kind == MediaFileKind.DOWNLOADABLE:
            file_id = os.path.splitext(filename)[0]
            with self._lock:
                n = self._fetched.get(file_id, 0) + 1
                if n >= self.FETCHES:
                    self._fetched.pop(file_id, None)
                    self._storage.delete_file(file_id)
                else:
                    self._fetched[file_id] = n
        return found

    def __getattr__(self, name):
        return getattr(self._storage, name)


def one_shot_downloads() -> None:
    """Serve /media/ through OneShotDownloads."""
    from streamlit.web.server.starlette import starlette_app

    real = starlette_app.create_media_routes
    if getattr(real, "one_shot", False):
        return

    def routes(media_storage, base_url):
        return real(OneShotDownloads(media_storage), base_url)

    routes.one_shot = True  # type: ignore[attr-defined]  # marks the patch, so it is applied once
    starlette_app.create_media_routes = routes


def warm_at_start() -> None:
    """Compute the default views into this process's query cache in the background (grassroots.ui.warmup)."""
    try:
        from grassroots.ui import data

        data.start()
    except Exception:  # noqa: BLE001 - the app starts all the same; the first viewer computes
        logging.getLogger(__name__).warning("warming the default views at start failed", exc_info=True)


def run(args) -> int:
    workers = getattr(args, "workers", None)
    workers = 1 if workers is None else workers
    if workers < 1:
        print("--workers must be 1 or more", file=sys.stderr)
        return 2
    if workers > 1:
        return run_proxied(args, workers)
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 <pid>`: every thread's stack, to stderr
    one_shot_downloads()
    warm_at_start()
    if not getattr(args, "no_scheduler", False):
        start_scheduler()
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *getattr(args, "options", [])]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


# --- several processes behind nginx ---------------------------------------------------------------

NGINX_CONF = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size {max_mb}m;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    # sticky sessions: the first response sets a random route cookie; the cookie picks the process
    map $cookie_grassroots_route $route {{ "" $request_id; default $cookie_grassroots_route; }}
    map $cookie_grassroots_route $route_cookie {{
        "" "grassroots_route=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    upstream grassroots_app {{
        hash $route consistent;
{servers}
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://grassroots_app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie $route_cookie;
        }}
    }}
}}
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def nginx_config(tmp: Path, host: str, port: int, app_ports: list[int], max_mb: int) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in app_ports)
    # run as root, nginx would hand its workers to `nobody`, who may not use the temporary folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    return NGINX_CONF.format(user=user, tmp=tmp, host=host, port=port, servers=servers, max_mb=max_mb)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def _wait_healthy(url: str, procs: list[subprocess.Popen], timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            return False
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def run_proxied(args, workers: int) -> int:
    from grassroots import config

    nginx = nginx_binary()
    if nginx is None:
        print("nginx is not installed: run scripts/install_system_deps.sh (Debian package nginx)", file=sys.stderr)
        return 2
    options = list(getattr(args, "options", []))
    tmp = Path(tempfile.mkdtemp(prefix="grassroots-serve-"))
    app_ports = [free_port() for _ in range(workers)]
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_config(tmp, args.host, args.port, app_ports, config.app().import_max_mb), encoding="utf-8")
    procs: list[subprocess.Popen] = []

    def stop(*_):
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        for k, port in enumerate(app_ports):
            cmd = [sys.executable, "-m", "grassroots", "serve"]
            if k > 0 or getattr(args, "no_scheduler", False):
                cmd.append("--no-scheduler")
            cmd += [*options, "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
            procs.append(subprocess.Popen(cmd, cwd=ROOT))
        for port in app_ports:
            if not _wait_healthy(f"http://127.0.0.1:{port}", procs):
                print("an app process did not start", file=sys.stderr)
                return 1
        procs.append(
            subprocess.Popen(
                [nginx, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf), "-g", "daemon off;"]
            )
        )
        print(
            f"grassroots: {workers} app processes behind nginx at http://{args.host}:{args.port} "
            f"(nginx configuration: {conf})",
            flush=True,
        )
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()
        shutil.rmtree(tmp, ignore_errors=True)
