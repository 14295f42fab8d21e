"""Restore keeps every audit row: the rows written after the backup stay, a restore row is appended,
and account changes made since the backup are reported, not reverted."""

import dataclasses
import shutil

from grassroots import auth, db
from grassroots.auth import audit
from grassroots.backup import backup
from grassroots.cli import main

FAST = dataclasses.replace(auth.settings(), bcrypt_rounds=4)
PASSWORD = "Correct-horse-7"


def _accounts(path):
    return {a.username: (a.role, a.scope, a.enabled, a.version) for a in auth.Store.for_db(path, FAST).accounts()}


def test_restore_keeps_later_audit_rows_and_reports_account_changes(tiny_db, tmp_path, capsys):
    live = tmp_path / "live.duckdb"
    shutil.copy(tiny_db, live)
    store = auth.Store.for_db(live, FAST)
    store.add("wang", "analyst", auth.Scope("530111004"), password=PASSWORD, by="admin")
    store.add("lily", "analyst", auth.Scope(), password=PASSWORD, by="admin")
    store.add("zhao", "leader", auth.Scope(), password=PASSWORD, by="admin")
    assert main(["backup", "--db", str(live), "--to", str(tmp_path / "bk"), "--quiet"]) == 0
    # after the backup: audit rows, a disable, a password reset, a role change, a new account
    store.record("wang", "export", "after-the-backup.csv")
    store.update("lily", "admin", enabled=False)
    store.set_password("wang", "Another-horse-8", by="admin", must_change=True)
    store.update("zhao", "admin", role="analyst")
    store.add("sunny", "analyst", auth.Scope(), password=PASSWORD, by="admin")
    with db.writer(live) as con:
        con.execute("delete from tickets")
    rows_before = store.audit(10_000)
    accounts_before = _accounts(live)

    code = main(["restore", "--from", str(tmp_path / "bk"), "--db", str(live), "--force", "--quiet", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    with db.reader(live) as con, db.reader(tiny_db) as orig:
        assert db.table_checksums(con) == db.table_checksums(orig)  # the data is the backup's

    after = auth.Store.for_db(live, FAST).audit(10_000)
    assert after[1:] == rows_before  # every earlier row kept, unchanged, in order
    assert after[0]["action"] == "restore"
    assert any(r["target"] == "after-the-backup.csv" for r in after)
    assert _accounts(live) == accounts_before  # nothing reverted
    assert not auth.Store.for_db(live, FAST).account("lily").enabled
    for line in (
        "lily: disabled after the backup",
        "wang: password reset or changed after the backup",
        "zhao: role changed from leader to analyst",
        "sunny: created after the backup",
    ):
        assert line in out
    assert '"change": "disabled"' in after[0]["detail"] and '"user": "sunny"' in after[0]["detail"]
    assert audit.verify(live) is None


def test_restore_to_a_new_place_brings_the_backups_accounts_as_a_log_of_its_own(tiny_db, tmp_path):
    src = tmp_path / "src.duckdb"
    shutil.copy(tiny_db, src)
    store = auth.Store.for_db(src, FAST)
    store.add("wang", "analyst", auth.Scope(), password=PASSWORD, by="admin")
    backup(src, tmp_path / "bk")
    store.record("wang", "export", "later.csv")  # the original log goes on
    out = tmp_path / "elsewhere.duckdb"
    assert main(["restore", "--from", str(tmp_path / "bk"), "--db", str(out), "--quiet"]) == 0
    assert auth.Store.for_db(out, FAST).account("wang") is not None
    assert [r["action"] for r in auth.Store.for_db(out, FAST).audit(3)][:2] == ["restore", "user_added"]
    assert audit.verify(out) is None and audit.verify(src) is None  # neither log mistakes the other for itself
