"""Shared test set-up: import paths, the fixture databases (tests/tiny*.py, built here), the AppTest
factory, and the markers that pick the fast path.

Markers (assigned here, so a test file need not remember them):
    browser   tests/e2e: the app served on 127.0.0.1 and driven in Debian's chromium
    apptest   tests that run pages in Streamlit's AppTest
    slow      tests that take seconds each: fault, fuzz, load and determinism tests, whole demo databases and
              lakes, the command line run as a program, PDFs (marked in the file, or by module here)
`make check` runs neither browser nor slow tests; `make test` runs everything, spread over the workers as
tests/scheduling.py says.
"""

import contextlib
import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests import (
    demo_cache,
    scheduling,
    tiny,
    tiny_activity,
    tiny_assessment,
    tiny_hotspots,
    tiny_pilots,
    tiny_ranking,
    tiny_tickets,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # test helpers import each other by name

# The audit log's key and head records for this test run, never the real ones (the servers and commands
# the tests start inherit it).
os.environ.setdefault("GRASSROOTS_AUDIT_KEY", str(Path(tempfile.mkdtemp(prefix="grassroots-audit-")) / "audit.key"))

SLOW_MODULES = {
    "test_faults",
    "test_fuzz",
    "test_load",
    "test_demo",
    "test_backup",
    "test_rollup_engines",
    "test_privacy_cli",
}
_APPTEST_WORDS = ("AppTest", "new_app(", "make_app", "tiny_activity.app(", "signin.as_role(", "tiny_tickets.app(")
_APPTEST_WORDS += ("month_app(", "open_page(", "open_tickets(")  # tests/signin.py's, tests/test_tickets_page.py's


def _uses_apptest(module) -> bool:
    try:
        text = Path(module.__file__).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return False
    return any(w in text for w in _APPTEST_WORDS)


def pytest_collection_modifyitems(config, items):
    seen: dict[str, bool] = {}
    for item in items:
        path = Path(str(item.fspath))
        if "e2e" in path.parts:
            item.add_marker(pytest.mark.browser)
            continue
        if path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        mod = item.module
        if mod.__name__ not in seen:
            seen[mod.__name__] = _uses_apptest(mod)
        if seen[mod.__name__]:
            item.add_marker(pytest.mark.apptest)
    scheduling.arrange(items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return scheduling.scheduler(config, log)


def _database(name: str, scope: str, build, doc: str):
    """A fixture `name` of `scope` that builds one fixture database with `build(path)` and returns its path."""

    @pytest.fixture(scope=scope, name=name)
    def fixture(tmp_path_factory) -> Path:
        return build(tmp_path_factory.mktemp(name) / f"{name}.duckdb")

    fixture.__doc__ = doc
    return fixture


# Session-scoped databases are only read. Module-scoped ones a test module may write to (accounts, filed
# results), and no other module sees that.
tiny_db = _database("tiny_db", "session", tiny.build, "tests/tiny.py's hand-made district.")
activity_db = _database(
    "activity_db", "session", tiny_activity.build, "tests/tiny_activity.py's activities, services and volunteering."
)
tickets_db = _database("tickets_db", "session", tiny_tickets.build, "tests/tiny_tickets.py's tickets page's cases.")
asm_db = _database("asm_db", "module", tiny_assessment.build, "tests/tiny_assessment.py's units and records.")
rank_db = _database("rank_db", "module", tiny_ranking.build, "tests/tiny_ranking.py's red and black lists.")
pilots_db = _database("pilots_db", "module", tiny_pilots.build, "tests/tiny_pilots.py's programmes and targets.")
hot_db = _database("hot_db", "module", tiny_hotspots.build, "tests/tiny_hotspots.py's ticket hot spots.")
flat_db = _database(
    "flat_db", "module", functools.partial(tiny_hotspots.build, flat=True), "tests/tiny_hotspots.py without hot spots."
)
demo_db = _database(
    "demo_db",
    "module",
    demo_cache.demo_copy,
    "The small demo database (seed 7): a copy of one kept build (demo_cache).",
)


@pytest.fixture
def tiny_copy(tiny_db, tmp_path) -> Path:
    """A copy of the tiny database for one test to write to."""
    path = tmp_path / "tiny_copy.duckdb"
    shutil.copy(tiny_db, path)
    return path


def months_between(lo: dt.date, hi: dt.date) -> list[dt.date]:
    """The first day of every month that [lo, hi) touches."""
    out, m = [], lo.replace(day=1)
    while m < hi:
        out.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    return out


@contextlib.contextmanager
def fetching(path: Path):
    """fetch(name, params): the rows of queries/<name>.sql on a read-only connection to the database at `path`,
    open while the block runs."""
    import duckdb

    from grassroots import sql

    con = duckdb.connect(str(path), read_only=True)
    try:
        yield lambda name, params: sql.run(con, name, params)
    finally:
        con.close()


def new_app(db_path=None, monkeypatch=None, *, script: str = "dashboard.py", timeout: float = 120):
    """The AppTest of `script` (the app's entry, or a page run directly) on the database `db_path`
    (None: the one $GRASSROOTS_DB already names), not yet run; `monkeypatch` sets $GRASSROOTS_DB for
    the test only."""
    from streamlit.testing.v1 import AppTest

    if db_path is not None:
        if monkeypatch is None:
            raise ValueError("new_app needs the test's monkeypatch to point $GRASSROOTS_DB at a database")
        monkeypatch.setenv("GRASSROOTS_DB", str(db_path))
    return AppTest.from_file(str(ROOT / script), default_timeout=timeout)


@pytest.fixture
def make_app(monkeypatch):
    """new_app for a test: make_app(db_path, script=..., timeout=...)."""

    def make(db_path=None, **kw):
        return new_app(db_path, monkeypatch, **kw)

    return make
