"""python -m grassroots users ACTION ...: accounts from the command line (the first administrator,
resets when nobody can sign in) and the audit log.

    users add NAME --role admin [--scope CODE | --scope centre:ID] [--name 姓名] [--sso-only]
    users list | users reset NAME | users unlock NAME | users disable NAME | users enable NAME
    users set NAME [--role ROLE] [--scope ...]
    users audit [--limit N] [--action ACTION] [--verify]

Passwords are read from the terminal without echo (or one line from standard input with
--password-stdin); they never appear on the command line. Exit status 0 on success, 1 when refused.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys

from grassroots import cli, db, sql
from grassroots.auth import places
from grassroots.auth.audit import ACTIONS, break_message, cli_actor, verify
from grassroots.auth.roles import ROLES, Scope, ScopeError
from grassroots.auth.store import AccountError, Store
from grassroots.i18n import t


def configure(p) -> None:
    cli.add_db(p)
    cli.add_lang(p)
    acts = p.add_subparsers(dest="action", required=True)
    a = acts.add_parser("add", help="create an account")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--scope", default="", help="region code (6/9/12 digits) or centre:ID; empty for everything")
    a.add_argument("--display-name", default="", help="the name shown in the app")
    a.add_argument("--sso-only", action="store_true", help="no password: signs in through single sign-on only")
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    acts.add_parser("list", help="list the accounts")
    for name, text in (
        ("reset", "set a new password (the user must change it at sign-in)"),
        ("unlock", "lift a lock-out"),
        ("disable", "stop an account signing in"),
        ("enable", "let a disabled account sign in again"),
    ):
        x = acts.add_parser(name, help=text)
        x.add_argument("name")
        if name == "reset":
            x.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    s = acts.add_parser("set", help="change an account's role or scope")
    s.add_argument("name")
    s.add_argument("--role", choices=ROLES)
    s.add_argument("--scope", help="region code (6/9/12 digits) or centre:ID; empty for everything")
    au = acts.add_parser("audit", help="print the audit log, newest first")
    au.add_argument("--limit", type=int, default=50)
    au.add_argument("--action", dest="only", choices=ACTIONS, help="only this kind of action")
    au.add_argument("--verify", action="store_true", help="check the log's hash chain")


def _password(args) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("mismatch")
    return first


def _scope(text: str, db_path) -> Scope:
    """A scope naming a place that is in the database (a centre's community filled in)."""
    scope = Scope.parse(text)
    if scope.level == "all":
        return scope
    path = db.resolve(db_path)
    if not path.exists():
        raise ScopeError(f"database not found: {path}")
    with db.reader(path) as con:
        return places.resolve(scope, lambda n, p: sql.run(con, n, p))[0]


def _when(ts) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def run(args) -> int:
    store = Store.for_db(db.resolve(args.db))
    me = cli_actor()
    lang = args.lang
    try:
        if args.action == "add":
            scope = _scope(args.scope, args.db)
            password = None if args.sso_only else _password(args)
            acc = store.add(args.name, args.role, scope, password, args.display_name, by=me)
            print(f"{acc.username}: {t('role.' + acc.role, lang)} · {acc.scope.text() or t('scope.all', lang)}")
        elif args.action == "list":
            for a in store.accounts():
                state = "disabled" if not a.enabled else ("locked" if a.locked(dt.datetime.now().timestamp()) else "ok")
                print(
                    f"{a.username}\t{a.role}\t{a.scope.text() or '*'}\t{state}\t"
                    f"{'password' if a.has_password else 'sso'}\tlast sign-in {_when(a.last_sign_in)}"
                )
        elif args.action == "reset":
            store.set_password(args.name, _password(args), by=me, must_change=True)
        elif args.action == "unlock":
            store.unlock(args.name, by=me)
        elif args.action in ("disable", "enable"):
            store.update(args.name, me, enabled=args.action == "enable")
        elif args.action == "set":
            store.update(
                args.name, me, role=args.role, scope=None if args.scope is None else _scope(args.scope, args.db)
            )
        elif args.action == "audit":
            if args.verify:
                broken = verify(db.resolve(args.db))
                if broken is not None:
                    print(break_message(broken, lang), file=sys.stderr)
                    return 1
                print(t("admin.chain_ok", lang))
            for r in store.audit(args.limit, action=args.only):
                print(
                    f"{r['at'][:19]}\t{r['actor']}\t{r['action']}\t{r['target']}\t"
                    f"{'ok' if r['ok'] else 'FAILED'}\t{r['detail']}"
                )
    except AccountError as exc:
        key = "account.mismatch" if exc.code == "mismatch" else f"auth.error.{exc.code}"
        print(t(key, lang, **exc.params), file=sys.stderr)
        return 1
    except ScopeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0
