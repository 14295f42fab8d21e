"""Retention and residents' rights (个人信息保护法) over the personal columns the catalogue names
(grassroots/schema/personal.toml):

- `purge`: records finished before a cutoff (queries/privacy/aged.sql) keep their rows, dates, places
  and categories - every count and rollup stays as it was - while their personal columns are
  anonymised: each value becomes what a role without the personal right sees (the masks of
  grassroots/privacy.py), so nobody can be told from it.
- `find`: a resident's records in every table, by phone number or ID number, in a personal column
  or inside free text.
- `erase`: those records anonymised the same way, and any free text that still names the number
  blanked.
A column the catalogue marks `key = true` (a volunteer's or party member's number) is counted
distinctly by the pages; a phone or ID number in it becomes a pseudonym in every row that holds it,
so the counts of distinct people stay too.

Every statement here is built from identifiers the catalogue and the database name (checked), with
values bound; the writer lock (grassroots.db.writer) keeps pages and imports out while it runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from grassroots import db, privacy, sql

AGED_QUERY = "privacy/aged"
BLANK = "***"  # free text that still names the number after masking
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class RightsError(ValueError):
    """A request that cannot be carried out as asked: an i18n key and its values."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


@dataclass(frozen=True)
class Person:
    """Whom a request is about: a phone number (digits only) or an ID number (upper case)."""

    kind: str  # "phone" or "id"
    number: str

    @classmethod
    def of(cls, phone: str | None = None, idno: str | None = None) -> Person:
        if bool(phone) == bool(idno):
            raise RightsError("privacy.one_of")
        if phone:
            digits = re.sub(r"\D", "", phone)
            if not 7 <= len(digits) <= 15:
                raise RightsError("privacy.bad_phone")
            return cls("phone", digits)
        number = re.sub(r"\s", "", idno or "").upper()
        if not re.fullmatch(r"\d{17}[\dX]|\d{15}", number):
            raise RightsError("privacy.bad_id")
        return cls("id", number)

    def masked(self) -> str:
        """The number as the audit log keeps it."""
        return privacy.mask_phone(self.number) if self.kind == "phone" else privacy.mask_id(self.number)

    def named_in(self, text) -> bool:
        """True when `text` holds the number (separators and case aside)."""
        if text is None or (isinstance(text, float) and pd.isna(text)):
            return False
        flat = re.sub(r"[^0-9A-Za-z]", "", str(text)).upper()
        return self.number in flat


@dataclass
class Outcome:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows changed (or found)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _q(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise RightsError("privacy.bad_name", name=name)
    return f'"{name}"'


def _personal_tables(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, privacy.Entry]]:
    """Tables of the database with personal columns, and those columns (as the catalogue has them)."""
    cat = privacy.catalogue()
    present = {
        (t, c)
        for t, c in con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'main'"
        ).fetchall()
    }
    out = {}
    for table in cat.tables:
        cols = {c: e for c, e in cat.personal(table).items() if (table, c) in present}
        if cols:
            out[table] = cols
    return out


def _pseudonym(value: str, salt: bytes) -> str:
    return "匿名" + hashlib.sha256(salt + value.encode("utf-8")).hexdigest()[:12]


def _anonymise(
    con: duckdb.DuckDBPyConnection,
    table: str,
    cols: dict[str, privacy.Entry],
    rows: pd.DataFrame,
    person: Person | None = None,
) -> int:
    """Anonymise the personal columns of `rows` (row_id and the columns) of `table`; rows changed."""
    if rows.empty:
        return 0
    plain = {c: e for c, e in cols.items() if not e.key}
    new = privacy.mask_frame(rows, may_see_personal=False)  # as a role without the right sees them
    for c, e in plain.items():
        if person is not None and e.kind == "free_text":
            new[c] = [BLANK if person.named_in(v) else v for v in new[c]]
    changed = pd.Series(False, index=rows.index)
    for c in plain:
        changed |= ~((new[c] == rows[c]) | (new[c].isna() & rows[c].isna()))
    n = int(changed.sum())
    if n:
        sets = ", ".join(f"{_q(c)} = _anon.{_q(c)}" for c in plain)
        con.register("_anon", new.loc[changed, ["row_id", *plain]])
        try:
            con.execute(f"update {_q(table)} set {sets} from _anon where {_q(table)}.rowid = _anon.row_id")
        finally:
            con.unregister("_anon")
    salt = secrets.token_bytes(16)
    for c, e in cols.items():
        if not e.key:
            continue
        values = {
            v for v in rows[c].dropna().astype(str) if privacy.mask_text(v) != v or (person and person.named_in(v))
        }
        if not values:
            continue
        mapping = pd.DataFrame({"old": sorted(values), "new": [_pseudonym(v, salt) for v in sorted(values)]})
        con.register("_keys", mapping)
        try:
            row = con.execute(f"select count(*) from {_q(table)} where {_q(c)} in (select old from _keys)").fetchone()
            hit = row[0] if row else 0
            con.execute(f"update {_q(table)} set {_q(c)} = _keys.new from _keys where {_q(table)}.{_q(c)} = _keys.old")
        finally:
            con.unregister("_keys")
        n = max(n, int(hit))
    return n


