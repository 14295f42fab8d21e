"""Accounts: salted slow hashes, lock-out, expiry, scopes, the chained audit log, the users command."""

import dataclasses
import sqlite3
import threading
import time

import pytest

from grassroots import auth
from grassroots.auth import passwords
from grassroots.auth.roles import Scope, ScopeError
from grassroots.auth.settings import load
from grassroots.cli import main
from grassroots.config import ConfigError

FAST = dataclasses.replace(auth.settings(), bcrypt_rounds=4)  # the production cost is 12; tests need speed
GOOD = "Correct-horse-7"


@pytest.fixture
def store(tmp_path):
    return auth.Store(tmp_path / "db.duckdb.auth.sqlite", FAST)


def test_hashes_are_salted_slow_and_checked():
    a, b = passwords.hash_password(GOOD, 4), passwords.hash_password(GOOD, 4)
    assert a != b and a.startswith("bcrypt-sha256$$2b$04$")  # a fresh salt each time, cost 4
    assert passwords.verify(GOOD, a) and passwords.verify(GOOD, b)
    assert not passwords.verify(GOOD.lower(), a) and not passwords.verify("", a)
    assert not passwords.verify(GOOD, "plain text") and not passwords.verify(GOOD, None)
    # long passphrases count beyond bcrypt's 72 bytes: they differ only in the 30th character
    long_a, long_b = "长" * 29 + "甲" + "x", "长" * 29 + "乙" + "x"
    assert len(long_a.encode()) > 72 and not passwords.verify(long_b, passwords.hash_password(long_a, 4))
    assert passwords.rounds_of(passwords.hash_password(GOOD, 12)) == 12


def test_the_configured_cost_is_slow(tmp_path):
    start = time.perf_counter()
    passwords.hash_password(GOOD, load().bcrypt_rounds)
    assert load().bcrypt_rounds >= 12 and time.perf_counter() - start > 0.05


def test_no_password_or_hash_is_stored_in_clear(store):
    store.add("wang", "analyst", Scope("530111004"), password=GOOD, by="t")
    raw = store.path.read_bytes()
    assert GOOD.encode() not in raw
    with sqlite3.connect(store.path) as con:
        (digest,) = con.execute("select password_hash from users").fetchone()
    assert passwords.verify(GOOD, digest)


def test_sign_in_outcomes_and_audit(store):
    store.add("Wang", "analyst", Scope("530111004"), password=GOOD, by="admin")
    assert store.authenticate("wang", "wrong").outcome == "bad"
    assert store.authenticate("nobody", GOOD).outcome == "bad"  # unknown user: the same answer
    ok = store.authenticate(" WANG ", GOOD, where="10.0.0.1")
    assert ok.outcome == "ok" and ok.account.role == "analyst" and ok.account.scope == Scope("530111004")
    assert ok.account.failed_count == 0 and ok.account.last_sign_in
    rows = store.audit()
    assert [(r["action"], r["actor"], r["ok"]) for r in rows] == [
        ("sign_in", "wang", True),
        ("sign_in_failed", "nobody", False),
        ("sign_in_failed", "wang", False),
        ("user_added", "admin", True),
    ]
    assert '"where": "10.0.0.1"' in rows[0]["detail"]


def test_lock_out_after_repeated_failures(store):
    store.add("wang", "analyst", Scope(), password=GOOD, by="t")
    now = 1_000_000.0
    for _ in range(FAST.max_failures - 1):
        assert store.authenticate("wang", "wrong", now=now).outcome == "bad"
    locked = store.authenticate("wang", "wrong", now=now)
    assert locked.outcome == "locked" and locked.locked_until == now + FAST.lockout_minutes * 60
    # while locked even the right password is refused
    assert store.authenticate("wang", GOOD, now=now + 60).outcome == "locked"
    # the lock ends by itself
    assert store.authenticate("wang", GOOD, now=now + FAST.lockout_minutes * 60 + 1).outcome == "ok"
    assert store.account("wang").failed_count == 0


