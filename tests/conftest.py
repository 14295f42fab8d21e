import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiny  # noqa: E402


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    return tiny.build(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")
