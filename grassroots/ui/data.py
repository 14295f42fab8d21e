"""Query results for pages: read through the process's warm read-only instance, cached per data
version for every session of the process (grassroots.querycache).

The cache key includes the database version (grassroots.db.version: the file's identity, which a
writer's switch changes), so an import by the command line shows on the next rerun. After an import
the queries the pages asked for, and the default views (grassroots.ui.warmup), are computed in the
background on the new version before it is read.

Every query passes the signed-in user's gate on its way: $region and $centre_id are clamped to the
user's scope, and residents' personal columns come back masked unless the role may see them. The
cache holds the raw result; the gate applies per session.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from grassroots import config, db, privacy, querycache, sql
from grassroots.ui import session, warmup
from grassroots.ui.text import tr

CACHE = querycache.QueryCache(max_entries=2000, ttl=config.app().cache_ttl_seconds)
if warmup.enabled():
    CACHE.views = warmup.views  # the default views, computed after each import whether opened or not


_resolved: dict[str | None, str] = {}


def db_path() -> str:
    key = os.environ.get("GRASSROOTS_DB")
    path = _resolved.get(key)
    if path is None:
        path = _resolved[key] = str(db.resolve(None))
    return path


def data_version() -> tuple:
    return db.version(db_path())


def query(name: str, params: dict | None = None) -> pd.DataFrame:
    """The result of queries/<name>.sql for `params` (only the names the file uses are bound)."""
    bound = session.clamp(sql.used(name, params))
    path = db_path()
    CACHE.watch(path)
    frame = CACHE.get(path, name, querycache.params_key(bound))
    return privacy.mask_frame(frame.copy(), session.may_see_personal())


def shared(kind: str, make, params: dict | None = None):
    """`make()` - a value built from this session's queries, e.g. the official ranking - once per
    database version, user scope and `params` for every session of the process."""
    key = (kind, querycache.params_key(session.clamp(dict(params or {}))), repr(session.scope()))
    return CACHE.value(db_path(), key, make)


def schema_current() -> bool:
    """Whether the database holds this code's tables and macros, once per database version (warmed after each
    import): one made by older code and served without `migrate` would fail page after page."""
    return CACHE.value(db_path(), warmup.SCHEMA_KEY, lambda: warmup.schema_current(db_path()))


def deferred(name: str, params: dict | None = None):
    """A function that runs the query later - when a download button is clicked, outside the script
    run and its session - with this session's gate fixed now: the clamped parameters and the masking."""
    bound = session.clamp(sql.used(name, params))
    personal, path = session.may_see_personal(), db_path()

    def load() -> pd.DataFrame:
        with db.reader(path) as con:
            frame = sql.run(con, name, bound)
        return privacy.mask_frame(frame, personal)

    return load


def start() -> None:
    """At server start: watch the database for new versions and compute the default views in the
    background (grassroots.ui.warmup), before anybody asks."""
    path = db_path()
    if os.path.exists(path):
        CACHE.watch(path)
        CACHE.warm_async(path)


def clear() -> None:
    """After an import through the app: the other caches go, and the queries in use are computed
    again on the new version in the background (the query cache is keyed by version already)."""
    st.cache_data.clear()
    CACHE.warm_async(db_path())


def after_import(reports) -> bool:
    """clear() when the import loaded something (True); a batch that loaded nothing left the very same
    version (grassroots.db.Unchanged), so every cache stays warm."""
    if any(r.loaded for r in reports):
        clear()
        return True
    return False


def titled(title_key: str, name: str, params: dict, none_key: str, say_none=st.info) -> pd.DataFrame | None:
    """A section's title (with its help text, `title_key`_help), then the rows of queries/<name>.sql; None
    after saying so (`none_key`) when there are none."""
    st.subheader(tr(title_key), help=tr(f"{title_key}_help"))
    found = query(name, params)
    if found.empty:
        say_none(tr(none_key))
        return None
    return found
