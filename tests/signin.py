"""Sign an AppTest session in as a role, the way a signed-in user's session looks to the app.

    at = new_app(db_path, monkeypatch)      # tests/conftest.py
    as_role(at, "analyst", "530111004")     # before at.run()

The account is created (once, without a password, like a single-sign-on account) in the accounts
file of the database $GRASSROOTS_DB names, so the app's checks on every run - the account exists,
is enabled and unchanged - pass as they would for a real user. Nothing in the app trusts a test
switch: this only puts a user into the server-side session state, which no browser can reach.
"""

from __future__ import annotations

import os

from streamlit.util import calc_hash

from grassroots import db, sql
from grassroots.auth import AccountError, Scope, Store, User, places
from grassroots.ui.session import USER_KEY


def account_name(role: str, scope: str = "", centre: str | None = None) -> str:
    return f"test.{role}.{('c-' + centre) if centre else (scope or 'all')}".lower()


def as_role(at, role: str = "leader", scope: str = "", centre: str | None = None) -> User:
    path = os.environ["GRASSROOTS_DB"]
    store = Store.for_db(path)
    name = account_name(role, scope, centre)
    account = store.account(name)
    if account is None:
        try:
            account = store.add(name, role, Scope(scope, centre), by="tests")
        except AccountError as exc:  # another test thread made it a moment ago
            if exc.code != "exists":
                raise
            account = store.account(name)
    with db.reader(path) as con:
        resolved, place = places.resolve(account.scope, lambda n, p: sql.run(con, n, p))
    user = User.of(account, "password", resolved, place)
    at.session_state[USER_KEY] = user
    return user


def run_entry(at):
    """Run the app the way every run of a browser session does: through dashboard.py.

    AppTest detects Streamlit's legacy pages/ folder afresh on every run, so a run after the first
    goes straight to the page the previous run ended on, without dashboard.py - its sign-in and
    filter bar. (The app is served by `python -m grassroots serve`, which turns that legacy mode
    off.) Asking for the entry script's own page runs dashboard.py, which shows its default page."""
    at._page_hash = calc_hash("dashboard")
    return at.run()
