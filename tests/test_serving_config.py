"""The Streamlit options the app is served with (.streamlit/config.toml, read from the project's folder)."""

from __future__ import annotations

import subprocess
import sys

from grassroots import ROOT


def _option(name: str) -> str:
    code = f"from streamlit import config; print(config.get_option({name!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_no_full_garbage_collection_after_every_script_run():
    """Streamlit's default collects all garbage after each run; with the process's caches on the heap that was
    about 40% of the server's CPU when 20 leaders opened the overview at once (bench section concurrent)."""
    assert _option("runner.postScriptGC") == "False"


def test_errors_never_show_their_details():
    assert _option("client.showErrorDetails") == "none"
