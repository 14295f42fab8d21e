"""Helpers for the ingest tests: fixture files written at run time, and a small database."""

from __future__ import annotations

import csv
from pathlib import Path

from grassroots import db

COMMUNITY = "530111001001"
STREET = "530111001"
DISTRICT = "530111"
CENTRE = "C001"

TICKET_HEADER = [
    "工单编号",
    "来源渠道",
    "问题大类",
    "社区代码",
    "上报时间",
    "受理时间",
    "结案时间",
    "办理时限",
    "是否吹哨",
    "返工次数",
    "状态",
]
# a city hotline's (311) case export, as config/profiles/city_hotline.toml reads it
HOTLINE_HEADER = (
    "Case ID|Created Date|Closed Date|Status|Category|Subcategory|Department|Latitude|Longitude|Source".split("|")
)


def write_csv(
    path: Path, rows: list[list], encoding: str = "utf-8", title: str | None = None, delimiter: str = ","
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        if title:
            fh.write(title + "\n")
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path


def seeded_db(path: Path) -> Path:
    """A database with a district, a street, a community and one centre (written with SQL, not the importer)."""
    with db.writer(path) as con:
        con.execute(
            "insert into regions (code, name, parent_code, level) values "
            "(?, '官渡区', null, 'district'), (?, '关上街道', ?, 'street'), (?, '小街社区', ?, 'community')",
            [DISTRICT, STREET, DISTRICT, COMMUNITY, STREET],
        )
        con.execute(
            "insert into centres (centre_id, name, type, community_code) values (?, '小街中心', '便民党群服务中心', ?)",
            [CENTRE, COMMUNITY],
        )
    return path


def checksums(path: Path) -> dict:
    with db.reader(path) as con:
        return db.table_checksums(con)


def query(path: Path, sql: str, params=None) -> list[tuple]:
    with db.reader(path) as con:
        return con.execute(sql, params).fetchall()


def ticket(
    tid,
    reported="2023-06-10 09:00:00",
    closed="",
    status="办理中",
    category="市容环境",
    community=COMMUNITY,
    due="",
    accepted="",
    escalated="否",
    rework="0",
) -> list:
    return [tid, "网格员上报", category, community, reported, accepted, closed, due, escalated, rework, status]
