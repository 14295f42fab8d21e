"""A province's worth of demo records written straight into a lake, a month at a time.

`python -m grassroots lake demo --to DIR --tickets 50000000` draws the places of a demo scale (by
default the large one: every street in data/geo/streets_subset.csv) and that scale's records with the
ticket volume set to the number asked, month by month, into an in-memory database that never holds
more than one month; each month's rows go to their district/month partitions through the same writer
as `lake export` (grassroots/lake.py), so the manifest, the checksums and the layout are the export's.
Memory stays bounded by one month.
Same seed and volume give the same lake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import duckdb

from grassroots import lake
from grassroots.demo import world
from grassroots.demo.generate import DEFAULT_AS_OF, DEFAULT_SEED, RECORDS, draw_months, write_places
from grassroots.progress import NULL, Progress
from grassroots.schema import migrate


def build(
    folder,
    tickets: int = 50_000_000,
    scale: str = "large",
    seed: int = DEFAULT_SEED,
    as_of: dt.date = DEFAULT_AS_OF,
    progress: Progress = NULL,
) -> dict:
    """Write the demo lake into `folder` (a new folder); returns counts, partitions, bytes and seconds."""
    target, old = lake.open_lake(folder)
    if old["tables"] or old["reference"]:
        raise lake.LakeError(f"{target} already holds a lake; the demo lake is written into a new folder")
    started = time.monotonic()
    w = world.make(scale, int(seed), as_of)
    w = dataclasses.replace(w, sizes={**w.sizes, "tickets": int(tickets)})
    # the records are made up: their personal columns go in as drawn, as a platform's own lake holds them
    writer = lake.Writer(target, old, f"demo:{scale}:seed{seed}:tickets{tickets}", personal="keep")
    counts = {table: 0 for table, _, _ in RECORDS}
    con = duckdb.connect()
    try:
        migrate.upgrade(con)
        write_places(con, w)
        for table in lake.REFERENCE:
            writer.reference(con, table)
        for i, months, name, rows in draw_months(con, w, seed):
            for table, n in rows.items():
                counts[table] += n
                writer.add(con, table)
                con.execute(f"delete from {table}")  # noqa: S608 - a table name from RECORDS
            progress(i + 1, months, f"{name}: {counts['tickets']:,} tickets")
        summary = writer.close()
    finally:
        writer.discard()
        con.close()
    return {
        "counts": counts,
        "partitions": summary["partitions"],
        "seconds": round(time.monotonic() - started, 1),
        "bytes": sum(p.stat().st_size for p in Path(target).rglob("*.parquet")),
    }
