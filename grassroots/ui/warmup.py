"""The default views, computed into the query cache in the background after each import and at server
start, so the first leader after an import pays no cold query.

The default views: the overview (its cards, comparisons, trend and its chart in the default language,
programme table and official red and black lists) and the tickets page's opening (category list,
headline), each at the latest month, quarter and year, for every scope in use: everything, the scopes
of the accounts (and of the demo's one-click accounts on the demo database) and the scopes of sessions
this process has served - the widest first, at most MAX_SCOPES. The queries are the ones the pages ask
for (grassroots.views.overview.card_queries, grassroots.views.tickets.first_queries, the official
ranking), with the parameters the filter bar gives a user who picks only the period
(grassroots.ui.filters.latest).
No streamlit call is made here: it runs in a background thread of the server.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import pandas as pd

from grassroots import db, sql
from grassroots.auth.roles import EVERYTHING, Scope

log = logging.getLogger(__name__)

WINDOWS = ("month", "quarter", "year")
MAX_SCOPES = 12
SEEN_MAX = 100

_seen: dict[Scope, None] = {}  # the scopes of sessions this process has served, the most recent last


def note_scope(scope: Scope | None) -> None:
    """Remember the scope of a session (the filter bar calls it on every run)."""
    if scope is None or scope in _seen:
        return
    _seen[scope] = None
    while len(_seen) > SEEN_MAX:
        _seen.pop(next(iter(_seen)))


def enabled() -> bool:
    """Off with GRASSROOTS_WARM_VIEWS=0 (a machine that cannot spare the CPU after an import)."""
    return os.environ.get("GRASSROOTS_WARM_VIEWS", "1") != "0"


def scopes(db_path: str, query: Callable[[str, dict], pd.DataFrame]) -> list[Scope]:
    """The scopes in use, resolved as sign-in resolves them (a centre's community filled in), the widest
    first, at most MAX_SCOPES; a scope whose place is not in the database is left out."""
    from grassroots import auth
    from grassroots.auth import Store, places

    wanted: dict[Scope, None] = {EVERYTHING: None}
    try:
        if places.is_demo(query):
            for _, scope, _ in places.demo_accounts(auth.settings(), query):
                wanted[scope] = None
        store = Store.for_db(db_path)
        if store.exists():
            for account in store.accounts():
                if account.enabled:
                    wanted[account.scope] = None
    except Exception:  # noqa: BLE001 - an unreadable accounts file: warm what the sessions showed
        log.warning("reading the accounts to warm their views failed", exc_info=True)
    wanted.update(dict.fromkeys(reversed(list(_seen))))
    out: dict[Scope, None] = {}
    for scope in wanted:
        try:
            out[places.resolve(scope, query)[0]] = None
        except Exception:  # noqa: BLE001 - a place no longer in the database
            continue
    ordered = sorted(out, key=lambda s: (s.centre_id is not None, len(s.region)))
    return ordered[:MAX_SCOPES]


SCHEMA_KEY = ("schema_current",)  # grassroots.ui.data.schema_current's value, per database version


def schema_current(path: str) -> bool:
    """Whether the database at `path` holds this code's tables and macros (grassroots.schema.migrate.is_current)."""
    from grassroots.schema import migrate

    with db.reader(path) as con:
        return migrate.is_current(con)


def views(db_path: str, query: Callable[[str, dict], pd.DataFrame], value: Callable) -> int:
    """Compute the default views through `query(name, params)` (a cached query of one database version)
    and `value(key, make)` (a value cached for that version, keyed as grassroots.ui.data.shared keys it).
    Returns how many views (a page at a period for a scope) were done; one that fails is logged and skipped."""
    from grassroots import config
    from grassroots.assessment import official
    from grassroots.metrics import kpis, ticket_config
    from grassroots.ui import filters
    from grassroots.views import overview, tickets

    def ask(name: str, params: dict) -> pd.DataFrame:
        return query(name, sql.used(name, params))

    frame = query("common/data_as_of", {})
    if not len(frame) or pd.isna(frame["newest_record"].iloc[0]):
        return 0
    as_of = pd.Timestamp(frame["newest_record"].iloc[0]).to_pydatetime()
    value(SCHEMA_KEY, lambda: schema_current(db_path))  # dashboard.py asks it on every run
    for name in ("common/regions", "common/centres"):
        query(name, {})
    tc = ticket_config.tickets()
    cfg = config.app()
    first = kpis.KPIS[0]  # the trend chart's indicator until the user picks another

    def overview_view(f, scope: Scope) -> None:
        cards = overview.card_queries(f)
        for name, params in [cards["now"], *cards["bases"], cards["progress"]]:
            ask(name, params)
        trend = ask(*cards["trend"])
        value(("official_ranking", _key(f.params()), repr(scope)), lambda: official.compute(ask, f.params()))
        value(
            (overview.trend_key(first.key, cfg.default_language), _key(f.params()), repr(scope)),
            lambda: overview.trend_figure(
                trend, first.key, first.kind == "rate", f.window, cfg.default_language, f.as_of
            ),
        )

    def tickets_view(f, scope: Scope) -> None:
        for name, params in tickets.first_queries(f.params(), tc).values():
            ask(name, params)

    # what a leader sees first comes first: the default period, the overview before the tickets page
    kinds = sorted(WINDOWS, key=lambda k: k != cfg.default_period)
    in_use = scopes(db_path, query)
    done = 0
    for kind in kinds:
        for page in (overview_view, tickets_view):
            for scope in in_use:
                try:
                    page(filters.latest(kind, as_of, scope), scope)
                    done += 1
                except Exception:  # noqa: BLE001 - warming must never stop on one view
                    log.warning("warming a %s view of %s failed", kind, scope.text() or "everything", exc_info=True)
    return done


def _key(params: dict) -> tuple:
    from grassroots import querycache

    return querycache.params_key(params)
