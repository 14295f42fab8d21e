"""Query contracts: one module per subject of queries/, each with a list CONTRACTS.

tests/test_query_contracts.py runs every contract on the tiny database and fails when a file in
queries/ has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

OCTOBER = {
    "date_from": dt.date(2026, 10, 1),
    "date_to": dt.date(2026, 11, 1),
    "as_of": dt.datetime(2026, 11, 20, 9, 0),
    "region": "",
    "centre_id": None,
    "centre_type": None,
    "pilot_batch": None,
}


def shares(*cols: str) -> Callable[[pd.DataFrame], bool]:
    """A check: the columns `cols` hold shares (0 to 1, or null)."""
    return lambda f: all(f[c].dropna().between(0, 1).all() for c in cols)


@dataclass
class Contract:
    """What queries/<query>.sql returns on `params`: `unique` columns together unique and `not_null`
    columns without nulls (either as a tuple or as one string of names: "centre_id team"), at least
    `min_rows` rows, and every one of `checks` (frame -> bool) true; `.where(...)` adds checks.

        Contract("services/by_channel", P, unique="channel", not_null="channel services").where(
            lambda f: abs(f.share.sum() - 1) < 1e-9,
        )
    """

    query: str
    params: dict = field(default_factory=dict)
    unique: tuple[str, ...] | str = ()  # together unique
    not_null: tuple[str, ...] | str = ()
    checks: tuple[Callable[[pd.DataFrame], bool], ...] = ()
    min_rows: int = 1
    # for queries that write (rollups): run against a writer, then check with `after`
    writes: bool = False

    def __post_init__(self):
        self.unique = tuple(self.unique.split()) if isinstance(self.unique, str) else tuple(self.unique)
        self.not_null = tuple(self.not_null.split()) if isinstance(self.not_null, str) else tuple(self.not_null)

    def where(self, *checks: Callable[[pd.DataFrame], bool]) -> Contract:
        """This contract with `checks` added to its own."""
        return replace(self, checks=(*self.checks, *checks))
