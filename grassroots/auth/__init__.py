"""Sign-in, roles, region scopes and the audit log (no streamlit here; the pages use grassroots.ui).

    from grassroots.auth import Store, Scope
    store = Store.for_db("data/demo.duckdb")        # <database>.auth.sqlite beside it
    store.add("wang", "analyst", Scope("530111004"), password="...", by="admin")
    store.authenticate("wang", "...")               # SignIn(outcome='ok', account=...)

Roles: leader 区领导, org_dept 组织部, analyst, centre_staff, admin (grassroots.auth.roles). What each
may do beyond viewing (personal data, console, import, admin) is set in config/auth.toml.
"""

from grassroots.auth.roles import CAPABILITIES, EVERYTHING, ROLES, Scope, ScopeError
from grassroots.auth.sessions import User, expiry, may, may_open, still_valid
from grassroots.auth.settings import AuthSettings
from grassroots.auth.settings import current as settings
from grassroots.auth.store import Account, AccountError, SignIn, Store, path_for

__all__ = [
    "Account",
    "AccountError",
    "AuthSettings",
    "CAPABILITIES",
    "EVERYTHING",
    "ROLES",
    "Scope",
    "ScopeError",
    "SignIn",
    "Store",
    "User",
    "expiry",
    "may",
    "may_open",
    "path_for",
    "settings",
    "still_valid",
]
