"""Named queries: queries/<subject>/<name>.sql, run with bound parameters.

A query file starts with a comment naming its parameters and output columns. Parameters are
written `$name`; `run` binds only the names the file uses, so every page can pass the whole
filter dict. Values are never formatted into SQL text.
"""

from __future__ import annotations

import datetime as dt
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


# tickets/rates reads the monthly ticket rollup (migration 014) through tickets/rates_monthly (same
# parameters and columns: counts equal, quantiles within the histograms' tolerance) when the rollup holds
# what the parameters ask: a grouping it is keyed by, all tickets (not only escalated ones) and a response
# limit it counts; otherwise the records.
ROLLUP_DIMS = ("source", "category", "street", "community", "period", "")
RESPONSE_LIMITS = (1, 2, 4, 8, 24)  # hours: rollup_tickets_monthly's response_<h>h_n


def _rates_from_rollup(p: dict) -> bool:
    dim, hours = p.get("dim"), p.get("response_hours")
    if dim not in ROLLUP_DIMS or (dim == "period" and p.get("grain") != "month") or p.get("escalated_only"):
        return False
    return isinstance(hours, (int, float)) and hours in RESPONSE_LIMITS


# assessment/tickets reads the rollup (its months, its ragged edges from the records and the open records
# apart); a window of a quarter or less takes less reading from the records alone, through
# assessment/tickets_from_records (same parameters and columns, the counts equal).
SHORT_WINDOW_DAYS = 92


def _short_window(p: dict) -> bool:
    start, end = _day(p.get("date_from")), _day(p.get("date_to"))
    return start is not None and end is not None and (end - start).days <= SHORT_WINDOW_DAYS


ROUTES = {
    "tickets/rates": ("tickets/rates_monthly", _rates_from_rollup),
    "assessment/tickets": ("assessment/tickets_from_records", _short_window),
}


def route(name: str, params: dict | None) -> str:
    """The query that answers `name` for `params`: the other reader of ROUTES when its test holds for them."""
    alt = ROUTES.get(name)
    return alt[0] if alt and alt[1](params or {}) else name


# A window's ticket rollup rows: tickets_monthly_in and ticket_hist_in (09_ticket_histograms.sql) read the
# whole months from the rollups and the ragged edge days from the records. For a window of whole months the
# edges are empty, yet planning their record scans costs more than reading the rollups: such a query calls
# the rollups-only macros instead (macro names from this module, never input).
# The services readers' twins come from grassroots/schema/migrate.py (WINDOW_READERS, WHOLE_READER).
WHOLE_MONTH_MACROS = {
    "tickets_monthly_in(": "tickets_monthly_whole(",
    "ticket_hist_in(": "ticket_hist_whole(",
    "services_in(": "services_whole(",
    "service_items_in(": "service_items_whole(",
    "service_hours_in(": "service_hours_whole(",
    "ticket_close_hist_in(": "ticket_close_hist_whole(",
}
_WINDOW_CALL = re.compile(r"(?:" + "|".join(re.escape(m[:-1]) for m in WHOLE_MONTH_MACROS) + r")\(([^()]*)\)")


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# The window macros' bounds (02_windows.sql) reckoned in Python, to tell which macros a query needs.
def _first_of_next_month(d: dt.date) -> dt.date:
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _whole_from(date_from: dt.date) -> dt.date:
    """whole_from: the first day of the window's first whole month."""
    return date_from if date_from.day == 1 else _first_of_next_month(date_from)


def _whole_to(date_to: dt.date, as_of: dt.datetime | None) -> dt.date:
    """whole_to: the end of the window's last whole month; a window running past as_of holds its last month."""
    if as_of is not None and dt.datetime.combine(date_to, dt.time()) > as_of.replace(tzinfo=None):
        return _first_of_next_month(date_to - dt.timedelta(days=1))
    return date_to.replace(day=1)


def _calls(text: str) -> list[list[str]]:
    """The arguments of every window macro call of `text`."""
    return [[a.strip() for a in call.split(",")] for call in _WINDOW_CALL.findall(_COMMENT.sub("", text))]


def _window(args: list[str], params: dict) -> tuple[dt.date, dt.date, dt.datetime | None] | None:
    """The (date_from, date_to, as_of) of a call over the query's window - ($date_from, $date_to, $as_of), or
    ($date_from, $date_to, $date_to) for a caller without one - or None for any other call."""
    start, end = _day(params.get("date_from")), _day(params.get("date_to"))
    if start is None or end is None or args[:2] != ["$date_from", "$date_to"]:
        return None
    if args[2:] == ["$date_to"]:
        return start, end, dt.datetime.combine(end, dt.time())
    if args[2:] == ["$as_of"]:
        as_of = params.get("as_of")
        return start, end, as_of if isinstance(as_of, dt.datetime) else None
    return None


