"""What fired, since when, who acknowledged it, and whether it was sent: `<database>.alerts.sqlite`
beside the database (SQLite, like the accounts file, because the app reads DuckDB read-only while
alerts must be writable at any time).

`record(fired, at)` keeps one row per (rule, unit) while it keeps firing: the first time opens it
(`since`), later evaluations update its value, and an evaluation where it no longer fires clears it.
An alert that clears and fires again is a new alert. `unsent()` / `mark_sent()` let a delivery send each
alert once."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from grassroots import sidefile

SCHEMA = """
create table if not exists alerts (
    alert_id integer primary key autoincrement,
    rule text not null,
    unit_code text not null,
    unit_name text,
    metric text not null,
    first_fired_at text not null,
    last_fired_at text not null,
    last_value real,
    detail text not null,              -- the last evaluation's entry, as JSON
    cleared_at text,
    acknowledged_at text,
    acknowledged_by text,
    note text,
    sent_at text
);
create unique index if not exists alerts_open on alerts(rule, unit_code) where cleared_at is null;
create table if not exists evaluated (
    id integer primary key check (id = 1),
    signature text not null,           -- what the data looked like: newest record and last import
    at text not null
);
"""


def path_for(db: Path) -> Path:
    return sidefile.beside(db, "alerts")


class AlertStore(sidefile.Store):
    schema = SCHEMA

    def record(self, fired: list[dict], at: dt.datetime, rules: set[str] | None = None) -> dict:
        """Store one evaluation at `at`; `rules`: the rule keys evaluated (an open alert of a rule not
        evaluated stays open). Returns counts of new, still and cleared alerts."""
        stamp = at.isoformat(sep=" ", timespec="seconds")
        keys = {(f["rule"], f["unit_code"]) for f in fired}
        new = still = cleared = 0
        with self._con() as con:
            for f in fired:
                row = con.execute(
                    "select alert_id from alerts where rule = ? and unit_code = ? and cleared_at is null",
                    (f["rule"], f["unit_code"]),
                ).fetchone()
                detail = json.dumps(f, ensure_ascii=False, default=str)
                if row:
                    con.execute(
                        "update alerts set last_fired_at = ?, last_value = ?, detail = ?, unit_name = ? "
                        "where alert_id = ?",
                        (stamp, f["value"], detail, f["unit_name"], row["alert_id"]),
                    )
                    still += 1
                else:
                    con.execute(
                        "insert into alerts (rule, unit_code, unit_name, metric, first_fired_at, last_fired_at, "
                        "last_value, detail) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        (f["rule"], f["unit_code"], f["unit_name"], f["metric"], stamp, stamp, f["value"], detail),
                    )
                    new += 1
            for row in con.execute("select alert_id, rule, unit_code from alerts where cleared_at is null").fetchall():
                if (row["rule"], row["unit_code"]) not in keys and (rules is None or row["rule"] in rules):
                    con.execute("update alerts set cleared_at = ? where alert_id = ?", (stamp, row["alert_id"]))
                    cleared += 1
        return {"new": new, "still": still, "cleared": cleared}

    def signature(self) -> str | None:
        with self._con() as con:
            row = con.execute("select signature from evaluated where id = 1").fetchone()
        return None if row is None else row["signature"]

    def set_signature(self, signature: str, at: dt.datetime) -> None:
        with self._con() as con:
            con.execute(
                "insert into evaluated (id, signature, at) values (1, ?, ?) on conflict (id) do update "
                "set signature = excluded.signature, at = excluded.at",
                (signature, at.isoformat(sep=" ", timespec="seconds")),
            )

    def open_alerts(self) -> list[dict]:
        with self._con() as con:
            rows = con.execute(
                "select * from alerts where cleared_at is null order by first_fired_at, alert_id"
            ).fetchall()
        return [self._entry(r) for r in rows]

    def all_alerts(self, limit: int = 1000) -> list[dict]:
        with self._con() as con:
            rows = con.execute("select * from alerts order by alert_id desc limit ?", (limit,)).fetchall()
        return [self._entry(r) for r in rows]

    @staticmethod
    def _entry(r: sqlite3.Row) -> dict:
        out = json.loads(r["detail"])
        out.update(
            alert_id=r["alert_id"],
            since=r["first_fired_at"],
            last_seen=r["last_fired_at"],
            cleared_at=r["cleared_at"],
            acknowledged_at=r["acknowledged_at"],
            acknowledged_by=r["acknowledged_by"],
            note=r["note"],
            sent_at=r["sent_at"],
        )
        return out

    def acknowledge(self, alert_id: int, user: str, note: str = "", at: dt.datetime | None = None) -> bool:
        stamp = (at or dt.datetime.now()).isoformat(sep=" ", timespec="seconds")
        with self._con() as con:
            cur = con.execute(
                "update alerts set acknowledged_at = ?, acknowledged_by = ?, note = ? where alert_id = ?",
                (stamp, user, note.strip() or None, alert_id),
            )
        return cur.rowcount == 1

    def unsent(self) -> list[dict]:
        return [a for a in self.open_alerts() if a["sent_at"] is None]

    def mark_sent(self, ids: list[int], at: dt.datetime | None = None) -> None:
        stamp = (at or dt.datetime.now()).isoformat(sep=" ", timespec="seconds")
        with self._con() as con:
            con.executemany(
                "update alerts set sent_at = ? where alert_id = ? and sent_at is null", [(stamp, i) for i in ids]
            )
