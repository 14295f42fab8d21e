"""Build the demo database: places first, then the records month by month, then the rollups.

The database is built in a temporary file beside the target and moved into place at the end, so a
half-built database never exists under the target's name. Same scale, seed and as_of give the same
contents; records are inserted in time order so DuckDB's zone maps serve date-range filters.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from grassroots import db, rollups
from grassroots.demo import activities, community, services, tickets, world
from grassroots.demo.places import GEO_DIR
from grassroots.ingest import model
from grassroots.ingest.geojson import load_boundaries
from grassroots.progress import NULL, Progress

DEFAULT_AS_OF = dt.date(2026, 11, 20)
DEFAULT_SEED = 7

# table, generator, random stream (each table and month draws from its own stream)
RECORDS = (
    ("service_records", services.month, 1),
    ("tickets", tickets.month, 2),
    ("activities", activities.month, 3),
    ("wishes", community.wishes_month, 4),
    ("volunteering", community.volunteering_month, 5),
    ("party_member_reports", community.party_month, 6),
)


def append(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, columns: list[str] | None = None) -> int:
    """Insert an Arrow table into `table` by column name (columns it lacks are left null).
    `columns`: the table's columns, when the caller knows them."""
    columns = columns or con.table(table).columns
    n = data.num_rows
    arrays = [data.column(c) if c in data.column_names else pa.nulls(n) for c in columns]
    rows = con.from_arrow(pa.table(arrays, names=columns))
    keys = model.TABLES[table].cluster_keys(columns) if table in model.TABLES else []
    if keys:  # stored in the order an import stores them (migrations 018, 019)
        rows = rows.order(", ".join(keys))
    rows.insert_into(table)
    return n


def _write_places(con: duckdb.DuckDBPyConnection, w: world.World) -> dict[str, int]:
    cen = w.cen
    frames = {
        "regions": w.reg.regions,
        "programmes": cen.programmes,
        "programme_targets": cen.targets,
        "centres": cen.centres,
        "service_items": cen.items,
        "centre_items": cen.centre_items,
    }
    out = {}
    for table, frame in frames.items():
        columns = [c for c in con.table(table).columns if c in frame.columns]
        out[table] = append(con, table, pa.Table.from_pandas(frame[columns], preserve_index=False))
    meta = {"demo_scale": w.scale, "demo_seed": str(w.seed), "demo_as_of": w.tl.as_of.isoformat()}
    append(con, "meta", pa.table({"key": list(meta), "value": list(meta.values())}))
    return out


def write_places(con: duckdb.DuckDBPyConnection, w: world.World) -> dict[str, int]:
    """The world's places, centres, catalogue and programmes, and the district boundaries as an import would
    load them; returns rows per table."""
    counts = _write_places(con, w)
    for path in sorted(GEO_DIR.glob("*_full.json")):
        counts["region_boundaries"] = counts.get("region_boundaries", 0) + load_boundaries(con, path).rows_loaded
    return counts


def draw_months(con: duckdb.DuckDBPyConnection, w: world.World, seed: int) -> Iterator[tuple[int, int, str, dict]]:
    """Draw the records a month at a time into `con` (each table and month from its own random stream); after
    each month yields (its index, the number of months, its name, rows added per table)."""
    columns = {table: con.table(table).columns for table, _, _ in RECORDS}
    months = w.tl.months()
    for i, (name, days) in enumerate(months):
        rows = {}
        for table, make, stream in RECORDS:
            rng = np.random.default_rng([int(seed), stream, i])
            rows[table] = append(con, table, make(w, rng, name, days), columns[table])
        yield i, len(months), name, rows


def _discard(path: Path) -> None:
    for p in (
        path,
        path.with_name(path.name + ".wal"),
        path.with_name(path.name + ".write.lock"),
    ):
        p.unlink(missing_ok=True)


def build(
    db_path: str | os.PathLike | None = None,
    scale: str = "small",
    seed: int = DEFAULT_SEED,
    progress: Progress = NULL,
    as_of: dt.date = DEFAULT_AS_OF,
    overwrite: bool = False,
) -> dict:
    """Build the demo database at `db_path`; returns row counts per table and the seconds taken.

    Refuses (FileExistsError) to replace an existing database unless `overwrite`."""
    target = db.resolve(db_path)
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    started = time.monotonic()
    progress(0, 1, "places")
    w = world.make(scale, int(seed), as_of)
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    _discard(tmp)
    try:
        with db.writer(tmp) as con:
            # one checkpoint at the end: checkpoints along the way rewrite the growing key indexes
            con.execute("set checkpoint_threshold = '1TB'")
            counts = write_places(con, w)
            counts.update({table: 0 for table, _, _ in RECORDS})
            for i, months, name, rows in draw_months(con, w, seed):
                for table, n in rows.items():
                    counts[table] += n
                progress(0.02 + 0.88 * (i + 1) / months, 1, f"{name}: {counts['tickets']:,} tickets")
            progress(0.9, 1, "rollups")
            rollups.rebuild(con)
            con.execute("checkpoint")
        target.parent.mkdir(parents=True, exist_ok=True)
        with db.exclusive(target):
            if target.exists() and not overwrite:
                raise FileExistsError(str(target))
            target.with_name(target.name + ".wal").unlink(missing_ok=True)
            os.replace(tmp, target)
    finally:
        _discard(tmp)
    progress(1, 1, "done")
    return {
        "counts": counts,
        "seconds": time.monotonic() - started,
        "scale": scale,
        "seed": int(seed),
        "as_of": as_of,
        "path": target,
    }
