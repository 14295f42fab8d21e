"""python -m grassroots serve [streamlit options]: start the app.

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
"""

from __future__ import annotations

import os
import sys
import threading

from grassroots import ROOT

PASS_THROUGH = True  # unknown options go to `streamlit run`


def configure(p) -> None:
    p.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not run config/delivery.toml's jobs in the app (a system cron runs them)",
    )
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


def run(args) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    one_shot_downloads()
    if not getattr(args, "no_scheduler", False):
        start_scheduler()
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *getattr(args, "options", [])]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
