"""The SQL console: hostile statements are refused or stopped and the database is unchanged; the
scope keeps a street's user inside the street; personal data is masked; limits, saved queries and
downloads. Runs on the hand-made database of tests/tiny_assessment.py."""

import io
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_ingest_support import checksums

from grassroots import console, exports
from tests import tiny_assessment as T

TARGET = Path("/tmp/grassroots-console-hostile-test")

HOSTILE = [
    # files
    "select * from read_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd', header = false)",
    "select * from '/etc/passwd'",  # a replacement scan
    "select * from 'tickets.csv'",
    'select * from "/etc/hostname"',
    "select content from read_text('/etc/hostname')",
    "select * from read_blob('/etc/hostname')",
    "select * from glob('/*')",
    "select * from read_parquet('/tmp/x.parquet')",
    "select * from read_json_auto('/tmp/x.json')",
    "select * from sniff_csv('/etc/passwd')",
    "select * from parquet_scan('/tmp/x.parquet')",
    "with t as (select 1) select * from t, read_csv('/etc/passwd')",
    "select * from tickets where exists (select 1 from read_csv('/etc/passwd'))",
    # network
    "select * from 'https://example.com/data.csv'",
    "select * from read_csv('s3://bucket/key.csv')",
    # writes
    f"copy tickets to '{TARGET}.csv'",
    f"copy (select * from tickets) to '{TARGET}.parquet' (format parquet)",
    "delete from tickets",
    "update tickets set status = 'closed'",
    "insert into tickets (ticket_id, reported_at, status) values ('X', now(), 'open')",
    "drop table tickets",
    "create table stolen as select * from tickets",
    "alter table tickets add column x int",
    f"export database '{TARGET}'",
    "checkpoint",
    "select 1; drop table tickets",
    "vacuum",
    # attach, extensions
    f"attach '{TARGET}.duckdb' as other",
    "detach model",
    "install httpfs",
    "load httpfs",
    "force install httpfs from core_nightly",
    # settings and state
    "set enable_external_access = true",
    "reset lock_configuration",
    "set variable console_scope = ''",
    "pragma enable_profiling",
    "pragma database_list",
    "call pragma_version()",
    "use model",
    "select current_setting('enable_external_access')",
    "select * from duckdb_settings()",
    "select * from duckdb_databases()",
    "select getenv('HOME')",
    "select getvariable('console_scope')",
    # around the scope
    "select * from model.tickets",
    "select * from model.main.tickets",
    "select * from memory.main.tickets",
    "select * from information_schema.tables",
    "select * from pg_catalog.pg_class",
    "show databases",
    "show tables",
    "select * from query('select * from model.tickets')",
    "select * from query_table('model.tickets')",
    "select json_execute_serialized_sql(json_serialize_sql('select 1'))",
    "select * from tickets at (version => 1)",
    "prepare p as select 1",
    "select $1",
]
LONG_RUNNING = [
    "select count(*) from range(100000000000)",
    "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
    "select count(*) from range(100000) a, range(100000) b where a.range * b.range = -1",
]


@pytest.mark.slow
def test_hostile_statements_are_refused_and_change_nothing(asm_db):
    assert len(HOSTILE) + len(LONG_RUNNING) >= 20
    before = checksums(asm_db)
    outcomes = {}
    with console.open(asm_db) as con:
        for statement in HOSTILE:
            with pytest.raises(console.Refused) as exc:
                con.run(statement)
            outcomes[statement] = exc.value.message("zh")
        for statement in LONG_RUNNING:
            started = time.monotonic()
            with pytest.raises(console.Stopped) as exc:
                con.run(statement, time_limit=1.0)
            assert time.monotonic() - started < 10, statement  # interrupted, not run to the end
            assert exc.value.key in ("console.timeout", "console.memory")
        # the connection still answers afterwards
        assert con.run("select count(*) as n from tickets").frame["n"][0] == len(T.TICKETS)
    assert checksums(asm_db) == before
    assert not list(TARGET.parent.glob(TARGET.name + "*"))
    assert all(msg and "Traceback" not in msg for msg in outcomes.values())
    assert "read_csv" in outcomes["select * from read_csv('/etc/passwd')"]
    assert "SELECT" in outcomes["drop table tickets"]


def test_the_engine_itself_refuses_files_even_past_the_gate(asm_db):
    """The second layer: with the gate bypassed, the locked connection still reads no files and
    changes no settings."""
    with console.open(asm_db) as con:
        for statement in (
            "select * from read_csv('/etc/passwd')",
            "select * from '/etc/passwd'",
            "set enable_external_access = true",
            f"copy (select 1) to '{TARGET}.csv'",
            "install httpfs",
            "insert into model.tickets (ticket_id, reported_at, status) values ('X', now(), 'open')",
        ):
            with pytest.raises(Exception):
                con.con.execute(statement).fetchall()
    assert not list(TARGET.parent.glob(TARGET.name + "*"))


def test_what_an_analyst_may_run(asm_db):
    with console.open(asm_db) as con:
        per_street = con.run("""
            with t as (select left(community_code, 9) as street, count(*) as n from tickets group by all)
            select t.street, r.name, t.n from t join regions r on r.code = t.street order by t.street""").frame
        assert dict(zip(per_street["name"], per_street["n"])) == {"关上街道": 15, "太和街道": 2, "金马街道": 15}
        assert len(con.run("describe tickets").frame) > 20
        assert len(con.run("summarize centres").frame) > 5
        assert con.run("select unnest([1, 2, 3]) as x").frame["x"].tolist() == [1, 2, 3]
        assert con.run("select count(*) as n from range(10)").frame["n"][0] == 10


