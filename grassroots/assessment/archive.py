"""Filed assessment results: `<database>.archive.sqlite` beside the database keeps each filed result with
the text of its indicator system and both checksums, so a result can be shown and reproduced after
the weights change (re-run it with the archived system text: the same numbers come out)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from grassroots import sidefile

SCHEMA = """
create table if not exists filed (
    filed_id integer primary key autoincrement,
    filed_at text not null,
    filed_by text not null,
    system text not null,
    system_name text not null,
    period text not null,
    level text not null,
    scope text not null,
    system_text text not null,
    system_sha256 text not null,
    result text not null,
    result_sha256 text not null
);
"""


def path_for(db: Path) -> Path:
    return sidefile.beside(db, "archive")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class Archive(sidefile.Store):
    schema = SCHEMA

    def file(self, result: dict, system_text: str, by: str, at: dt.datetime | None = None) -> int:
        body = _canonical(result)
        with self._con() as con:
            cur = con.execute(
                "insert into filed (filed_at, filed_by, system, system_name, period, level, scope, system_text, "
                "system_sha256, result, result_sha256) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (at or dt.datetime.now()).isoformat(sep=" ", timespec="seconds"),
                    by,
                    result["system"],
                    result["system_name"],
                    result["period"],
                    result["level"],
                    result.get("scope", ""),
                    system_text,
                    sha256(system_text),
                    body,
                    sha256(body),
                ),
            )
            return int(cur.lastrowid)

    def list(self) -> list[dict]:
        with self._con() as con:
            rows = con.execute(
                "select filed_id, filed_at, filed_by, system, system_name, period, level, scope, "
                "system_sha256, result_sha256 from filed order by filed_id desc"
            ).fetchall()
        return [dict(r) for r in rows]

    def get(self, filed_id: int) -> dict:
        with self._con() as con:
            r = con.execute("select * from filed where filed_id = ?", (filed_id,)).fetchone()
        if r is None:
            raise KeyError(filed_id)
        out = dict(r)
        out["intact"] = (
            sha256(out["result"]) == out["result_sha256"] and sha256(out["system_text"]) == out["system_sha256"]
        )
        out["result"] = json.loads(out["result"])
        return out