def _whole_months(text: str, params: dict) -> bool:
    """Whether every window macro call of `text` reads whole months for `params`: a call over the window when
    it starts on a first of the month and its last month is whole (whole_to reaches date_to); a call over what
    precedes the window (.., $date_from, $date_from) when the window starts on one."""
    start, end = _day(params.get("date_from")), _day(params.get("date_to"))
    if start is None or end is None or start.day != 1:
        return False
    for args in _calls(text):
        if args[1:] == ["$date_from", "$date_from"]:
            continue
        window = _window(args, params)
        if window is None or _whole_to(window[1], window[2]) < window[1]:
            return False
    return True


# A window that holds no whole month reads every day from the finer rows: such a query calls the one-call
# twins (`*_part`), sparing the planning of the rollup's read and of a second, empty edge.
PART_MACROS = {macro: macro.removesuffix("_in(") + "_part(" for macro in WHOLE_MONTH_MACROS}


def _no_whole_month(text: str, params: dict) -> bool:
    """Whether `text` calls window macros only over the window, and the window holds no whole month for
    `params` (whole_from reaches whole_to)."""
    calls = _calls(text)
    windows = [_window(args, params) for args in calls]
    return bool(calls) and all(w is not None and _whole_from(w[0]) >= _whole_to(w[1], w[2]) for w in windows)


# A window starting on a month's first day reads no left edge: such a query calls the twins without one
# (`*_tail`), sparing the planning of that empty edge's scan.
TAIL_MACROS = {macro: macro.removesuffix("_in(") + "_tail(" for macro in WHOLE_MONTH_MACROS}
_MENTION = re.compile(r"(?:" + "|".join(re.escape(m[:-1]) for m in WHOLE_MONTH_MACROS) + r")\(")
_LITERAL_DAY = re.compile(r"^(?:date\s+)?'\d{4}-\d{2}-(\d{2})'(?:::date)?$", re.IGNORECASE)


def _starts_on_a_first(args: list[str], params: dict) -> bool:
    """Whether a window macro call's date_from is a month's first day: the query's $date_from, or a literal date."""
    if args[0] == "$date_from":
        start = _day(params.get("date_from"))
        return start is not None and start.day == 1
    literal = _LITERAL_DAY.match(args[0])
    return literal is not None and literal.group(1) == "01"


def _tails_only(text: str, params: dict) -> bool:
    """Whether every window macro call of `text` starts on a month's first day."""
    calls = _calls(text)
    return bool(calls) and all(len(args) == 3 and _starts_on_a_first(args, params) for args in calls)


def _for_window(text: str, params: dict) -> str:
    if "_in(" not in text:
        return text
    if len(_MENTION.findall(_COMMENT.sub("", text))) != len(_calls(text)):
        return text  # a call whose arguments are not plain: read as written
    if _whole_months(text, params):
        twins = WHOLE_MONTH_MACROS
    elif _no_whole_month(text, params):
        twins = PART_MACROS
    elif _tails_only(text, params):
        twins = TAIL_MACROS
    else:
        return text
    for macro, twin in twins.items():
        text = text.replace(macro, twin)
    return text


# A scope without a centre filter is its region alone: a query's community_in_scope calls over the page's scope
# become community_in_region (01_scope.sql) when $centre_id, $centre_type and $pilot_batch are all null.
_SCOPE_CALL = re.compile(
    r"community_in_scope\(((?:[^()]|\([^()]*\))*?,\s*\$region,\s*\$centre_id,\s*\$centre_type,\s*\$pilot_batch)\)"
)
CENTRE_FILTERS = ("centre_id", "centre_type", "pilot_batch")


def _for_scope(text: str, params: dict) -> str:
    if "community_in_scope(" not in text or any(params.get(k) is not None for k in CENTRE_FILTERS):
        return text
    return _SCOPE_CALL.sub(r"community_in_region(\1)", text)


def used(name: str, params: dict | None) -> dict:
    """The parameters of `params` that queries/<name>.sql uses (a caller may pass a page's whole set)."""
    _, wanted = load(name)
    return {k: v for k, v in (params or {}).items() if k in wanted}


def bind(name: str, params: dict | None, exact: bool = False) -> tuple[str, dict]:
    """The text and bound parameters of `name` (of the reader `route` picks for `params`, unless `exact`: the
    file `name` itself)."""
    if not exact:
        name = route(name, params)
    text, wanted = load(name)
    text = _for_scope(_for_window(text, params or {}), params or {})
    params = params or {}
    missing = [p for p in wanted if p not in params]
    if missing:
        raise KeyError(f"query {name} needs parameters {missing}")
    return text, {p: params[p] for p in wanted}


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None, exact: bool = False) -> pd.DataFrame:
    text, bound = bind(name, params, exact)
    return con.execute(text, bound).df()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None):
    text, bound = bind(name, params)
    row = con.execute(text, bound).fetchone()
    return None if row is None else row[0]
