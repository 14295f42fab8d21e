"""backup and restore: every table round-trips exactly, damage and mistakes are refused, nothing is
replaced unless the restored copy matches its manifest."""

import datetime as dt
import hashlib
import json
import math
import shutil

import duckdb
import pytest
from test_ingest_support import checksums, write_csv

from grassroots import auth, db, rollups
from grassroots.backup import BackupError, backup, restore
from grassroots.cli import main
from grassroots.ingest import import_files
from grassroots.schema import migrate


def rows(path, table):
    with db.reader(path) as con:
        return con.execute(f'select * from "{table}" order by all').fetchall()


@pytest.fixture
def awkward_db(tiny_db, tmp_path):
    """The tiny database plus values that are easy to lose on the way: NULLs, NaN, -0.0, microseconds,
    times, booleans, huge and negative numbers, quotes, new lines, emoji, markup, an imported file."""
    path = tmp_path / "src.duckdb"
    shutil.copy(tiny_db, path)
    with db.writer(path) as con:
        con.execute("insert into meta values ('note', $v)", {"v": '多行\n"引号" ,逗号 😀 <script>alert(1)</script>'})
        con.execute("""insert into tickets (ticket_id, community_code, reported_at, closed_at, status, escalated,
                       rework_count, description, reporter_phone, lon, lat)
                       values ('X1', '530111004001', '2026-10-09 08:00:00.123456', null, 'open', true, 2147483647,
                               '', null, 'NaN'::double, -0.0),
                              ('X2', null, '1970-01-01 00:00:00', '2262-04-11 23:47:16.854775', 'closed', false, 0,
                               null, '+86 180 1234 5678', 1e308, -1e-308)""")
        con.execute("""insert into activities (activity_id, centre_id, date, start_time, end_time, category, title,
                       participants, volunteers, partner)
                       values ('AX', 'C1', '2026-10-20', '19:00:00.5', '23:59:59.999999', '其他', '=HYPERLINK(1)', 0, null, '')""")
        rollups.rebuild(con)
    csv = write_csv(
        tmp_path / "工单.csv",
        [
            ["工单编号", "问题大类", "社区代码", "上报时间", "状态"],
            ["F1", "市容环境", "530111004001", "2026-10-10 09:00", "办理中"],
        ],
    )
    [r] = import_files([csv], db=path)
    assert r.status == "loaded"
    auth.Store.for_db(path).add("wang", "analyst", auth.Scope("530111004"), by="tests")
    return path


def test_every_table_round_trips_exactly(awkward_db, tmp_path):
    before = checksums(awkward_db)
    manifest = backup(awkward_db, tmp_path / "bk")
    assert set(manifest["tables"]) == set(before)
    assert {n: (e["rows"], e["checksum"]) for n, e in manifest["tables"].items()} == before
    out = tmp_path / "restored.duckdb"
    restore(tmp_path / "bk", out)
    assert checksums(out) == before
    for table in ("tickets", "activities", "meta", "import_log", "schema_migrations"):
        assert repr(rows(out, table)) == repr(rows(awkward_db, table)), table  # repr: NaN equals NaN, -0.0 is not 0.0
    with db.reader(out) as con:
        lon, lat, reported = con.execute("select lon, lat, reported_at from tickets where ticket_id = 'X1'").fetchone()
    assert math.isnan(lon) and lat == 0 and reported.microsecond == 123456
    # the accounts travel with the database
    assert auth.Store.for_db(out).account("wang").scope == auth.Scope("530111004")


def test_the_restored_database_keeps_working(awkward_db, tmp_path):
    """Its sequences go on where they were: the next import gets a new import_log id, not a clash."""
    backup(awkward_db, tmp_path / "bk")
    out = tmp_path / "restored.duckdb"
    restore(tmp_path / "bk", out)
    csv = write_csv(
        tmp_path / "more.csv",
        [
            ["工单编号", "问题大类", "社区代码", "上报时间", "状态"],
            ["F2", "市容环境", "530111004001", "2026-10-11 09:00", "办理中"],
        ],
    )
    [r] = import_files([csv], db=out)
    assert r.status == "loaded", r.message
    ids = [row[0] for row in rows(out, "import_log")]
    assert ids == [1, 2]


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(awkward_db, tmp_path):
    backup(awkward_db, tmp_path / "bk")
    target = tmp_path / "live.duckdb"
    shutil.copy(awkward_db, target)
    live = checksums(target)
    parquet = tmp_path / "bk" / "tables" / "tickets.parquet"
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="tickets.*checksum"):
        restore(tmp_path / "bk", target, force=True)
    assert checksums(target) == live
    parquet.unlink()
    with pytest.raises(BackupError, match="tickets.*missing"):
        restore(tmp_path / "bk", target, force=True)
    assert not list(tmp_path.glob(".live.duckdb.restoring-*"))


