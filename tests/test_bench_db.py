"""The bench's databases: `bench --dir` names their folder; an existing one is measured with this code's
schema and macros, whichever code wrote it (a database copied from elsewhere keeps the macros its writer
stored until a writer of this code opens it)."""

from __future__ import annotations

import argparse
import json

from grassroots import bench, db
from tests.demo_cache import demo_copy

MACRO = "hist_bucket"  # grassroots/schema/macros/09_ticket_histograms.sql


def _has_macro(path, name: str) -> bool:
    with db.reader(path) as con:
        return con.execute("select count(*) from duckdb_functions() where function_name = ?", [name]).fetchone()[0] > 0


def test_an_existing_bench_database_is_brought_to_this_codes_macros(tmp_path):
    path = demo_copy(tmp_path / "small-seed7.duckdb")
    with db.reader(path) as con:
        before = db.table_checksums(con)
    with db.writer(path) as con:
        con.execute(f"drop macro {MACRO}")  # as if an older code had written it: its macros, and no record of ours
        con.execute("comment on table schema_migrations is null")
    assert not _has_macro(path, MACRO)

    assert bench.ensure_db("small", 7, folder=tmp_path) == path  # found, not rebuilt
    assert _has_macro(path, MACRO)
    with db.reader(path) as con:
        assert db.table_checksums(con) == before  # the data as it was


def test_the_bench_takes_its_folder_from_dir():
    p = argparse.ArgumentParser()
    bench.configure(p)
    assert p.parse_args([]).dir == str(bench.BENCH_DIR)
    assert p.parse_args(["--dir", "/srv/bench"]).dir == "/srv/bench"


def test_a_bench_database_of_this_code_is_used_as_it_is(tmp_path):
    path = demo_copy(tmp_path / "small-seed7.duckdb")
    with db.writer(path):
        pass  # this code's schema and macros
    made = path.stat().st_ino
    assert bench.ensure_db("small", 7, folder=tmp_path) == path
    assert path.stat().st_ino == made  # no new version written (a copy of the file at large scale is 5 GB)


def test_every_bench_run_records_the_hosts_speed(tmp_path):
    p = argparse.ArgumentParser()
    bench.configure(p)
    skip = "import,queries,firstpaint,pages,memory,viewers,e2e,after_import,concurrent"
    out = tmp_path / "bench.json"
    args = p.parse_args(["--scales", "", "--skip", skip, "--json", str(out), "--out", str(tmp_path / "b.md")])
    assert bench.run(args) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    host = [r for r in rows if r["section"] == "host"]
    assert len(host) == 1 and host[0]["duckdb_ms"] > 0 and host[0]["python_ms"] > 0
    assert "host: fixed work" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_the_query_section_times_page_queries_not_whole_table_exports():
    from grassroots import sql

    names = bench.page_queries()
    exports = [n for n in sql.names() if n.startswith("lake/")]
    assert exports  # the lake's whole-table reads exist ...
    assert not set(exports) & set(names)  # ... and are not timed as if a page ran them
    assert {"overview/kpis", "tickets/rates"} <= set(names)
