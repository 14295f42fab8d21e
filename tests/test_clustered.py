"""Tickets and service records are stored clustered by month, unit and time (grassroots/ingest/model.py
TICKETS_CLUSTER and SERVICES_CLUSTER, migrations 018 and 019): by the demo, by every import and lake import, and by
the migrations for a database made before them."""

import shutil

import duckdb
import pytest
from bulk_exports import tickets_csv
from test_ingest_support import write_csv

from grassroots import db
from grassroots.ingest import import_files, model
from grassroots.schema import migrate

TABLES = {"tickets": 18, "service_records": 19}  # table -> the migration that clusters it


def key(table: str) -> str:
    return ", ".join(expr for _, expr in model.TABLES[table].cluster)


def out_of_order(con, table: str) -> tuple[int, int]:
    """Pairs of rows next to each other in storage (by rowid) whose cluster key goes down, and the rows."""
    k = key(table)
    return con.execute(
        f"""select count(*) filter (where k < prev), count(*) from (
                select ({k}) as k, lag(({k})) over (order by rowid) as prev from {table})"""
    ).fetchone()


@pytest.mark.parametrize("table", TABLES)
def test_the_demo_stores_records_in_cluster_order(demo_db, table):
    with db.reader(demo_db) as con:
        down, rows = out_of_order(con, table)
    assert rows > 1000 and down == 0


def test_an_import_inserts_its_tickets_in_cluster_order(tiny_copy, tmp_path):
    """The file alternates between two communities day after day; stored, each community's rows of the month
    come together, by time."""
    path = tickets_csv(tmp_path / "诉求工单.csv", 600, "CL")
    with db.writer(tiny_copy) as con:
        before = con.execute("select max(rowid) from tickets").fetchone()[0]
    [report] = import_files([path], db=tiny_copy)
    assert report.status == "loaded" and report.new == 600
    with db.reader(tiny_copy) as con:
        stored = con.execute(
            "select community_code, reported_at from tickets where rowid > $r order by rowid", {"r": before}
        ).fetchall()
        expected = con.execute(
            f"select community_code, reported_at from tickets where ticket_id like 'CL%' order by {key('tickets')}"
        ).fetchall()
    assert len(stored) == 600 and stored == expected
    assert [c for c, _ in stored[:300]] == ["530111001001"] * 300  # one community's month together


def test_an_import_inserts_its_service_records_in_cluster_order(demo_db, tmp_path):
    """Services of two months, alternating between two centres and written newest first: stored by month, then
    centre, then time."""
    path = shutil.copy(demo_db, tmp_path / "services.duckdb")
    with db.reader(path) as con:
        centres = [c for (c,) in con.execute("select centre_id from centres order by centre_id limit 2").fetchall()]
        before = con.execute("select max(rowid) from service_records").fetchone()[0]
    rows = [["办件编号", "中心编码", "办理渠道", "受理时间"]]
    for i in range(400):
        month, day = (10 if i < 200 else 9), 1 + (i % 200) // 8
        rows.append([f"CLS{i:05d}", centres[i % 2], "窗口", f"2026-{month:02d}-{day:02d} {8 + i % 8:02d}:00"])
    [report] = import_files([write_csv(tmp_path / "办件记录.csv", rows)], db=path)
    assert report.status == "loaded" and report.new == 400
    with db.reader(path) as con:
        stored = con.execute(
            "select centre_id, accepted_at from service_records where rowid > $r order by rowid", {"r": before}
        ).fetchall()
    assert stored == sorted(stored, key=lambda r: ((r[1].year, r[1].month), r[0], r[1]))
    assert [c for c, _ in stored[:100]] == [centres[0]] * 100  # September's first centre together, before October


@pytest.mark.parametrize("table", TABLES)
def test_the_migration_clusters_an_older_database_keeping_every_row(demo_db, tmp_path, table):
    path = shutil.copy(demo_db, tmp_path / "older.duckdb")
    with db.writer(path) as con:
        before = sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
    con = duckdb.connect(str(path))
    # the rows in a shuffled order, as a database whose records came in many imports, and the version before
    con.execute(f"create temp table shuffled as select * from {table} order by hash(rowid)")
    con.execute(f"delete from {table}")
    con.execute(f"insert into {table} select * from shuffled")
    assert out_of_order(con, table)[0] > 100
    con.execute("delete from schema_migrations where version >= $v", {"v": TABLES[table]})
    con.close()
    with db.writer(path) as con:  # opening for writing brings it up to date
        assert migrate.current_version(con) >= TABLES[table]
        down, rows = out_of_order(con, table)
        after = sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
    assert down == 0 and rows == len(before) and after == before


@pytest.mark.parametrize("table", TABLES)
def test_the_migration_orders_as_the_model_says(table):
    [path] = [p for v, p in migrate.available() if v == TABLES[table]]
    text = " ".join(path.read_text(encoding="utf-8").split())
    assert f"order by {key(table)};" in text
