"""Query results for pages: read-only connections, cached per data version.

The cache key includes the database file's size and modification time, so an import by the
command line shows on the next rerun; an import through the app also clears the caches.

Every query passes the signed-in user's gate on its way: $region and $centre_id are clamped to the
user's scope, and residents' personal columns come back masked unless the role may see them. The
cache holds the raw result; the gate applies per session.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from grassroots import config, db, privacy, sql
from grassroots.ui import session


def db_path() -> str:
    return str(db.resolve(None))


def data_version() -> tuple:
    path = db_path()
    out: list[tuple[int, int] | None] = []
    for p in (path, path + ".wal"):
        try:
            s = os.stat(p)
            out.append((s.st_size, s.st_mtime_ns))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


@st.cache_data(ttl=config.app().cache_ttl_seconds, show_spinner=False, max_entries=2000)
def _cached(name: str, params: tuple, path: str, version: tuple) -> pd.DataFrame:
    with db.reader(path) as con:
        return sql.run(con, name, {k: list(v) if isinstance(v, tuple) else v for k, v in params})


def _key(params: dict | None) -> tuple:
    out = []
    for k, v in sorted((params or {}).items()):
        out.append((k, tuple(v) if isinstance(v, list) else v))
    return tuple(out)


def query(name: str, params: dict | None = None) -> pd.DataFrame:
    """The result of queries/<name>.sql for `params` (only the names the file uses are bound)."""
    _, wanted = sql.load(name)
    bound = session.clamp({k: v for k, v in (params or {}).items() if k in wanted})
    frame = _cached(name, _key(bound), db_path(), data_version())
    return privacy.mask_frame(frame.copy(), session.may_see_personal())


def deferred(name: str, params: dict | None = None):
    """A function that runs the query later - when a download button is clicked, outside the script
    run and its session - with this session's gate fixed now: the clamped parameters and the masking."""
    _, wanted = sql.load(name)
    bound = session.clamp({k: v for k, v in (params or {}).items() if k in wanted})
    personal, path = session.may_see_personal(), db_path()

    def load() -> pd.DataFrame:
        with db.reader(path) as con:
            frame = sql.run(con, name, bound)
        return privacy.mask_frame(frame, personal)

    return load


def clear() -> None:
    """After an import: nobody may see the numbers from before it."""
    st.cache_data.clear()