def test_a_manifest_that_lies_is_caught_by_the_checksums(awkward_db, tmp_path):
    backup(awkward_db, tmp_path / "bk")
    m = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))
    m["tables"]["tickets"]["checksum"] += 1
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(BackupError, match=r"differ from the backup: \['tickets'\]"):
        restore(tmp_path / "bk", tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()


def test_mistakes_are_refused(awkward_db, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    with pytest.raises(BackupError, match="not an empty folder"):
        backup(awkward_db, tmp_path / "full")
    with pytest.raises(BackupError, match="not found"):
        backup(tmp_path / "nowhere.duckdb", tmp_path / "bk")
    with pytest.raises(BackupError, match="no manifest.json"):
        restore(tmp_path / "full", tmp_path / "new.duckdb")
    backup(awkward_db, tmp_path / "bk")
    with pytest.raises(BackupError, match="--force"):
        restore(tmp_path / "bk", awkward_db)


def test_a_backup_from_an_older_schema_is_brought_up_to_date(tmp_path):
    versions = [v for v, _ in migrate.available()]
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    migrate.upgrade(con, up_to=versions[-2])
    con.execute("insert into regions (code, name, level) values ('530111', '官渡区', 'district')")
    con.close()
    backup(old, tmp_path / "bk")
    out = tmp_path / "new.duckdb"
    restore(tmp_path / "bk", out)
    with db.reader(out) as con:
        assert migrate.current_version(con) == versions[-1]
        assert con.execute("select name from regions").fetchall() == [("官渡区",)]


def test_a_backup_from_before_migration_checksums_restores_and_records_them(tmp_path):
    source = tmp_path / "src.duckdb"
    with db.writer(source) as con:
        con.execute("insert into regions (code, name, level) values ('530111', '官渡区', 'district')")
    folder = tmp_path / "bk"
    backup(source, folder)
    # schema_migrations as a backup made before the checksum column existed holds it
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["tables"]["schema_migrations"]
    file = folder / entry["file"]
    with duckdb.connect() as con:
        con.execute("create table m as select * exclude (checksum) from read_parquet($f)", {"f": str(file)})
        con.execute("copy m to '" + str(file).replace("'", "''") + "' (format parquet)")
        entry["rows"], entry["checksum"] = con.execute("select count(*), sum(hash(m)) from m m").fetchone()
    entry["sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = tmp_path / "restored.duckdb"
    restore(folder, out)
    with db.reader(out) as con:
        assert con.execute("select name from regions").fetchall() == [("官渡区",)]
        sums = dict(con.execute("select version, checksum from schema_migrations").fetchall())
    assert sums == {v: hashlib.sha256(p.read_bytes()).hexdigest() for v, p in migrate.available()}


def test_the_commands(awkward_db, tmp_path, capsys):
    assert main(["backup", "--db", str(awkward_db), "--to", str(tmp_path / "bk"), "--quiet", "--lang", "en"]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert main(["restore", "--from", str(tmp_path / "bk"), "--db", str(awkward_db), "--quiet"]) == 1
    assert "--force" in capsys.readouterr().err
    out = tmp_path / "r.duckdb"
    assert main(["restore", "--from", str(tmp_path / "bk"), "--db", str(out), "--quiet"]) == 0
    assert checksums(out) == checksums(awkward_db)
    actions = [r["action"] for r in auth.Store.for_db(out).audit(5)]
    assert actions[0] == "restore"
    assert auth.Store.for_db(awkward_db).audit(1)[0]["action"] == "backup"
    assert dt.datetime.fromisoformat(json.loads((tmp_path / "bk" / "manifest.json").read_text())["created_at"])
