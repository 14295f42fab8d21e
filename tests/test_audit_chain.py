"""The audit log's keyed chain and head record: every way of cutting or re-writing the log fails
`users audit --verify`, which exits non-zero naming the first bad row; an intact log passes."""

import dataclasses
import json
import os
import sqlite3
import stat

import pytest

from grassroots import auth
from grassroots.auth import audit, keys
from grassroots.auth.store import _GENESIS, Store, _old_row_hash
from grassroots.cli import main

FAST = dataclasses.replace(auth.settings(), bcrypt_rounds=4)


@pytest.fixture
def key_env(tmp_path, monkeypatch):
    path = tmp_path / "secret" / "audit.key"
    monkeypatch.setenv(keys.ENV, str(path))
    return path


@pytest.fixture
def logged(tmp_path, key_env):
    """A database path whose log holds six rows."""
    db = tmp_path / "db.duckdb"
    store = Store.for_db(db, FAST)
    for i in range(6):
        store.record(f"user{i}", "export", f"file{i}.csv", {"rows": i})
    return db, store


def _sql(store, *statements):
    with sqlite3.connect(store.path) as con:
        for s in statements:
            con.execute(s)


def _verify_cli(db, capsys):
    code = main(["users", "--db", str(db), "--lang", "en", "audit", "--verify", "--limit", "0"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_key_is_made_once_private_and_outside_the_project(logged, key_env):
    mode = stat.S_IMODE(os.stat(key_env).st_mode)
    assert mode == 0o600 and len(bytes.fromhex(key_env.read_text().strip())) == 32
    before = key_env.read_text()
    Store.for_db(logged[0], FAST).record("x", "export")
    assert key_env.read_text() == before  # not made again


def test_a_key_inside_the_project_is_refused(monkeypatch):
    from grassroots import ROOT

    monkeypatch.setenv(keys.ENV, str(ROOT / "data" / "audit.key"))
    with pytest.raises(keys.AuditKeyError, match="outside the project"):
        keys.key_path()


def test_an_intact_log_passes(logged, capsys):
    db, store = logged
    assert store.verify_chain() is None and audit.verify(db) is None
    code, out = _verify_cli(db, capsys)
    assert code == 0 and "intact" in out


@pytest.mark.parametrize(
    ("statements", "row", "reason"),
    [
        (["update audit set target = 'other.csv' where id = 3"], 3, "row"),  # an edited row
        (["delete from audit where id = 3"], 4, "row"),  # a middle row removed: the next one breaks
        (["delete from audit where id >= 5"], 5, "truncated"),  # the last rows removed
        (["delete from audit"], 1, "truncated"),  # every row removed
    ],
    ids=["edit", "delete-middle", "delete-last", "delete-all"],
)
def test_each_cut_fails_verify_naming_the_first_bad_row(logged, capsys, statements, row, reason):
    db, store = logged
    _sql(store, *statements)
    broken = store.verify_chain()
    assert broken is not None and (broken.row, broken.reason) == (row, reason)
    code, out = _verify_cli(db, capsys)
    assert code == 1 and f"row {row}" in out


def test_rows_rehashed_with_the_public_formula_fail(logged, capsys):
    """An attacker without the key edits row 2 and re-chains every row after it with plain SHA-256."""
    db, store = logged
    with sqlite3.connect(store.path) as con:
        rows = con.execute("select id, at, actor, role, action, target, detail, ok, prev_hash from audit order by id")
        rows = rows.fetchall()
        prev = con.execute("select hash from audit where id = 1").fetchone()[0]
        for rid, at, actor, role, action, target, detail, ok, _ in rows[1:]:
            target = "forged.csv" if rid == 2 else target
            h = _old_row_hash(prev, at, actor, role, action, target, detail, ok)
            con.execute("update audit set target = ?, prev_hash = ?, hash = ? where id = ?", (target, prev, h, rid))
            prev = h
    assert store.verify_chain().row == 2
    code, out = _verify_cli(db, capsys)
    assert code == 1 and "row 2" in out


def test_a_forged_or_missing_head_and_a_missing_key_fail(logged, key_env):
    db, store = logged
    head = next((key_env.parent / "audit-heads").glob("*.json"))
    record = json.loads(head.read_text())
    head.write_text(json.dumps({**record, "count": 2}))  # shortened to match a cut, without the key
    assert store.verify_chain().reason == "head"
    head.unlink()
    assert store.verify_chain().reason == "no_head"
    key_env.unlink()
    assert store.verify_chain().reason == "no_key"


def test_a_log_of_the_former_formula_is_rechained_once_with_a_rekey_row(tmp_path, key_env):
    path = tmp_path / "old.duckdb.auth.sqlite"
    with sqlite3.connect(path) as con:  # the former schema and its unkeyed chain
        con.executescript(
            "create table audit (id integer primary key autoincrement, at text not null, actor text not null,"
            " role text, action text not null, target text not null default '', detail text not null default '{}',"
            " ok integer not null default 1, prev_hash text not null, hash text not null)"
        )
        prev = _GENESIS
        for i in range(3):
            fields = (f"2026-01-0{i + 1}T00:00:00+08:00", f"u{i}", None, "export", f"f{i}", "{}", 1)
            h = _old_row_hash(prev, *fields)
            con.execute(
                "insert into audit (at, actor, role, action, target, detail, ok, prev_hash, hash)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*fields, prev, h),
            )
            prev = h
    store = Store(path, FAST)
    assert store.verify_chain() is None
    rows = store.audit()
    assert [r["action"] for r in rows] == ["rekey", "export", "export", "export"]
    assert json.loads(rows[0]["detail"])["former_chain_broken_at"] is None
    Store(path, FAST).record("x", "export")  # opening again does not re-chain
    assert [r["action"] for r in Store(path, FAST).audit()].count("rekey") == 1
    assert Store(path, FAST).verify_chain() is None


def test_an_import_without_its_audit_row_is_reported(tmp_path, key_env, capsys):
    from grassroots import db as database
    from grassroots.ingest import import_files

    src = tmp_path / "regions.csv"
    src.write_text("code,name,level,parent_code\n530111,官渡区,district,\n", encoding="utf-8")
    target = tmp_path / "x.duckdb"
    assert main(["import", "--db", str(target), "--quiet", str(src)]) == 0  # the command audits its import
    assert audit.verify(target) is None
    other = tmp_path / "more.csv"
    other.write_text("code,name,level,parent_code\n530112,西山区,district,\n", encoding="utf-8")
    reports = import_files([other], db=target)  # committed, but no audit row (as if killed before it)
    assert reports[0].status == "loaded"
    broken = audit.verify(target)
    assert broken is not None and broken.reason == "unaudited_import" and "more.csv" in broken.detail
    code, out = _verify_cli(target, capsys)
    assert code == 1 and "more.csv" in out
    with database.reader(target) as con:
        assert con.execute("select count(*) from import_log").fetchone()[0] == 2
