"""The small demo database (seed 7) for tests, built once and copied: `demo_copy(dest)`.

A build takes seconds and several test modules (and every browser-test worker) need one, so the first
build is kept in artifacts/test-cache/ under a key hashed from everything that decides its content (the
engine package, the queries, the settings, the DuckDB and Python versions). A change to any of them is a
new key, hence a fresh build; a key no longer current is removed when the next one is built. Each caller
gets its own copy, free to write to. Two pytest-xdist workers asking at once build it once (a file lock).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "artifacts" / "test-cache"
SOURCES = ("grassroots", "queries", "config")
SEED = 7
SCALE = "small"


def key(seed: int = SEED, scale: str = SCALE) -> str:
    """A digest of the files and versions the demo database is made from."""
    h = hashlib.sha256(f"{scale}:{seed}:{duckdb.__version__}:{sys.version_info[:2]}".encode())
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cached(seed: int = SEED, scale: str = SCALE) -> Path:
    """The kept build for the current sources, built first if there is none."""
    from grassroots import demo

    CACHE.mkdir(parents=True, exist_ok=True)
    name = f"demo-{scale}-{seed}-{key(seed, scale)}.duckdb"
    path = CACHE / name
    with open(CACHE / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            for old in CACHE.glob(f"demo-{scale}-{seed}-*.duckdb*"):
                old.unlink(missing_ok=True)
            demo.build(path, scale=scale, seed=seed)
    return path


def demo_copy(dest: str | os.PathLike, seed: int = SEED, scale: str = SCALE) -> Path:
    """A copy of the demo database (`scale`, `seed`) at `dest`; returns `dest` as a Path."""
    dest = Path(dest)
    shutil.copyfile(cached(seed, scale), dest)
    return dest
