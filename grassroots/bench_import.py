"""The bench's import section (python -m grassroots bench, section "import").

A standard-layout tickets CSV written from the bench database (queries/bench/tickets_standard_layout.sql) is
imported into a database that holds only the regions and centres, and DuckDB's own read_csv of the same file is
timed beside it: `repeat` runs of each, alternating, so that both see the same machine; medians are reported.

After each import, three pieces of its work are timed on their own, on the rows it loaded, in the same run:
- read_text: reading the file as text columns into memory, by the import's own read statement
  (grassroots.ingest.readers), without converting a value;
- write_rows: writing the loaded rows into an empty table of the tickets table's columns, on disk, committed;
- rollups: recomputing the ticket rollups of every month of the file (grassroots.rollups, as the import does:
  one thread, inside a transaction), committed.
None of them can be left out of an import of this file (read_csv itself reads and writes), so their sum says how
much of the import's CPU no faster conversion could save. The import's own CPU by step (the importer's
`CpuSteps` log) is kept too, as medians.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from grassroots import db, rollups, sql
from grassroots.progress import NULL

PARTS = ("read_text", "write_rows", "rollups")
# the report's table of the section
TABLE_COLUMNS = (
    "format",
    "rows",
    "runs",
    "import_s",
    "import_rows_s",
    "baseline",
    "baseline_s",
    "baseline_rows_s",
    "ratio",
    "ours_cpu_s",
    "read_csv_cpu_s",
    "cpu_ratio",
    *(f"{p}_cpu_s" for p in PARTS),
    "parts_ratio",
    "status",
    "cpu_steps",
)


def cpu_s() -> float:
    """CPU seconds this process has used (user + system, every thread: DuckDB's too)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class _Steps(logging.Handler):
    """Keeps the steps of the importer's CPU log lines (grassroots.ingest.importer.CpuSteps)."""

    def __init__(self, message: str, out: list[str]):
        super().__init__(logging.INFO)
        self.message, self.out = message, out

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == self.message and isinstance(record.args, tuple):
            self.out.append(f"{record.args[0]}: {record.args[1]}")


@contextlib.contextmanager
def import_steps():
    """The importer's CPU seconds by step, collected while it runs: lines "<file>: <step> <s>, <step> <s>, ..."."""
    from grassroots.ingest import importer

    out: list[str] = []
    logger = logging.getLogger(importer.__name__)
    handler, level = _Steps(importer.STEPS_LOG, out), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield out
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def steps_of(lines: list[str]) -> dict[str, float]:
    """CPU seconds by step from import_steps' lines, summed over the lines (a file's steps, then the alerts)."""
    out: dict[str, float] = {}
    for line in lines:
        for item in line.split(": ", 1)[-1].split(", "):
            step, _, value = item.rpartition(" ")
            with contextlib.suppress(ValueError):
                out[step] = out.get(step, 0.0) + float(value)
    return out


def _timed(fn) -> float:
    c0 = cpu_s()
    fn()
    return cpu_s() - c0


def fresh_target(source: Path, folder: Path) -> Path:
    """A new database in `folder` holding the regions and centres of `source`: what the tickets file refers to."""
    target = folder / f"target-{time.monotonic_ns()}.duckdb"
    with db.writer(target) as con:
        con.execute("attach $p as src (read_only)", {"p": str(source)})
        con.execute("insert into regions select * from src.regions")
        con.execute("insert into centres select * from src.centres")
        con.execute("detach src")
    return target


def read_csv_baseline(csv: Path, folder: Path) -> float:
    """CPU seconds of DuckDB's read_csv of `csv` into a table of a new database (types detected)."""
    path = folder / f"baseline-{time.monotonic_ns()}.duckdb"
    try:
        with duckdb.connect(str(path)) as con:
            return _timed(
                lambda: con.execute("create table t as select * from read_csv($p, header = true)", {"p": str(csv)})
            )
    finally:
        path.unlink(missing_ok=True)


def parts(target: Path, csv: Path) -> dict[str, float]:
    """CPU seconds of each of PARTS (see the module's docstring) on `target`, which holds `csv` imported."""
    from grassroots.ingest import statements
    from grassroots.ingest.readers import default_max_bytes, open_source

    out: dict[str, float] = {}
    source = open_source(csv, default_max_bytes())
    try:
        with db.writer(target) as con:
            sheet = source.sheets[0]
            sheet.header_row, sheet.width = 1, len(sheet.head[0])
            relation, _, params = source.relation(con, sheet)
            text = statements.text_table(statements.STAGE, relation)
            out["read_text"] = _timed(lambda: con.execute(text, statements.used(text, params)))
            con.execute(statements.drop_temps())

            sql.run(con, "bench/rows_in_memory")
            sql.run(con, "bench/rows_empty_table")

            def write() -> None:
                con.execute("begin transaction")
                sql.run(con, "bench/rows_write")
                con.execute("commit")

            out["write_rows"] = _timed(write)

            def refresh() -> None:
                con.execute("begin transaction")
                rollups.refresh(con, "tickets", None)
                con.execute("commit")

            out["rollups"] = _timed(refresh)
    finally:
        source.close()
    return out


def import_throughput(
    source: Path, rows: int, xlsx_rows: int, progress=NULL, with_xlsx: bool = True, repeat: int = 3
) -> list[dict]:
    """Import a standard-layout tickets CSV (and .xlsx) into a database that already holds the regions and
    centres, against DuckDB's read_csv of the same file: `repeat` runs each, alternating; medians. The CSV row
    also holds each of PARTS (its CPU seconds, `<part>_cpu_s`) and the import's CPU by step (`steps`)."""
    from grassroots import ingest

    out = []
    total = 2 + 3 * repeat + (3 if with_xlsx else 0)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        csv = tmp / "诉求工单.csv"
        with db.reader(source) as con:
            text, bound = sql.bind("bench/tickets_standard_layout", {"n": rows})
            con.sql(text, params=bound).write_csv(str(csv))
            row = con.execute("select count(*) from read_csv($p, header = true)", {"p": str(csv)}).fetchone()
            n = row[0] if row else 0
        progress(1, total, "csv written")
        runs: list[dict[str, float]] = []
        steps_of_runs: list[dict[str, float]] = []
        status: set[str] = set()
        for i in range(repeat):
            target = fresh_target(source, tmp)
            with import_steps() as lines:
                t0, c0 = time.perf_counter(), cpu_s()
                reports = ingest.import_files([csv], db=target)
                wall, cpu = time.perf_counter() - t0, cpu_s() - c0
            status |= {r.status for r in reports}
            progress(2 + 3 * i, total, f"csv imported ({i + 1}/{repeat})")
            t0 = time.perf_counter()
            base = read_csv_baseline(csv, tmp)
            base_wall = time.perf_counter() - t0
            progress(3 + 3 * i, total, f"read_csv baseline ({i + 1}/{repeat})")
            run = {"import_s": wall, "ours_cpu_s": cpu, "baseline_s": base_wall, "read_csv_cpu_s": base}
            run.update({f"{k}_cpu_s": v for k, v in parts(target, csv).items()})
            runs.append(run)
            steps_of_runs.append(steps_of(lines))
            for p in target.parent.glob(target.name + "*"):  # the database and the files beside it
                p.unlink(missing_ok=True)
            progress(4 + 3 * i, total, f"parts of the import ({i + 1}/{repeat})")
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        step_names = list(dict.fromkeys(s for r in steps_of_runs for s in r))
        steps = {s: statistics.median(r.get(s, 0.0) for r in steps_of_runs) for s in step_names}
        fixed = sum(med[f"{p}_cpu_s"] for p in PARTS)
        out.append(
            {
                "format": "csv",
                "rows": n,
                "runs": repeat,
                "import_s": med["import_s"],
                "import_rows_s": n / med["import_s"],
                "baseline": "duckdb read_csv",
                "baseline_s": med["baseline_s"],
                "baseline_rows_s": n / med["baseline_s"],
                "ratio": med["import_s"] / med["baseline_s"],
                "ours_cpu_s": med["ours_cpu_s"],
                "read_csv_cpu_s": med["read_csv_cpu_s"],
                "cpu_ratio": med["ours_cpu_s"] / med["read_csv_cpu_s"],
                **{f"{p}_cpu_s": med[f"{p}_cpu_s"] for p in PARTS},
                "parts_ratio": fixed / med["read_csv_cpu_s"],
                "status": ",".join(sorted(status)),
                "steps": steps,
                "cpu_steps": ", ".join(f"{k} {v:.2f}" for k, v in steps.items()),
            }
        )
        if with_xlsx:
            out.append(_xlsx(source, csv, tmp, xlsx_rows, progress, 2 + 3 * repeat, total))
    return out


def _xlsx(source: Path, csv: Path, tmp: Path, xlsx_rows: int, progress, done: int, total: int) -> dict:
    """The first `xlsx_rows` rows of `csv` as an .xlsx workbook (a title row above the header, as exports have),
    imported once, against pandas' read_excel of it."""
    import openpyxl
    import pandas as pd

    from grassroots import ingest

    xlsx = tmp / "诉求工单.xlsx"
    frame = pd.read_csv(csv, nrows=xlsx_rows, dtype=str)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("诉求工单")
    ws.append(["官渡区诉求工单台账"])
    ws.append(list(frame.columns))
    for rec in frame.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and v != v) else v for v in rec])
    wb.save(xlsx)
    progress(done, total, "xlsx written")
    target = fresh_target(source, tmp)
    t0 = time.perf_counter()
    reports = ingest.import_files([xlsx], db=target)
    t_import = time.perf_counter() - t0
    progress(done + 1, total, "xlsx imported")
    t0 = time.perf_counter()
    pd.read_excel(xlsx, header=1, dtype=str, engine="openpyxl")
    t_pd = time.perf_counter() - t0
    progress(done + 2, total, "read_excel baseline")
    return {
        "format": "xlsx",
        "rows": len(frame),
        "import_s": t_import,
        "import_rows_s": len(frame) / t_import,
        "baseline": "pandas read_excel",
        "baseline_s": t_pd,
        "baseline_rows_s": len(frame) / t_pd,
        "ratio": t_import / t_pd,
        "status": ",".join(sorted({r.status for r in reports})),
    }


def json_rows(rows: list[dict], scale: str) -> list[dict]:
    """The section's rows for the bench's JSON (the CSV import's): section "import", its scale, ours_cpu_s and
    read_csv_cpu_s, and beside them the runs, each of PARTS and the import's CPU by step, in CPU seconds."""
    return [
        {
            "section": "import",
            "scale": scale,
            "ours_cpu_s": round(r["ours_cpu_s"], 2),
            "read_csv_cpu_s": round(r["read_csv_cpu_s"], 2),
            "runs": r["runs"],
            **{f"{p}_cpu_s": round(r[f"{p}_cpu_s"], 2) for p in PARTS},
            "steps": {k: round(v, 2) for k, v in r["steps"].items()},
        }
        for r in rows
        if r["format"] == "csv"
    ]
