"""An existing database upgrades in place: records kept, rollup tables added by later migrations
filled from them at once, the current macros applied, and an edited migration refused."""

import hashlib
import math
import re
import shutil

import duckdb
import pytest

from grassroots import db
from grassroots.cli import main
from grassroots.errors import Refused
from grassroots.schema import migrate


def test_old_database_upgrades_with_its_records_and_filled_rollups(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate.upgrade(con, up_to=2)  # a database from the first release
    con.execute(
        "insert into regions values ('530111001001', '小街社区', '530111001', 'community', 1, 0, 1, null, null)"
    )
    con.execute(
        "insert into centres (centre_id, name, type, community_code) values ('C1', '小街', '邻里中心', '530111001001')"
    )
    con.execute("""insert into service_records (service_id, centre_id, channel, accepted_at)
                   values ('S1', 'C1', '窗口', '2026-10-08 10:00'), ('S2', 'C1', '网上办', '2026-11-09 12:30')""")
    con.close()
    with db.writer(path) as con:
        assert migrate.current_version(con) == max(v for v, _ in migrate.available())
        assert con.execute("select count(*) from service_records").fetchone()[0] == 2
        assert con.execute("select sum(n) from rollup_services_daily").fetchone()[0] == 2
        monthly = con.execute(
            "select count(*) from information_schema.tables where table_name = 'rollup_services_monthly'"
        ).fetchone()[0]
        if monthly:
            assert con.execute("select sum(n) from rollup_services_monthly").fetchone()[0] == 2


# --- two layers: migrations hold tables, macros/ every macro --------------------------------------

R_EARTH = 6371008.8
MACRO = re.compile(r"\bcreate\s+(or\s+replace\s+)?(temp(orary)?\s+)?macro\s+(\w+)", re.IGNORECASE)


def _macros(con) -> dict[str, list[str]]:
    """Each user macro's stored definitions (one per overload), as DuckDB prints them back."""
    rows = con.execute(
        "select function_name, macro_definition from duckdb_functions()"
        " where function_type in ('macro', 'table_macro') and not internal order by all"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for name, text in rows:
        out.setdefault(name, []).append(text)
    return out


def test_no_migration_defines_a_macro_and_each_macro_is_defined_once():
    for _, path in migrate.available():
        assert not MACRO.search(path.read_text(encoding="utf-8")), path.name
    names = [m.group(4) for text in migrate.macro_texts() for m in MACRO.finditer(text)]
    assert "hex_cell" in names and "ticket_drill" in names and "ingest_ts" in names and "services_in" in names
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    with duckdb.connect() as con:
        migrate.upgrade(con)
        assert set(_macros(con)) == set(names)


def test_an_older_database_gets_the_current_macros_and_its_checksums_on_first_open(tmp_path):
    path = tmp_path / "older.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate.upgrade(con)
        current = _macros(con)
        # as a database of the layout before checksums and the macro layer left it: no checksum column,
        # hex_cell as migration 005 first wrote it, and a macro no file defines any more kept as it was
        con.execute("alter table schema_migrations drop column checksum")
        con.execute(
            "create or replace macro hex_cell(lon, lat, size_m, lat0) as hex_round("
            "(sqrt(3) / 3 * radians(lon) * 6371008.8 * cos(radians(lat0)) - radians(lat) * 6371008.8 / 3) / size_m,"
            " (2.0 / 3 * radians(lat) * 6371008.8) / size_m)"
        )
        con.execute("create or replace macro ticket_facts(as_of) as table select * from tickets")
        # and macros the code no longer makes (renamed or removed): they go, rather than stay callable
        con.execute("create macro retired_rate(a, b) as a / b")
        con.execute("create macro retired_rows(n) as table select * from range(n)")
        assert _macros(con)["hex_cell"] != current["hex_cell"]
        assert {"retired_rate", "retired_rows"} <= set(_macros(con))
    with db.writer(path) as con:
        sums = dict(con.execute("select version, checksum from schema_migrations").fetchall())
    assert sums == {v: hashlib.sha256(p.read_bytes()).hexdigest() for v, p in migrate.available()}
    with db.reader(path) as con:  # what a read-only connection sees is what the writer stored
        assert _macros(con) == current
        cell = con.execute("select hex_cell(102.7, 25.04, 500, 25.0)").fetchone()[0]
    assert cell == _hex_cell(102.7, 25.04, 500, 25.0)


def _hex_cell(lon, lat, size_m, lat0):
    """Axial coordinates of the pointy-top hexagon holding the point, by cube rounding."""
    x, y = math.radians(lon) * R_EARTH * math.cos(math.radians(lat0)), math.radians(lat) * R_EARTH
    q, r = (math.sqrt(3) / 3 * x - y / 3) / size_m, (2 / 3 * y) / size_m
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return {"q": rq, "r": rr}


def test_a_migration_edited_after_a_database_ran_it_is_refused_by_name(tmp_path, monkeypatch, capsys):
    path = tmp_path / "ran.duckdb"
    with db.writer(path):
        pass
    edited = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, edited)
    target = edited / "005_coverage.sql"
    target.write_text(target.read_text(encoding="utf-8") + "\n-- one more line\n", encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", edited)
    with pytest.raises(Refused) as exc:
        with db.writer(path):
            pass
    assert "005_coverage.sql" in exc.value.message("zh") and "005_coverage.sql" in exc.value.message("en")
    assert main(["migrate", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "005_coverage.sql" in err and "Traceback" not in err
    with db.reader(path) as con:  # refused before anything changed
        assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(migrate.available())
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrate.Path(migrate.__file__).parent / "migrations")
    with db.writer(path):  # the original text opens again
        pass


def test_migrate_writes_a_new_version_only_when_the_database_needs_one(tmp_path, monkeypatch, capsys):
    path = tmp_path / "current.duckdb"
    assert main(["migrate", "--db", str(path)]) == 0  # made
    with db.reader(path) as con:
        assert migrate.is_current(con)
    made = path.stat().st_ino
    assert main(["migrate", "--db", str(path)]) == 0
    assert path.stat().st_ino == made and "up to date" in capsys.readouterr().out  # nothing written
    # a macro of this code changed since: the database needs its text, so a writer makes a new version
    texts = migrate.macro_texts()
    monkeypatch.setattr(migrate, "macro_texts", lambda: [*texts, "create or replace macro one_more(x) as x + 1"])
    with db.reader(path) as con:
        assert not migrate.is_current(con)
    assert main(["migrate", "--db", str(path)]) == 0
    assert path.stat().st_ino != made
    with db.reader(path) as con:
        assert migrate.is_current(con) and con.execute("select one_more(1)").fetchone()[0] == 2


def test_a_database_missing_a_migration_or_its_checksums_is_not_current(tmp_path):
    older = tmp_path / "older.duckdb"
    with duckdb.connect(str(older)) as con:
        migrate.upgrade(con, up_to=migrate.newest() - 1)
        assert not migrate.is_current(con)
    current = tmp_path / "current.duckdb"
    with duckdb.connect(str(current)) as con:
        migrate.upgrade(con)
        assert migrate.is_current(con)
        con.execute("update schema_migrations set checksum = null where version = 3")
        assert not migrate.is_current(con)
