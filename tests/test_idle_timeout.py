"""After the idle time the open page stops showing data by itself (not at the next click), with a warning
shortly before; what was typed in the SQL console comes back when the same user signs in again."""

import dataclasses
import shutil
import time

from signin import run_entry
from streamlit.testing.v1 import AppTest

from grassroots import auth
from grassroots.auth.roles import Scope
from grassroots.ui import signin
from tests.conftest import new_app

PASSWORD = "Correct-horse-7"


def test_time_left_counts_idle_time_and_the_longest_sign_in():
    s = dataclasses.replace(auth.settings(), idle_minutes=30, max_hours=1)
    u = auth.User("wang", "王", "analyst", Scope(), "password", signed_in_at=1000.0)
    assert signin.time_left(u, 1000.0, s, 1000.0) == 30 * 60
    assert signin.time_left(u, 1000.0 + 50 * 60, s, 1000.0 + 50 * 60) == 10 * 60  # the hour runs out first
    assert signin.warn_before(s) == 120
    assert signin.warn_before(dataclasses.replace(s, idle_minutes=1)) == 30


def _page():
    """Signed in (the test sets how many seconds before the idle time ends the last use was, `_offset`);
    the page's timer check, then what dashboard.py does on every run."""
    import time as clock

    import streamlit as st

    from grassroots import auth
    from grassroots.auth.roles import Scope
    from grassroots.ui import session, signin

    if "_set_up" not in st.session_state:
        st.session_state["_set_up"] = True
        now = clock.time()
        st.session_state[session.USER_KEY] = auth.User(
            "demo:analyst:all", "分析", "analyst", Scope(), "demo", signed_in_at=now - 60
        )
        st.session_state[session.SEEN_KEY] = now - auth.settings().idle_minutes * 60 + st.session_state["_offset"]
        signin.watch()  # on its own this runs every few seconds; a run of the whole app follows at the end
    else:
        signin.current()
    st.write("user=" + str(getattr(session.user(), "username", None)))


def test_a_warning_shortly_before_the_end(monkeypatch, tiny_db):
    monkeypatch.setenv("GRASSROOTS_DB", str(tiny_db))
    at = AppTest.from_function(_page, default_timeout=30)
    at.session_state["_offset"] = 60
    at.run()
    assert not at.exception
    assert any("秒后将自动退出" in w.value for w in at.warning)
    assert at.markdown[-1].value == "user=demo:analyst:all"


def test_at_the_end_the_page_signs_out_by_itself(monkeypatch, tiny_db):
    monkeypatch.setenv("GRASSROOTS_DB", str(tiny_db))
    at = AppTest.from_function(_page, default_timeout=30)
    at.session_state["_offset"] = -5  # the idle time is over: the timer's check runs the whole app
    at.run()
    assert not at.exception
    assert at.markdown[-1].value == "user=None"
    assert at.session_state[signin.NOTICE_KEY] == "idle"


def test_console_text_comes_back_to_the_same_user_after_the_timeout(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "copy.duckdb"
    shutil.copy(tiny_db, path)
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    store = auth.Store.for_db(path)
    store.add("wang.console", "admin", Scope(), password=PASSWORD, by="t")
    store.add("li.console", "admin", Scope(), password=PASSWORD, by="t")
    at = new_app()

    def sign_in(name):
        at.text_input(key="signin_username").input(name)
        at.text_input(key="signin_password").input(PASSWORD)
        at.form_submit_button[0].click()
        run_entry(at)

    def idle_out():
        at.session_state["_user_seen"] = time.time() - auth.settings().idle_minutes * 60 - 1
        run_entry(at)
        assert [t.value for t in at.title] == ["登录"]

    run_entry(at)
    sign_in("wang.console")
    at.session_state["console_sql"] = "select category, count(*) from tickets where"  # half typed
    run_entry(at)
    idle_out()
    assert "console_sql" not in at.session_state  # nothing of the session shows while signed out
    sign_in("li.console")  # another user at the same browser does not get it
    assert "console_sql" not in at.session_state
    at.button(key="account_sign_out").click()
    run_entry(at)
    sign_in("wang.console")
    assert at.session_state["console_sql"] == "select category, count(*) from tickets where"
