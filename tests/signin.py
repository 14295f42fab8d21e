"""Sign an AppTest session in as a role, the way a signed-in user's session looks to the app.

    at = new_app(db_path, monkeypatch)      # tests/conftest.py
    as_role(at, "analyst", "530111004")     # before at.run()

or, in one step, the app signed in and set to a month, then a page opened on it:

    at = month_app(db_path, monkeypatch, "analyst", month="2026-10-01", street="530111004")
    at = open_page(db_path, monkeypatch, "pages/tickets.py", "analyst", tk_tab="办理时限")

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


def month_app(
    db_path=None,
    monkeypatch=None,
    role: str | None = "leader",
    scope: str = "",
    scope_centre: str | None = None,
    *,
    month: str = "2026-10-01",
    timeout: float = 120,
    **state,
):
    """The app's AppTest on `db_path` (tests/conftest.py's new_app), signed in as `role` (None: nobody) with
    `scope` or the centre `scope_centre`, showing the month that starts on `month`, with `state` (filters,
    widgets' keys) in its session; not yet run."""
    from tests.conftest import new_app

    at = new_app(db_path, monkeypatch, timeout=timeout)
    if role:
        as_role(at, role, scope, scope_centre)
    at.session_state["period"] = "month"
    at.session_state["at_month"] = month
    for k, v in state.items():
        at.session_state[k] = v
    return at


def open_page(
    db_path,
    monkeypatch,
    page: str | None,
    role: str | None = "leader",
    scope: str = "",
    scope_centre: str | None = None,
    **kw,
):
    """month_app(...) run through the entry, then switched to `page` (e.g. "pages/tickets.py"; None: stay on
    the entry's page) and run again; the run raised nothing."""
    at = month_app(db_path, monkeypatch, role, scope, scope_centre, **kw)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def through_entry(monkeypatch) -> None:
    """Run every AppTest run the way `python -m grassroots serve` serves: without the legacy pages/
    discovery (AppTest turns it back on for every run), so each run goes through dashboard.py - sign-in,
    filter bar, navigation - and a filter changed between runs reaches the page."""
    from streamlit.runtime.pages_manager import PagesManager

    init = PagesManager.__init__

    def without_legacy_pages(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", without_legacy_pages)
