"""On the demo data: the rollups built from a lake by DuckDB and by Spark SQL are the same tables, equal to the
ones the demo's database keeps, and the report reads the same numbers from either database."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

from grassroots import ROOT, db, lake, rollup_build, rollups, spark
from tests.demo_cache import demo_copy

pytestmark = pytest.mark.skipif(
    not spark.available(), reason="pyspark is installed by make test (requirements-spark.txt)"
)


def _rollups(path) -> dict:
    with db.reader(path) as con:
        return {k: v for k, v in db.table_checksums(con).items() if k.startswith("rollup_")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("engines")
    source = demo_copy(base / "source.duckdb")  # the demo data: three years, every kind of record
    lake.export(source, base / "lake")
    out = {}
    for engine in rollup_build.ENGINES:
        out[engine] = base / f"{engine}.duckdb"
        rollup_build.build(base / "lake", out[engine], engine=engine, master="local[2]")
    return source, out, base


def test_both_engines_build_every_rollup_alike_and_as_an_import_does(built):
    source, out, _ = built
    expected = _rollups(source)
    assert {r for r, _, _ in rollups.definitions()} <= set(expected)
    assert any(n for n, _ in expected.values())  # something to compare
    assert _rollups(out["duckdb"]) == expected
    assert _rollups(out["spark"]) == expected


def test_the_report_gives_the_same_numbers_from_either_database(built):
    _, out, base = built
    reports = {}
    for engine, path in out.items():
        folder = base / f"report-{engine}"
        done = subprocess.run(
            [sys.executable, "-m", "grassroots", "report", "--db", str(path), "--period", "2026-10",
             "--format", "json", "--out", str(folder), "--lang", "en"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        (file,) = folder.glob("*.json")
        report = json.loads(file.read_text(encoding="utf-8"))
        report.pop("generated_at")
        reports[engine] = report
    assert reports["duckdb"]["kpis"]["tickets_received"] > 0 and reports["duckdb"]["kpis"]["services"] > 0
    assert reports["duckdb"] == reports["spark"]


def test_spark_missing_says_how_to_install_it(monkeypatch, tmp_path, capsys, built):
    _, _, base = built
    monkeypatch.setattr(spark, "available", lambda: False)
    args = types.SimpleNamespace(
        lake=str(base / "lake"), db=str(tmp_path / "x.duckdb"), engine="spark", master="local[*]", quiet=True, lang="en"
    )
    assert rollup_build.run(args) == 2
    err = capsys.readouterr().err
    assert "requirements-spark.txt" in err and "Traceback" not in err
    assert not (tmp_path / "x.duckdb").exists()


def test_a_macro_with_a_lambda_is_written_for_spark():
    """DuckDB's catalog prints a lambda in parentheses, `(lambda x: ...)`, which sqlglot reads only bare: the
    parentheses go, text in quotes stays as it is, and the lambda runs on Spark as TRANSFORM(..., x -> ...)."""
    import duckdb

    from grassroots import dialect

    con = duckdb.connect()
    con.execute("create table src (xs bigint[])")
    con.execute(
        "create macro pairs(d) as table select list_transform(s.xs, lambda x: {'b': x // d, 'n': x % d}) as p, "
        "'(lambda y: y)' as note from src s"
    )
    text = dialect.to_spark("select * from pairs(10)", dialect.macros(con))
    assert "TRANSFORM(" in text and "x ->" in text and "'(lambda y: y)'" in text
    session = spark.session("local[1]")
    session.sql("select array(12L, 34L) as xs").createOrReplaceTempView("src")
    row = session.sql(text).collect()[0]
    assert [(p["b"], p["n"]) for p in row["p"]] == [(1, 2), (3, 4)] and row["note"] == "(lambda y: y)"
