"""python -m grassroots serve [streamlit options]: start the app.

dashboard.py declares its pages with st.navigation. Streamlit, seeing a pages/ folder beside the
entry script, would otherwise treat the very first run of a fresh server the legacy way and run a
deep-linked page (say /admin) on its own, without the entry script's sign-in and filters. This
launcher turns that legacy discovery off before the server starts, then runs `streamlit run`.

It also starts the delivery scheduler (config/delivery.toml) in a background thread, unless
`--no-scheduler` is given or the file says `[schedule] in_app = false` (e.g. when a system cron runs
`schedule --run-due` instead; the two never deliver at once, they share a lock).
"""

from __future__ import annotations

import sys

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


def run(args) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    if not getattr(args, "no_scheduler", False):
        start_scheduler()
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *getattr(args, "options", [])]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
