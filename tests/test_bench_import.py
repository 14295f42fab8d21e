"""The bench's import section (grassroots/bench_import.py): the import against read_csv over several runs, and the
pieces of the import's work timed on their own - the very work the import did, on the rows it loaded."""

from __future__ import annotations

from grassroots import bench_import, db, rollups, sql
from tests.demo_cache import demo_copy

ROLLUP_TABLES = [r for r, _ in rollups.MONTHLY["tickets"]]


def _csv(source, path, n: int) -> None:
    with db.reader(source) as con:
        text, bound = sql.bind("bench/tickets_standard_layout", {"n": n})
        con.sql(text, params=bound).write_csv(str(path))


def test_the_parts_redo_the_imports_own_work_on_its_rows(tmp_path):
    from grassroots import ingest

    source = demo_copy(tmp_path / "source.duckdb")
    csv = tmp_path / "诉求工单.csv"
    _csv(source, csv, 400)
    target = bench_import.fresh_target(source, tmp_path)
    (report,) = ingest.import_files([csv], db=target)
    assert report.status == "loaded" and report.rows_loaded == 400
    with db.reader(target) as con:
        before = {t: c for t, c in db.table_checksums(con).items() if t in ROLLUP_TABLES}
    assert all(n > 0 for n, _ in before.values())

    spent = bench_import.parts(target, csv)

    assert set(spent) == set(bench_import.PARTS) and all(v >= 0 for v in spent.values())
    with db.reader(target) as con:
        after = db.table_checksums(con)
        # the rows written are the rows the import loaded, and the rollups recomputed are the import's, row for row
        assert after["bench_tickets"] == after["tickets"]
        assert {t: after[t] for t in ROLLUP_TABLES} == before


def test_the_section_reports_medians_of_its_runs_and_the_parts(tmp_path):
    source = demo_copy(tmp_path / "source.duckdb")
    seen: list[str] = []

    rows = bench_import.import_throughput(
        source, 300, 0, progress=lambda done, total, label: seen.append(label), with_xlsx=False, repeat=2
    )

    (row,) = rows
    assert row["format"] == "csv" and row["rows"] == 300 and row["runs"] == 2 and row["status"] == "loaded"
    assert row["cpu_ratio"] == row["ours_cpu_s"] / row["read_csv_cpu_s"]
    parts = sum(row[f"{p}_cpu_s"] for p in bench_import.PARTS)
    assert row["parts_ratio"] == parts / row["read_csv_cpu_s"]
    assert 0 < parts < row["ours_cpu_s"]  # pieces of the import's work, never more than the whole
    # the importer's own steps, medians over the runs: its conversion, its rollups and the alerts after it
    assert {"read and convert", "load", "rollups", "commit", "alerts"} <= set(row["steps"])
    # the steps are inside the import's CPU (medians of two runs are their means; the steps' clock ticks 10 ms)
    assert sum(row["steps"].values()) <= row["ours_cpu_s"] + 0.1
    assert [label for label in seen if "(2/2)" in label] == [
        "csv imported (2/2)",
        "read_csv baseline (2/2)",
        "parts of the import (2/2)",
    ]
    (json_row,) = bench_import.json_rows(rows, "small")
    assert json_row["section"] == "import" and json_row["scale"] == "small"
    assert {"ours_cpu_s", "read_csv_cpu_s", "runs", "steps", *(f"{p}_cpu_s" for p in bench_import.PARTS)} <= set(
        json_row
    )


def test_steps_are_read_from_the_importers_log_lines():
    lines = ["a.csv: hash 0.20, read and convert 3.00, load 1.50", "(all files): alerts 0.40"]
    assert bench_import.steps_of(lines) == {"hash": 0.2, "read and convert": 3.0, "load": 1.5, "alerts": 0.4}
