"""Named queries: queries/<subject>/<name>.sql, run with bound parameters.

A query file starts with a comment naming its parameters and output columns. Parameters are
written `$name`; `run` binds only the names the file uses, so every page can pass the whole
filter dict. Values are never formatted into SQL text.
"""

from __future__ import annotations

import functools
import re

import duckdb
import pandas as pd

from grassroots import QUERIES_DIR

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


@functools.cache
def load(name: str) -> tuple[str, tuple[str, ...]]:
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents:
        raise ValueError(f"query name outside queries/: {name}")
    text = path.read_text(encoding="utf-8")
    params = tuple(dict.fromkeys(_PARAM.findall(_COMMENT.sub("", text))))
    return text, params


def names() -> list[str]:
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in QUERIES_DIR.rglob("*.sql"))


def bind(name: str, params: dict | None) -> tuple[str, dict]:
    text, wanted = load(name)
    params = params or {}
    missing = [p for p in wanted if p not in params]
    if missing:
        raise KeyError(f"query {name} needs parameters {missing}")
    return text, {p: params[p] for p in wanted}


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    text, bound = bind(name, params)
    return con.execute(text, bound).df()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None):
    text, bound = bind(name, params)
    row = con.execute(text, bound).fetchone()
    return None if row is None else row[0]
