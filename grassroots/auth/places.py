"""What the database says about accounts: is it the demo database, and which place a scope names.

`query` is any callable (name, params) -> DataFrame running queries/<name>.sql: the page's cached
`grassroots.ui.data.query`, or `lambda n, p: sql.run(con, n, p)` on a connection.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots.auth.roles import Scope, ScopeError
from grassroots.auth.settings import AuthSettings

Query = Callable[[str, dict], pd.DataFrame]


def is_demo(query: Query) -> bool:
    frame = query("auth/is_demo", {})
    return bool(len(frame) and frame["demo"].iloc[0])


def is_demo_database(db_path) -> bool:
    """is_demo on the database file itself (not a page's cache): before and after an import."""
    from grassroots import db, sql

    path = db.resolve(db_path)
    if not path.exists():
        return False
    with db.reader(path) as con:
        return is_demo(lambda n, p: sql.run(con, n, p))


def resolve(scope: Scope, query: Query) -> tuple[Scope, str]:
    """The scope with a centre's community filled in, and the place's name.

    Raises ScopeError when the region or centre is not in the database."""
    if not scope.region and not scope.centre_id:
        return scope, ""
    row = query("auth/scope_place", {"code": scope.region, "centre": scope.centre_id}).iloc[0]
    if scope.centre_id:
        if pd.isna(row["centre_name"]):
            raise ScopeError(f"centre {scope.centre_id} is not in the database")
        return Scope(str(row["centre_community"]), scope.centre_id), str(row["centre_name"])
    if pd.isna(row["region_name"]):
        raise ScopeError(f"region {scope.region} is not in the database")
    return scope, str(row["region_name"])


def demo_accounts(settings: AuthSettings, query: Query) -> list[tuple[str, Scope, str]]:
    """(role, resolved scope, place name) of each configured demo account whose place exists."""
    out = []
    for a in settings.demo:
        try:
            scope, name = resolve(a.scope, query)
        except ScopeError:
            continue
        out.append((a.role, scope, name))
    return out
