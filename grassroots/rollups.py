"""Rollups: daily aggregates kept equal to their records.

Each import calls `days_touched` on the staged rows before it writes (to catch the old days of
records it updates) and after, then `refresh` for those days; the demo build calls `rebuild`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator

import duckdb

from grassroots import config, sql

# table -> (rollup table, refresh query, timestamp columns whose day a record counts on); a table whose
# rollups are all monthly (MONTHLY) has no daily one (None, None, columns)
ROLLUPS = {
    "service_records": ("rollup_services_daily", "rollups/services_daily_refresh", ("accepted_at",)),
    "tickets": (None, None, ("reported_at", "closed_at")),
    "volunteering": (None, None, ("date",)),
}
# a change to centres moves services between communities (通办) and so touches every service day
DEPENDENTS = {"centres": ("service_records",)}
# month-grain rollups of a table in ROLLUPS (its timestamp columns place a record), for views whose
# day grain would hold as many rows as the records: table -> ((rollup table, builder), ...). A builder
# is a table macro (lo, hi, skip_from, skip_to) giving the rollup's rows for the records in [lo, hi)
# (grassroots/schema/macros/), or a refresh query of its own (a path under queries/). Each is recomputed
# for the whole months holding the days touched, the builder macros by one query (rollups/monthly_refresh).
MONTHLY = {
    "service_records": (
        ("rollup_service_items_monthly", "service_items_agg"),  # 009
        ("rollup_service_hours_monthly", "service_hours_agg"),  # 009
        ("rollup_services_monthly", "services_daily_agg"),  # from rollup_services_daily (011)
    ),
    "volunteering": (("rollup_volunteering_monthly", "volunteering_agg"),),  # 011
    "tickets": (
        ("rollup_tickets_subcat_monthly", "rollups/tickets_subcat_monthly_refresh"),  # hot spots (013)
        ("rollup_tickets_monthly", "ticket_month_agg"),  # counts (014)
        ("rollup_tickets_hist", "ticket_hist_agg"),  # histograms (014)
        ("rollup_ticket_close_hist", "ticket_close_hist_agg"),  # hours to close by street (017)
    ),
}
MONTHLY_REFRESH = "rollups/monthly_refresh"


def ext_spans() -> list[tuple[bool, int, int]]:
    """config/app.toml [extended_hours] as (weekend, first minute of the day, minute it ends before)."""
    cfg = config.app()

    def minute(hhmm: str) -> int:
        h, m = str(hhmm).split(":")[:2]
        return int(h) * 60 + int(m)

    spans = [(False, a, b) for a, b in cfg.extended_weekday] + [(True, a, b) for a, b in cfg.extended_weekend]
    return [(weekend, minute(a), minute(b)) for weekend, a, b in spans]


def load_ext_spans(con: duckdb.DuckDBPyConnection) -> None:
    """The temporary table ext_spans that the services rollup reads (see ext_spans)."""
    con.execute("create or replace temp table ext_spans (weekend boolean, start_min integer, end_min integer)")
    rows = ext_spans()
    if rows:
        con.executemany("insert into ext_spans values (?, ?, ?)", rows)


def days_touched(con: duckdb.DuckDBPyConnection, table: str, id_column: str, ids_relation: str) -> set[dt.date]:
    """Days on which the records of `table` whose ids appear in `ids_relation` currently count."""
    if table not in ROLLUPS:
        return set()
    _, _, cols = ROLLUPS[table]
    days: set[dt.date] = set()
    for col in cols:
        q = (
            f'select distinct t."{col}"::date from "{table}" t '
            f'where t."{col}" is not null and t."{id_column}" in (select "{id_column}" from {ids_relation})'
        )
        days.update(d for (d,) in con.execute(q).fetchall())
    return days


@contextlib.contextmanager
def one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB runs the statements inside on one thread, then on as many as before. The rollups' aggregations
    (hundreds of thousands of groups from a million records) take about as long on one thread as on two and
    a third less CPU: two threads each build a hash table of their own and then merge them. An import then
    leaves the other core to the viewers."""
    (before,) = con.execute("select current_setting('threads')").fetchone() or (None,)
    con.execute("set threads = 1")
    try:
        yield
    finally:
        if before is not None:
            con.execute("set threads = $n", {"n": int(before)})


def refresh(con: duckdb.DuckDBPyConnection, table: str, days: Iterable[dt.date] | None) -> None:
    """Recompute the rollup of `table` for `days` (None: all). Call inside the import's transaction."""
    with one_thread(con):
        _refresh(con, table, days)


def _refresh(con: duckdb.DuckDBPyConnection, table: str, days: Iterable[dt.date] | None) -> None:
    for t in (table, *DEPENDENTS.get(table, ())):
        if t not in ROLLUPS:
            continue
        rollup, query, _ = ROLLUPS[t]
        d = None if (days is None or t != table) else sorted(set(days))
        if d is not None and not d:
            continue
        if rollup is None or query is None:
            _refresh_monthly(con, t, d)
            continue
        load_ext_spans(con)
        params: dict[str, object]
        if d is None:
            con.execute(f"delete from {rollup}")
            params = {"days": None, "day_min": None, "day_max": None}
        else:
            con.execute(f"delete from {rollup} where list_contains($days, day)", {"days": d})
            params = {"days": d, "day_min": d[0], "day_max": d[-1]}
        text, bound = sql.bind(query, params)
        con.execute(text, bound)
        _refresh_monthly(con, t, d)


def _refresh_monthly(con: duckdb.DuckDBPyConnection, table: str, days: list[dt.date] | None) -> None:
    months = None if days is None else sorted({dt.date(d.year, d.month, 1) for d in days})
    for rollup, builder in MONTHLY.get(table, ()):
        if months is None:
            con.execute(f"delete from {rollup}")
        else:
            con.execute(f"delete from {rollup} where list_contains($months, month)", {"months": months})
        params = {
            "months": months,
            "month_min": months[0] if months else None,
            "month_max": months[-1] if months else None,
        }
        text, bound = bind(rollup, builder, params)
        con.execute(text, bound)


def text_of(rollup: str, query: str) -> str:
    """The SQL that refreshes `rollup`: its own query (a path under queries/), or the shared monthly refresh
    with the rollup's and its builder macro's names put in (MONTHLY: names from this module, never input)."""
    if "/" in query:
        return sql.load(query)[0]
    return sql.load(MONTHLY_REFRESH)[0].replace("__rollup__", rollup).replace("__agg__", query)


def bind(rollup: str, query: str, params: dict) -> tuple[str, dict]:
    """text_of(rollup, query) and the parameters it uses, from `params`."""
    _, bound = sql.bind(query if "/" in query else MONTHLY_REFRESH, params)
    return text_of(rollup, query), bound


def definitions() -> list[tuple[str, str, str]]:
    """Every rollup as (rollup table, refresh query or builder macro - see text_of and bind -, grain 'day' or
    'month'), in the order a full build runs them (a monthly rollup may read its table's daily one)."""
    out = []
    for table, (rollup, query, _) in ROLLUPS.items():
        if rollup is not None and query is not None:
            out.append((rollup, query, "day"))
        out.extend((r, q, "month") for r, q in MONTHLY.get(table, ()))
    return out


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    for table in ROLLUPS:
        refresh(con, table, None)