def test_row_limit(asm_db):
    with console.open(asm_db) as con:
        r = con.run("select * from range(25000)", max_rows=1000)
        assert len(r.frame) == 1000 and r.truncated
        r = con.run("select * from tickets", max_rows=1000)
        assert len(r.frame) == len(T.TICKETS) and not r.truncated


def test_a_street_scope_cannot_read_another_street(asm_db):
    with console.open(asm_db, scope=T.A) as con:
        assert con.run("select count(*) as n from tickets").frame["n"][0] == 15  # 10 + 4 + cancelled
        assert set(con.run("select community_code from tickets").frame["community_code"]) == {T.COMM[T.A]}
        assert set(con.run("select centre_id from centres").frame["centre_id"]) == {"CA"}
        assert set(con.run("select centre_id from service_records").frame["centre_id"]) == {"CA"}
        assert set(con.run("select code from regions").frame["code"]) == {"530111", T.A, T.COMM[T.A]}
        assert con.run("select count(*) as n from wishes where community_code like '530111004%'").frame["n"][0] == 0
        assert con.run("select count(*) as n from import_log").frame["n"][0] == 0
        for escape in (
            "select * from model.tickets",
            "select * from model.main.tickets where community_code like '530111004%'",
            "set variable console_scope = ''",
            "select * from query('select * from model.tickets')",
        ):
            with pytest.raises(console.Refused):
                con.run(escape)
        browse = con.browse("tickets", [("community_code", "contains", T.B)])
        assert browse.total == 0
    with console.open(asm_db, scope="") as con:
        assert con.run("select count(*) as n from import_log").frame["n"][0] == len(T.IMPORTS)
    with pytest.raises(console.Refused):
        with console.open(asm_db, scope="530111' or 1=1 --"):
            pass
    assert console.narrowest(T.A, "") == T.A  # never wider than the user's own scope
    assert console.narrowest(T.A, T.COMM[T.A]) == T.COMM[T.A]
    assert console.narrowest(T.A, T.B) == T.A
    assert console.narrowest("", T.B) == T.B


def test_personal_data_masked_unless_the_role_may_see_it(asm_db):
    q = (
        "select reporter_name as n, reporter_phone as p, reporter_id_number as i, reporter_address as a "
        "from tickets where ticket_id = 'A-01'"
    )
    with console.open(asm_db) as con:
        row = con.run(q).frame.iloc[0]
        assert (row["n"], row["p"], row["i"], row["a"]) == ("张**", "180****1999", "530111********1234", "小街社区***")
        assert con.run("select count(*) as n from tickets where reporter_phone = '18012341999'").frame["n"][0] == 0
    with console.open(asm_db, may_see_personal=True) as con:
        row = con.run(q).frame.iloc[0]
        assert (row["n"], row["p"]) == T.PERSON[:2]


def test_browse_filters_and_sorting(asm_db):
    with console.open(asm_db) as con:
        r = con.browse(
            "tickets",
            [("ticket_id", "contains", "a-0"), ("reported_at", "ge", "2026-10-05")],
            sort=("reported_at", True),
            max_rows=3,
        )
        # A-05 .. A-09 of October (A-10 does not contain "a-0")
        assert r.total == 5 and list(r.frame["ticket_id"]) == ["A-09", "A-08", "A-07"] and r.truncated
        assert con.browse("tickets", [("closed_at", "is_null", None), ("community_code", "eq", T.COMM[T.B])]).total == 3
        assert con.browse("tickets", [("rework_count", "ge", "1")]).total == 3
        with pytest.raises(console.Refused):
            con.browse("tickets", [("reported_at", "ge", "not a date")])
        with pytest.raises(console.Refused):
            con.browse("tickets", [("no_such_column", "eq", "1")])
        with pytest.raises(console.Refused):
            con.browse("schema_migrations")
        assert ("reporter_phone", "VARCHAR") in con.columns("tickets")


def test_saved_queries(asm_db, tmp_path):
    with console.open(asm_db) as con:
        tables = con.tables
    mine = console.SavedQueries(tmp_path, "analyst.li")
    theirs = console.SavedQueries(tmp_path, "other")
    mine.save("每街道工单", "select left(community_code, 9), count(*) from tickets group by 1", tables)
    mine.save("全部中心", "select * from centres", tables)
    mine.save("全部中心", "select centre_id from centres", tables)  # same name: replaced
    assert [e["name"] for e in mine.list()] == ["每街道工单", "全部中心"]
    assert mine.list()[1]["sql"] == "select centre_id from centres"
    for bad in ("drop table tickets", "select * from read_csv('/etc/passwd')", "select * from model.tickets"):
        with pytest.raises(console.Refused):
            mine.save("坏的", bad, tables)
    assert "坏的" not in [e["name"] for e in mine.list()]
    with pytest.raises(console.Refused):
        mine.save("", "select 1", tables)
    assert theirs.list() == []
    mine.delete("全部中心")
    assert [e["name"] for e in mine.list()] == ["每街道工单"]
    assert console.SavedQueries(tmp_path, "../../etc/passwd").path.parent == tmp_path


def test_downloads_of_a_result(asm_db):
    with console.open(asm_db) as con:
        frame = con.run(
            "select '=1+2' as formula, '@SUM(A1)' as at_sign, 3 as n, "
            "timestamp '2026-10-01 08:00' as ts, ticket_id from tickets order by ticket_id limit 2"
        ).frame
    csv = exports.to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=1+2" in csv and "'@SUM(A1)" in csv  # formula injection neutralised
    ws = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame, sheet="result"))).active
    assert ws["A2"].value == "'=1+2" and ws["C2"].value == 3
    back = pd.read_parquet(io.BytesIO(console.parquet_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