def _rows(con, table: str, cols: dict[str, privacy.Entry], where: str, params: dict) -> pd.DataFrame:
    """The row ids and personal columns of matching rows (with the columns that tell an organisation's
    name from a person's)."""
    named = [e.named_when[0] for e in cols.values() if e.named_when and e.named_when[0] not in cols]
    listed = ", ".join(_q(c) for c in [*cols, *dict.fromkeys(named)])
    return con.execute(f"select rowid as row_id, {listed} from {_q(table)} where {where}", params).df()


def cutoff_for(months: int, today: dt.date) -> dt.date:
    """The first day kept: `months` calendar months before `today`."""
    return (pd.Timestamp(today) - pd.DateOffset(months=months)).date()


def purge(db_path, cutoff: dt.date, day: dt.date | None = None) -> Outcome:
    """Anonymise the personal columns of every record finished before `cutoff`, in one transaction
    (which records `day` as the scheduled purge's, when given)."""
    out = Outcome()
    with db.writer(db_path) as con:
        con.execute("begin transaction")
        try:
            tables = _personal_tables(con)
            aged = sql.run(con, AGED_QUERY, {"cutoff": cutoff})
            missing = sorted(set(tables) - set(_aged_tables()))
            if missing:
                raise RightsError("privacy.no_age", tables=", ".join(missing))
            con.register("_aged", aged)
            try:
                for table, cols in tables.items():
                    rows = _rows(
                        con, table, cols, "rowid in (select row_id from _aged where table_name = $t)", {"t": table}
                    )
                    out.rows[table] = _anonymise(con, table, cols, rows)
            finally:
                con.unregister("_aged")
            if day is not None:
                con.execute(*sql.bind("privacy/mark_purge", {"day": day}))
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return out


def last_scheduled(db_path) -> dt.date | None:
    with db.reader(db_path) as con:
        frame = sql.run(con, "privacy/last_purge", {})
    return None if frame.empty else pd.Timestamp(frame["purged_on"].iloc[0]).date()


def _aged_tables() -> list[str]:
    """The tables queries/privacy/aged.sql ages (as its text names them)."""
    text, _ = sql.load(AGED_QUERY)
    return re.findall(r"select '(\w+)'", text)


def _match(cols: dict[str, privacy.Entry], person: Person) -> str | None:
    """The condition that finds the person's number in a table's personal columns (bound as $number)."""
    parts = []
    for c, e in cols.items():
        flat = f"upper(regexp_replace(coalesce({_q(c)}, ''), '[^0-9A-Za-z]', '', 'g'))"
        if e.kind == person.kind:
            parts.append(f"{flat} = $number")
        elif e.kind == "free_text":
            parts.append(f"strpos({flat}, $number) > 0")
    return " or ".join(parts) or None


def find(db_path, person: Person) -> dict[str, pd.DataFrame]:
    """Every record that holds the person's number, by table (tables without a match left out)."""
    out = {}
    with db.reader(db_path) as con:
        for table, cols in _personal_tables(con).items():
            cond = _match(cols, person)
            if cond is None:
                continue
            frame = con.execute(f"select * from {_q(table)} where {cond}", {"number": person.number}).df()
            if len(frame):
                out[table] = frame
    return out


def erase(db_path, person: Person) -> Outcome:
    """Anonymise every record that holds the person's number, in one transaction."""
    out = Outcome()
    with db.writer(db_path) as con:
        con.execute("begin transaction")
        try:
            for table, cols in _personal_tables(con).items():
                cond = _match(cols, person)
                if cond is None:
                    continue
                rows = _rows(con, table, cols, cond, {"number": person.number})
                if len(rows):
                    out.rows[table] = _anonymise(con, table, cols, rows, person)
        except BaseException:
            con.execute("rollback")
            raise
        if not any(out.rows.values()):  # nobody's records held the number: no new version of the database
            con.execute("rollback")
            raise db.Unchanged
        con.execute("commit")
    return out
