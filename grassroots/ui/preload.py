"""The overview's browser code, fetched and run while the sign-in page is open.

Streamlit's browser app loads the code of most elements only when a page first shows one: the chart
library alone (PlotlyChart) is 4.7 MB of JavaScript. In a browser that has not opened the app before, the
overview's cards and chart waited 1.1-1.5 s after the server had sent them (measured in headless Chromium
on the demo: the page's run ended at 0.4-0.6 s after the click, the cards drew at 1.9-2.1 s). The sign-in
page imports those modules as soon as the browser is idle, so by the time a leader has clicked, the
overview draws as soon as it arrives. The browser imports them once: the app's own lazy imports of the
same addresses then find them loaded.

The modules are named by the chunk names of Streamlit's build manifest (streamlit/static/manifest.json),
so a Streamlit upgrade that renames its files keeps working; a name the manifest lacks is left out.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path

import streamlit as st

log = logging.getLogger("grassroots")

# what a file name may be: it is written into the page's script, so nothing that could end the script or a string
SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.js")

# the element chunks the overview draws (cards, tables, the indicator pick, the chart, the report button,
# the cards' sparklines as HTML), the chart's last: it is by far the largest
CHUNKS = ("Metric", "Html", "rehype-raw", "Selectbox", "DataFrame", "DownloadButton", "PlotlyChart")


def manifest_path() -> Path:
    return Path(st.__file__).parent / "static" / "manifest.json"


@functools.cache
def files() -> tuple[str, ...]:
    """The file names (static/js/...) of CHUNKS in the installed Streamlit, in CHUNKS' order."""
    try:
        manifest = json.loads(manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.info("no preloading of the overview's code: %s", exc)
        return ()
    by_name: dict[str, str] = {}
    for entry in manifest.values():
        name, file = entry.get("name"), entry.get("file", "")
        base = file.removeprefix("static/js/")
        if name in CHUNKS and file.startswith("static/js/") and SAFE_NAME.fullmatch(base):
            by_name.setdefault(name, base)
    return tuple(by_name[n] for n in CHUNKS if n in by_name)


# Runs once per browser tab (a flag on window): after the page is idle, import each module in turn, from
# the folder of the app's own entry script (so a base path behind a proxy is kept). A failed import is
# only a missed head start.
SCRIPT = """<script>
(() => {
  if (window.__grassrootsPreload) return;
  window.__grassrootsPreload = true;
  const files = %s;
  const entry = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (!entry) return;
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
  const next = (i) => {
    if (i >= files.length) return;
    import(new URL(files[i], entry.src).href).catch(() => null).finally(() => idle(() => next(i + 1)));
  };
  idle(() => next(0));
})();
</script>"""


# A browser-side test (Playwright's wait_for_function with arg=list(files())): whether the page has fetched
# every file - the browser tests and the bench's "signed in after the sign-in page settled" wait on it.
FETCHED = """(names) => names.every(n => performance.getEntriesByType('resource')
                                 .some(e => e.name.endsWith('/static/js/' + n)))"""


def script() -> str:
    """The <script> that imports files() (empty when there is nothing to import)."""
    names = files()
    return SCRIPT % json.dumps(list(names)) if names else ""


def offer() -> None:
    """Put the preloading script on the page (the sign-in page calls it)."""
    text = script()
    if text:
        with st.container(key="preload"):  # takes no room on the page
            st.html("<style>.st-key-preload { display: none; }</style>" + text, unsafe_allow_javascript=True)
