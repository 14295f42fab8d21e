"""Tickets are stored clustered by month, community and time (grassroots/ingest/model.py CLUSTER, migration 018):
by the demo, by every import and lake import, and by the migration for a database made before it."""

import shutil

import duckdb
from bulk_exports import tickets_csv

from grassroots import db
from grassroots.ingest import import_files, model
from grassroots.schema import migrate

KEY = ", ".join(expr for _, expr in model.TICKETS_CLUSTER)


def out_of_order(con) -> tuple[int, int]:
    """Pairs of rows next to each other in storage (by rowid) whose cluster key goes down, and the rows."""
    return con.execute(
        f"""select count(*) filter (where k < prev), count(*) from (
                select ({KEY}) as k, lag(({KEY})) over (order by rowid) as prev from tickets)"""
    ).fetchone()


def test_the_demo_stores_tickets_in_cluster_order(demo_db):
    with db.reader(demo_db) as con:
        down, rows = out_of_order(con)
    assert rows > 1000 and down == 0


def test_an_import_inserts_its_rows_in_cluster_order(tiny_copy, tmp_path):
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
            f"select community_code, reported_at from tickets where ticket_id like 'CL%' order by {KEY}"
        ).fetchall()
    assert len(stored) == 600 and stored == expected
    assert [c for c, _ in stored[:300]] == ["530111001001"] * 300  # one community's month together


def test_the_migration_clusters_an_older_databases_tickets_keeping_every_row(demo_db, tmp_path):
    path = shutil.copy(demo_db, tmp_path / "older.duckdb")
    with db.writer(path) as con:
        before = sorted(con.execute("select * from tickets").fetchall(), key=repr)
    con = duckdb.connect(str(path))
    # the rows in a shuffled order, as a database whose tickets came in many imports, and version 017
    con.execute("create temp table shuffled as select * from tickets order by hash(ticket_id)")
    con.execute("delete from tickets")
    con.execute("insert into tickets select * from shuffled")
    assert out_of_order(con)[0] > 100
    con.execute("delete from schema_migrations where version >= 18")
    con.close()
    with db.writer(path) as con:  # opening for writing brings it up to date
        assert migrate.current_version(con) >= 18
        down, rows = out_of_order(con)
        after = sorted(con.execute("select * from tickets").fetchall(), key=repr)
    assert down == 0 and rows == len(before) and after == before


def test_the_migration_orders_as_the_model_says():
    [path] = [p for v, p in migrate.available() if v == 18]
    text = " ".join(path.read_text(encoding="utf-8").split())
    assert f"order by {KEY};" in text
