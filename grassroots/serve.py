"""python -m grassroots serve [streamlit options]: start the app.

dashboard.py declares its pages with st.navigation. Streamlit, seeing a pages/ folder beside the
entry script, would otherwise treat the very first run of a fresh server the legacy way and run a
deep-linked page (say /admin) on its own, without the entry script's sign-in and filters. This
launcher turns that legacy discovery off before the server starts, then runs `streamlit run`.
"""

from __future__ import annotations

import sys

from grassroots import ROOT


PASS_THROUGH = True  # unknown options go to `streamlit run`


def configure(p) -> None:
    p.epilog = "Any other option goes to `streamlit run`, e.g. --server.port 8501."


def run(args) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *getattr(args, "options", [])]
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
