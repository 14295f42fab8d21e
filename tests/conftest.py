"""Shared test set-up: import paths, the tiny fixture database, and the markers that pick the fast path.

Markers (assigned here, so a test file need not remember them):
    browser   tests/e2e: the app served on 127.0.0.1 and driven in Debian's chromium
    apptest   tests that run pages in Streamlit's AppTest
    slow      fault, fuzz, load and determinism tests that take tens of seconds each
`make check` runs neither browser nor slow tests; `make test` runs everything.
"""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The audit log's key and head records for this test run, never the real ones (the servers and commands
# the tests start inherit it).
os.environ.setdefault("GRASSROOTS_AUDIT_KEY", str(Path(tempfile.mkdtemp(prefix="grassroots-audit-")) / "audit.key"))

import tiny  # noqa: E402
import tiny_activity  # noqa: E402

SLOW_MODULES = {"test_faults", "test_fuzz", "test_load", "test_demo", "test_backup", "test_migrations"}
_APPTEST_WORDS = ("AppTest", "tiny_activity.app(", "signin.as_role(", "tiny_tickets.app(")


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


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    return tiny.build(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")


@pytest.fixture(scope="session")
def activity_db(tmp_path_factory) -> Path:
    """tests/tiny_activity.py's hand-made database of activities, services and volunteering."""
    return tiny_activity.build(tmp_path_factory.mktemp("tiny_activity") / "activity.duckdb")