def test_an_administrator_lifts_a_lock(store):
    store.add("wang", "analyst", Scope(), password=GOOD, by="t")
    for _ in range(FAST.max_failures):
        store.authenticate("wang", "wrong")
    assert store.authenticate("wang", GOOD).outcome == "locked"
    store.unlock("wang", by="admin")
    assert store.authenticate("wang", GOOD).outcome == "ok"


def test_concurrent_failures_all_count(store):
    store.add("wang", "analyst", Scope(), password=GOOD, by="t")
    threads = [threading.Thread(target=store.authenticate, args=("wang", "wrong")) for _ in range(FAST.max_failures)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert store.authenticate("wang", GOOD).outcome == "locked"


def test_disabled_accounts_and_weak_passwords(store):
    store.add("wang", "analyst", Scope(), password=GOOD, by="t")
    store.update("wang", "admin", enabled=False)
    assert store.authenticate("wang", GOOD).outcome == "disabled"
    assert store.authenticate("wang", "wrong").outcome == "bad"  # no hint without the password
    for name, bad, code in (
        ("zhao", "short1!", "password_short"),
        ("zhao", "abababababab", "password_weak"),
        ("zhaoyun.x1", "ZhaoYun.x1", "password_weak"),
    ):  # the user name itself
        with pytest.raises(auth.AccountError) as exc:
            store.add(name, "leader", Scope(), password=bad, by="t")
        assert exc.value.code == code
    assert store.account("zhao") is None
    with pytest.raises(auth.AccountError, match="bad_username"):
        store.add("x", "leader", Scope(), by="t")
    with pytest.raises(auth.AccountError, match="exists"):
        store.add("WANG", "leader", Scope(), by="t")
    with pytest.raises(auth.AccountError, match="bad_role"):
        store.add("zhao", "mayor", Scope(), by="t")
    with pytest.raises(auth.AccountError, match="centre_scope"):  # centre staff: a community or a centre
        store.add("zhao", "centre_staff", Scope("530111004"), by="t")


def test_changes_raise_the_version_that_ends_open_sessions(store):
    acc = store.add("wang", "analyst", Scope("530111004"), password=GOOD, by="t")
    user = auth.User.of(acc, "password", acc.scope, "金马街道")
    assert auth.still_valid(user, store.account("wang"), False) is None
    store.update("wang", "admin", scope=Scope("530111001"))
    assert auth.still_valid(user, store.account("wang"), False) == "account_changed"
    user = auth.User.of(store.account("wang"), "password", Scope("530111001"), "关上街道")
    store.set_password("wang", "Another-pass-8", by="admin", must_change=True)
    assert auth.still_valid(user, store.account("wang"), False) == "account_changed"
    assert store.authenticate("wang", GOOD).outcome == "bad"
    after = store.authenticate("wang", "Another-pass-8")
    assert after.outcome == "ok" and after.account.must_change
    assert auth.User.of(after.account, "password", Scope("530111001"), "").must_change
    store.update("wang", "admin", enabled=False)
    assert auth.still_valid(user, store.account("wang"), False) == "account_gone"
    assert auth.still_valid(user, None, False) == "account_gone"


def test_own_password_change_checks_the_old_one(store):
    store.add("wang", "analyst", Scope(), password=GOOD, by="t", must_change=True)
    assert store.change_own_password("wang", "wrong", "Brand-new-pass-9").outcome == "bad"
    done = store.change_own_password("wang", GOOD, "Brand-new-pass-9")
    assert done.outcome == "ok" and not done.account.must_change
    assert store.authenticate("wang", "Brand-new-pass-9").outcome == "ok"
    assert store.audit(1, action="password_changed")[0]["actor"] == "wang"


def test_session_expiry():
    s = FAST
    user = auth.User("wang", "王", "analyst", Scope(), "password", signed_in_at=1000.0)
    assert auth.expiry(user, last_seen=1000.0, settings=s, now=1000.0 + s.idle_minutes * 60 - 1) is None
    assert auth.expiry(user, last_seen=1000.0, settings=s, now=1000.0 + s.idle_minutes * 60 + 1) == "idle"
    busy_until = 1000.0 + s.max_hours * 3600 + 1
    assert auth.expiry(user, last_seen=busy_until - 5, settings=s, now=busy_until) == "max"


def test_demo_sessions_live_only_on_the_demo_database():
    user = auth.User("demo:leader:530111", "区领导", "leader", Scope("530111"), "demo")
    assert auth.still_valid(user, None, demo_database=True) is None
    assert auth.still_valid(user, None, demo_database=False) == "not_demo"


def test_scopes_clamp_and_contain():
    street = Scope("530111004")
    assert street.clamp("530111004002", None) == ("530111004002", None)  # a community inside: kept
    assert street.clamp("530111001", None) == ("530111004", None)  # another street: the scope
    assert street.clamp("530111", "C9") == ("530111004", "C9")  # wider: the scope
    assert street.clamp("", None) == ("530111004", None)
    assert street.clamp(None, None) == ("530111004", None)
    assert street.clamp("5301110040019999", None)[0] == "5301110040019999"  # a grid of its community
    centre = Scope("530111004001", "530111004001-BM")
    assert centre.clamp("", "530111004-JD") == ("530111004001", "530111004001-BM")
    assert Scope("530111004001").within(street) and not street.within(Scope("530111004001"))
    assert street.within(Scope()) and not Scope().within(street)
    assert centre.within(street) and not Scope("530111004001", "X").within(centre)
    assert Scope.parse("centre:530111004001-BM") == Scope("", "530111004001-BM")
    assert [Scope(c).level for c in ("", "530111", "530111004", "530111004001")] == [
        "all",
        "district",
        "street",
        "community",
    ]
    for bad in ("5301", "53011100400", "abc", "530111004' or 1=1 --"):
        with pytest.raises(ScopeError):
            Scope(bad)


def test_the_audit_log_takes_concurrent_writers(store):
    def write(k):
        for i in range(20):
            store.record(f"w{k}", "export", f"{k}-{i}")

    threads = [threading.Thread(target=write, args=(k,)) for k in range(5)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(store.audit(1000)) == 100 and store.verify_chain() is None


def test_settings_are_validated(tmp_path):
    bad = tmp_path / "auth.toml"
    bad.write_text('[capabilities]\nleader = ["everything"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"auth.toml: capabilities.leader"):
        load(bad)
    bad.write_text("[lockout]\nmax_failures = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lockout.max_failures"):
        load(bad)
    bad.write_text('[[demo]]\nrole = "leader"\nscope = "12"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"demo\[0\]"):
        load(bad)


def test_users_command(tiny_db, tmp_path, monkeypatch, capsys):
    import shutil

    dbp = tmp_path / "t.duckdb"
    shutil.copy(tiny_db, dbp)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(GOOD + "\n"))
    assert (
        main(
            [
                "users",
                "--db",
                str(dbp),
                "--lang",
                "en",
                "add",
                "wang",
                "--role",
                "analyst",
                "--scope",
                "530111004",
                "--password-stdin",
            ]
        )
        == 0
    )
    assert (
        main(["users", "--db", str(dbp), "add", "zhao", "--role", "centre_staff", "--scope", "centre:C2", "--sso-only"])
        == 0
    )
    store = auth.Store.for_db(dbp)
    assert store.account("zhao").scope == Scope("530111004001", "C2")  # the centre's community filled in
    assert store.authenticate("wang", GOOD).outcome == "ok"
    assert main(["users", "--db", str(dbp), "add", "qian", "--role", "leader", "--scope", "530199", "--sso-only"]) == 1
    assert "530199" in capsys.readouterr().err
    assert main(["users", "--db", str(dbp), "disable", "wang"]) == 0
    assert store.authenticate("wang", GOOD).outcome == "disabled"
    assert main(["users", "--db", str(dbp), "audit", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "user_added" in out and "user_changed" in out and "cli:" in out
