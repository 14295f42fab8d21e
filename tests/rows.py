"""Rows of the hand-made fixture databases (tests/tiny*.py) into their tables.

insert(con, "regions", REGIONS)                                    # every column, in the table's order
insert(con, "activities", ACTIVITIES, "activity_id, centre_id, date, title", category="居有所乐")
insert(con, "tickets", [{"ticket_id": "T1", ...}, ...])            # dicts: their keys are the columns
fill(con, regions=REGIONS, programmes=PROGRAMMES)                  # several tables, every column
table("tiny_tickets")                                              # tests/data/tiny_tickets.csv as dicts
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"  # the fixtures' tables kept as CSV files

# what a fixture's tickets are unless a row says otherwise, and the columns its rows begin with
TICKET_DEFAULTS = {"category": "市容环境", "source": "网格员上报", "due_source": "ticket"}
TICKET_COLUMNS = "ticket_id, community_code, reported_at, closed_at, due_at, status"
# a centre of the usual kind, running since the start of 2026
PLAIN_CENTRE = {"type": "便民党群服务中心", "opened_on": "2026-01-01", "status": "运行"}


def insert(con, table: str, rows, columns: str = "", **same) -> None:
    """Insert `rows` into `table`: each row holds the values of `columns` (comma-separated; "" every column
    of the table, or a dict row's keys), then `same` (column=value) is bound for every row."""
    rows = list(rows)
    if not rows:
        return
    if isinstance(rows[0], dict):
        columns = columns or ", ".join(rows[0])
        rows = [[r[c.strip()] for c in columns.split(",")] for r in rows]
    names = [c.strip() for c in columns.split(",") if c.strip()] + list(same)
    values = [(*r, *same.values()) for r in rows]
    width = len(values[0])
    target = f"{table} ({', '.join(names)})" if names else table
    con.executemany(f"insert into {target} values ({', '.join('?' * width)})", values)


def fill(con, **tables) -> None:
    """insert(con, table, rows) for each table=rows, every column, in the order given."""
    for table, rows in tables.items():
        insert(con, table, rows)


def table(name: str) -> list[dict]:
    """The rows of tests/data/NAME.csv, each a dict by the header's column names, an empty cell None."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [{k: v or None for k, v in row.items()} for row in csv.DictReader(f)]
