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


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    return tiny.build(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")


@pytest.fixture(scope="session")
def activity_db(tmp_path_factory) -> Path:
    """tests/tiny_activity.py's hand-made database of activities, services and volunteering."""
    return tiny_activity.build(tmp_path_factory.mktemp("tiny_activity") / "activity.duckdb")


# Module-scoped: a test module may write to its database (accounts, filed results), and no other
# module sees that.


@pytest.fixture(scope="module")
def asm_db(tmp_path_factory) -> Path:
    """tests/tiny_assessment.py's database (assessment units and records)."""
    return tiny_assessment.build(tmp_path_factory.mktemp("asm") / "asm.duckdb")


@pytest.fixture(scope="module")
def rank_db(tmp_path_factory) -> Path:
    """tests/tiny_ranking.py's database (red and black lists)."""
    return tiny_ranking.build(tmp_path_factory.mktemp("ranking") / "ranking.duckdb")


@pytest.fixture(scope="module")
def pilots_db(tmp_path_factory) -> Path:
    """tests/tiny_pilots.py's database (pilot programmes and their targets)."""
    return tiny_pilots.build(tmp_path_factory.mktemp("pilots") / "pilots.duckdb")


@pytest.fixture(scope="module")
def hot_db(tmp_path_factory) -> Path:
    """tests/tiny_hotspots.py's database (ticket hot spots)."""
    return tiny_hotspots.build(tmp_path_factory.mktemp("hot") / "hot.duckdb")


@pytest.fixture(scope="module")
def flat_db(tmp_path_factory) -> Path:
    """tests/tiny_hotspots.py's database without hot spots."""
    return tiny_hotspots.build(tmp_path_factory.mktemp("flat") / "flat.duckdb", flat=True)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The small demo database (seed 7): a copy of one build kept between runs (tests/demo_cache.py)."""
    return demo_cache.demo_copy(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture(scope="session")
def tickets_db(tmp_path_factory) -> Path:
    """tests/tiny_tickets.py's database (the tickets page's cases)."""
    return tiny_tickets.build(tmp_path_factory.mktemp("tickets") / "tickets.duckdb")


@pytest.fixture
def tiny_copy(tiny_db, tmp_path) -> Path:
    """A copy of the tiny database for one test to write to."""
    path = tmp_path / "tiny_copy.duckdb"
    shutil.copy(tiny_db, path)
    return path


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
