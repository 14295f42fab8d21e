"""grassroots: the engine of the grassroots-governance dashboard (no streamlit outside grassroots.ui)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
CONFIG_DIR = ROOT / "config"
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "demo.duckdb"

__version__ = "0.1.0"
