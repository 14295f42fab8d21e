"""grassroots: the engine of the grassroots-governance dashboard (no streamlit outside grassroots.ui)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
CONFIG_DIR = ROOT / "config"
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "demo.duckdb"

__version__ = "0.1.0"


def project_path(path: Path) -> str:
    """`path` as a command run in the project's folder names it: relative there (data/demo.duckdb), else whole."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
