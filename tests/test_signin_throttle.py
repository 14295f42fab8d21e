"""Sign-in throttling: a name that is no account fails, locks and unlocks exactly like a real one (so
the answers never tell which accounts exist), and a client with too many failures is paused whatever
the names it tries."""

import dataclasses
import shutil

import pytest

from grassroots import auth
from grassroots.auth.roles import Scope
from tests.conftest import new_app

GOOD = "Correct-horse-7"


@pytest.fixture
def store(tmp_path):
    s = dataclasses.replace(auth.settings(), bcrypt_rounds=4, max_failures=3, client_max_failures=7)
    st = auth.Store(tmp_path / "db.duckdb.auth.sqlite", s)
    st.add("wang", "analyst", Scope(), password=GOOD, by="t")
    return st


def _answers(store, name, n, now, client):
    return [(r.outcome, r.locked_until) for r in (store.authenticate(name, "wrong", client, now=now) for _ in range(n))]


def test_unknown_names_lock_exactly_like_accounts(store):
    now = 1_000_000.0
    lock = now + store.settings.lockout_minutes * 60
    known = _answers(store, "wang", 5, now, "10.0.0.1")
    unknown = _answers(store, "nobody", 5, now, "10.0.0.2")
    assert known == unknown  # the same answers, the same lock
    assert [o for o, _ in known] == ["bad", "bad", "locked", "locked", "locked"] and known[-1][1] == lock
    # while locked, any password gets the same answer
    assert store.authenticate("wang", GOOD, "10.0.0.3", now=now + 60).outcome == "locked"
    assert store.authenticate("nobody", GOOD, "10.0.0.4", now=now + 60).outcome == "locked"
    # and both locks end at the same moment
    later = lock + 1
    assert store.authenticate("nobody", "wrong", "10.0.0.5", now=later).outcome == "bad"
    assert store.authenticate("wang", "wrong", "10.0.0.6", now=later).outcome == "bad"
    assert store.authenticate("wang", GOOD, "10.0.0.6", now=later).outcome == "ok"


def test_a_client_with_too_many_failures_is_paused_whatever_the_names(store):
    now = 2_000_000.0
    names = [f"guess{i}" for i in range(7)]  # a different name each time: no name locks
    outcomes = [store.authenticate(n, "wrong", "10.9.9.9", now=now).outcome for n in names]
    assert outcomes == ["bad"] * 7
    stopped = store.authenticate("wang", GOOD, "10.9.9.9", now=now + 1)  # even the right password
    assert stopped.outcome == "throttled" and stopped.locked_until == now + store.settings.lockout_minutes * 60
    assert store.authenticate("wang", GOOD, "10.1.1.1", now=now + 1).outcome == "ok"  # another client is not
    assert store.authenticate("wang", GOOD, "10.9.9.9", now=stopped.locked_until + 1).outcome == "ok"
    reasons = [r["detail"] for r in store.audit(20) if r["action"] == "sign_in_failed"]
    assert any('"throttled"' in d for d in reasons)


def test_a_clients_failures_count_within_its_window_only(store):
    now = 3_000_000.0
    window = store.settings.client_window_minutes * 60
    for i in range(6):
        store.authenticate(f"guess{i}", "wrong", "10.2.2.2", now=now)
    # the window passes: counting starts again
    for i in range(6):
        assert store.authenticate(f"other{i}", "wrong", "10.2.2.2", now=now + window + 1).outcome == "bad"
    assert store.authenticate("wang", GOOD, "10.2.2.2", now=now + window + 2).outcome == "ok"


def test_the_sign_in_page_answers_unknown_and_known_names_alike(tiny_db, tmp_path, monkeypatch):
    from signin import run_entry

    path = tmp_path / "copy.duckdb"  # its own accounts file: these failures count against no other test
    shutil.copy(tiny_db, path)
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    auth.Store.for_db(path).add("zhou", "analyst", Scope(), password=GOOD, by="t")
    texts = {}
    for name in ("zhou", "no-such-name"):
        at = new_app()
        run_entry(at)
        seen = []
        for _ in range(auth.settings().max_failures + 1):
            at.text_input(key="signin_username").input(name)
            at.text_input(key="signin_password").input("wrong-password")
            at.form_submit_button[0].click()
            run_entry(at)
            seen.append([e.value for e in at.error])
        texts[name] = seen
    assert texts["zhou"] == texts["no-such-name"]
    assert "锁定" in texts["zhou"][-1][0]
