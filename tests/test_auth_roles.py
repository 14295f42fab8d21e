"""Signing in as each role, through the app: what each can and cannot see on the pages, through a
link's filter parameters, in downloads and in the SQL console.

The database is tests/tiny.py plus two tickets with residents' personal data, one in each street:
P1 in 小街社区 (关上街道) and P2 in 凤凰山社区 (金马街道), both reported in October 2026. So in
October 关上 received T1-T5 + P1 = 6 tickets, 金马 T7 + P2 = 2, everything 8.
"""

import json
import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from grassroots import auth, db, exports, i18n, rollups
from grassroots.auth.audit import ACTIONS
from grassroots.auth.roles import ROLES
from tests import downloads_made
from tests.conftest import ROOT, new_app
from tests.screen_text import nodes
from tests.signin import account_name, as_role, month_app, open_page, run_entry

JINMA, GUANSHANG, GUANDU = "530111004", "530111001", "530111"
PEOPLE = [
    # id, community, reported, name, phone, id number, address
    ("P1", "530111001001", "2026-10-15 09:00", "欧阳娜娜", "18012341111", "530111199001011234", "小街社区3栋2单元501"),
    ("P2", "530111004001", "2026-10-16 10:00", "张三丰", "18056782222", "530111198502023456", "凤凰山社区8栋101"),
]
# text that may only appear to someone who can see 关上街道
GUANSHANG_ONLY = ("关上", "小街", "欧阳", "英语角", "老年课堂", "P1")
PASSWORD = "Correct-horse-7"


def _copy(src, path):
    shutil.copy(src, path)
    return path


@pytest.fixture(scope="module")
def people_db(tiny_db, tmp_path_factory):
    path = _copy(tiny_db, tmp_path_factory.mktemp("roles") / "people.duckdb")
    with db.writer(path) as con:
        con.executemany(
            "insert into tickets (ticket_id, community_code, reported_at, due_at, status, category, source, due_source,"
            " reporter_name, reporter_phone, reporter_id_number, reporter_address, description)"
            " values (?, ?, ?, '2026-12-31 00:00', 'open', '市容环境', '网格员上报', 'ticket', ?, ?, ?, ?, '路灯不亮')",
            PEOPLE,
        )
        rollups.rebuild(con)
    return path


@pytest.fixture
def open_app(people_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(people_db))

    def make(role=None, scope="", scope_centre=None, page=None, **state) -> AppTest:
        """Signed in as `role` with `scope` (or the centre `scope_centre`); `state`: the link's filters."""
        return open_page(None, None, page, role, scope, scope_centre, **state)

    return make


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def pages_of(at) -> set[str]:
    """The pages the navigation offers (AppTest.switch_page accepts only these)."""
    out = set()
    for p in ("overview", "tickets", "import_data", "explorer", "admin", "assessment"):
        try:
            at.switch_page(f"pages/{p}.py")
            out.add(p)
        except ValueError:
            pass
    return out


def page_text(at) -> str:
    """Everything the page shows as text: tables, charts, metrics, captions, widgets' options."""
    from google.protobuf.json_format import MessageToDict

    parts = []
    for node in nodes(at):
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            parts.append(node.value.to_csv())
        elif kind == "plotly_chart":
            parts.append(json.dumps(json.loads(node.proto.spec), ensure_ascii=False))
        elif kind == "deck_gl_json_chart":
            parts.append(json.dumps(json.loads(node.proto.json), ensure_ascii=False))
        elif getattr(node, "proto", None) is not None:
            parts.append(json.dumps(MessageToDict(node.proto), ensure_ascii=False))
    return "\n".join(parts)


def test_nobody_signed_in_sees_only_the_sign_in_form(tiny_db, tmp_path, monkeypatch):
    at = new_app(_copy(tiny_db, tmp_path / "fresh.duckdb"), monkeypatch)
    at.session_state["street"] = JINMA  # a shared link's filters
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["登录"]
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox  # no data, no filter bar
    assert "python -m grassroots users add" in at.code[0].value  # how to make the first admin
    assert not [b for b in at.button if b.key and b.key.startswith("signin_demo")]  # not a demo database
    assert at.session_state["street"] == JINMA  # the link's filters wait


def test_password_sign_in_lock_out_and_sign_out(people_db, tmp_path, monkeypatch):
    path = _copy(people_db, tmp_path / "pw.duckdb")
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    store = auth.Store.for_db(path)
    store.add("wang", "analyst", auth.Scope(JINMA), password=PASSWORD, display_name="王分析", by="tests")
    at = month_app(role=None)
    at.run()

    def attempt(password):
        at.text_input(key="signin_username").input("wang")
        at.text_input(key="signin_password").input(password)
        at.form_submit_button[0].click()
        run_entry(at)
        assert not at.exception

    attempt("not-the-password")
    assert [e.value for e in at.error] == ["用户名或密码不正确。"] and not at.metric
    attempt(PASSWORD)
    assert metrics(at)["诉求受理"] == "2"  # 金马: T7, P2
    assert "王分析 · 分析人员 · 金马街道" in at.sidebar.caption[0].value
    assert at.session_state["signin_password"] == ""  # the password is not kept in the session
    at.button(key="account_sign_out").click()
    run_entry(at)
    assert [t.value for t in at.title] == ["登录"] and "您已退出登录" in at.info[0].value
    for _ in range(auth.settings().max_failures):
        attempt("wrong")
    assert "账户已锁定" in at.error[0].value
    attempt(PASSWORD)
    assert "账户已锁定" in at.error[0].value and not at.metric
    actions = [r["action"] for r in store.audit(20)]
    assert actions[:2] == ["sign_in_failed", "sign_in_failed"] and "sign_out" in actions and "sign_in" in actions


def test_an_account_change_ends_open_sessions(people_db, tmp_path, monkeypatch):
    path = _copy(people_db, tmp_path / "chg.duckdb")
    at = new_app(path, monkeypatch)
    as_role(at, "analyst", JINMA)
    at.run()
    assert at.metric
    auth.Store.for_db(path).update(account_name("analyst", JINMA), "admin", scope=auth.Scope(GUANSHANG))
    run_entry(at)
    assert [t.value for t in at.title] == ["登录"] and not at.metric
    assert "已被修改" in at.info[0].value


def test_an_idle_session_ends(open_app):
    at = open_app("leader")
    at.session_state["_user_seen"] = 0.0  # last used long ago
    run_entry(at)
    assert [t.value for t in at.title] == ["登录"] and "较长时间未操作" in at.info[0].value


def test_demo_database_offers_one_click_roles(people_db, tmp_path, monkeypatch):
    path = _copy(people_db, tmp_path / "demo.duckdb")
    with db.writer(path) as con:
        con.execute("insert into meta values ('demo_scale', 'tiny')")
    at = month_app(path, monkeypatch, role=None)
    at.run()
    assert "演示数据库" in at.info[0].value
    labels = {b.label: b for b in at.button if b.key and b.key.startswith("signin_demo")}
    assert "以区领导身份进入 · 官渡区" in labels and "以分析人员身份进入 · 金马街道" in labels
    assert not [lb for lb in labels if "中心工作人员" in lb]  # its centre is not in this database
    labels["以分析人员身份进入 · 金马街道"].click()
    run_entry(at)
    assert metrics(at)["诉求受理"] == "2"
    assert at.selectbox(key="street").value == JINMA and at.selectbox(key="street").disabled
    assert auth.Store.for_db(path).audit(1)[0]["detail"].count('"method": "demo"') == 1


def test_the_admin_page_of_a_demo_without_accounts_says_so(people_db, tmp_path, monkeypatch):
    """The demo's administrator has no account of its own: the accounts tab says there are none and where to add
    one, in the interface language, instead of an empty grid reading "empty"."""
    path = _copy(people_db, tmp_path / "demo.duckdb")
    with db.writer(path) as con:
        con.execute("insert into meta values ('demo_scale', 'tiny')")
    monkeypatch.setenv("GRASSROOTS_AUTH_DB", str(tmp_path / "no-accounts.sqlite"))
    at = month_app(path, monkeypatch, role=None)
    at.run()
    [admin] = [b for b in at.button if b.key and b.key.startswith("signin_demo") and "管理员" in b.label]
    admin.click()
    run_entry(at)
    account = [c.value for c in at.sidebar.caption if c.value.startswith("👤")]
    assert account and account[0].startswith("👤 管理员（演示账户） · ")
    at.session_state["lang"] = "en"
    run_entry(at)
    account = [c.value for c in at.sidebar.caption if c.value.startswith("👤")]
    assert account and account[0].startswith("👤 Administrator (demo account) · ")  # English brackets
    at.session_state["lang"] = "zh"
    run_entry(at)
    at.switch_page("pages/admin.py")
    at.run()
    assert not at.exception
    said = "还没有账户：在“新建账户”中添加。"
    assert [i.value for i in at.info].count(said) == 2  # the accounts tab and the change tab
    assert not [d for d in at.dataframe if "用户名" in d.value.columns]


def test_a_real_database_never_signs_in_a_demo_role(people_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(people_db))

    def script():
        from grassroots.auth import Scope
        from grassroots.ui import session, signin

        signin._demo_sign_in("admin", Scope(), "")  # what a click would call, were the button there
        import streamlit as st

        st.write(f"user={session.user()}")

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert at.markdown[0].value == "user=None"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_its_pages(open_app, role):
    scope = "530111004001" if role == "centre_staff" else ""
    at = open_app(role, scope)
    expected = {"overview", "tickets", "assessment"}
    expected |= {"explorer"} if role in ("analyst", "admin") else set()
    expected |= {"import_data", "admin"} if role == "admin" else set()
    assert pages_of(at) == expected


def test_the_admin_page_refuses_anyone_else_run_directly(people_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(people_db))
    at = new_app(script="pages/admin.py")
    as_role(at, "leader")
    at.run()
    assert [e.value for e in at.error] == ["只有管理员可以打开此页。"] and not at.dataframe


def test_a_street_user_stays_in_the_street_whatever_the_link_says(open_app):
    # the link names 关上街道 and one of its communities
    at = open_app("analyst", JINMA, district=GUANDU, street=GUANSHANG, community="530111001001")
    assert metrics(at)["诉求受理"] == "2"
    street = at.selectbox(key="street")
    assert street.options == ["金马街道"] and street.value == JINMA and street.disabled
    assert at.selectbox(key="district").options == ["官渡区"]
    assert at.selectbox(key="community").value == ""  # 小街社区 is not on offer
    assert "小街" not in " ".join(at.selectbox(key="community").options)
    everything = open_app("analyst")
    assert metrics(everything)["诉求受理"] == "8"


def test_a_centre_user_sees_the_centre_and_its_community(open_app):
    at = open_app("centre_staff", scope_centre="C2", street=GUANSHANG, centre="C1")
    m = metrics(at)
    assert m["诉求受理"] == "2"  # T7 and P2: the tickets of 凤凰山社区, where C2 stands
    assert m["办件量"] == "0"  # the services are all C1's
    assert at.selectbox(key="centre").options == ["凤凰山社区便民党群服务中心"]


# every page dashboard.py registers (script -> url path), so a new page is checked too
REGISTERED = dict(
    re.findall(r'st\.Page\("pages/(\w+)\.py".*?url_path="(\w+)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))
)


@pytest.mark.parametrize("page", sorted(REGISTERED))
def test_no_page_shows_a_street_user_another_street(open_app, page):
    """Every page an analyst of 金马街道 may open, with a link pointing at 关上街道 and a centre there."""
    analyst = auth.User("x", "x", "analyst", auth.Scope(JINMA), "password")
    if not auth.may_open(analyst, REGISTERED[page], auth.settings()):
        pytest.skip("not a page for this role")
    at = open_app(
        "analyst", JINMA, page=f"pages/{page}.py", district=GUANDU, street=GUANSHANG, centre="C1", centre_profile="C1"
    )
    text = page_text(at)
    leaks = [w for w in GUANSHANG_ONLY if w in text]
    assert not leaks, f"{page} shows {leaks}"


def test_personal_data_is_masked_except_for_roles_that_may_see_it(open_app):
    phone, name = i18n.t("tickets.col.reporter_phone"), i18n.t("tickets.col.reporter_name")

    def records(at):
        found = [d.value for d in at.dataframe if phone in d.value.columns]
        assert found
        return found[0].set_index(i18n.t("tickets.col.ticket_id"))

    records_tab = {"tk_tab": i18n.t("tickets.tab.records"), "tk_rec_dim": ""}
    leader = records(open_app("leader", page="pages/tickets.py", **records_tab))
    assert leader.loc["P2", phone] == "180****2222" and leader.loc["P2", name] == "张**"
    assert leader.loc["P1", name] == "欧阳**"
    staff = records(open_app("centre_staff", scope_centre="C2", page="pages/tickets.py", **records_tab))
    assert staff.loc["P2", phone] == "18056782222" and staff.loc["P2", name] == "张三丰"
    assert "P1" not in staff.index


def _console(at, sql: str) -> pd.DataFrame | None:
    """Run `sql` in the console; its result grid (None when refused)."""
    at.text_area(key="console_sql").input(sql)
    at.button(key="console_run").click()
    at.run()
    assert not at.exception
    result = at.session_state["console_result"]
    if result is None:
        return None
    grids = [d.value for d in at.dataframe if list(d.value.columns) == list(result.frame.columns)]
    assert grids, "the result is shown"
    return grids[-1]


def test_the_console_keeps_a_street_user_in_the_street(open_app, people_db):
    at = open_app("analyst", JINMA, page="pages/explorer.py", street=GUANSHANG)
    grid = _console(at, "select ticket_id, reporter_phone, community_code from tickets order by ticket_id")
    assert list(grid["ticket_id"]) == ["P2", "T7", "T8"]
    assert grid.set_index("ticket_id").loc["P2", "reporter_phone"] == "180****2222"
    for attempt in (
        "select * from model.tickets",
        "select * from people.main.tickets",
        "select * from read_parquet('x.parquet')",
        "attach 'other.duckdb' as o",
    ):
        assert _console(at, attempt) is None and at.error, attempt
    log = auth.Store.for_db(people_db).audit(10, action="console_query")
    assert log[0]["target"] == JINMA and "attach" in log[0]["detail"] and not log[0]["ok"]
    assert any("reporter_phone" in r["detail"] and r["ok"] for r in log)


def test_the_console_shows_everything_unmasked_to_an_administrator(open_app):
    at = open_app("admin", page="pages/explorer.py")
    grid = _console(at, "select ticket_id, reporter_phone from tickets where ticket_id like 'P%' order by 1")
    assert grid.values.tolist() == [["P1", "18012341111"], ["P2", "18056782222"]]


def test_downloads_hold_only_the_scope_masked_and_are_audited(open_app, people_db, monkeypatch):
    made = []
    real = exports.to_csv_bytes
    monkeypatch.setattr(exports, "to_csv_bytes", lambda frame: made.append(frame.copy()) or real(frame))
    offered = downloads_made.capture(monkeypatch)
    open_app("analyst", JINMA, page="pages/explorer.py", street=GUANSHANG, explorer_table="tickets")
    assert "tickets.csv" in offered, "the explorer offers its rows for download"
    assert not made  # nothing is built before the click
    offered["tickets.csv"]()  # the click
    frame = made[-1].rename(columns={i18n.t(f"column.{c}"): c for c in ("ticket_id", "reporter_phone")})
    assert sorted(frame["ticket_id"]) == ["P2", "T7", "T8"]
    assert set(frame["reporter_phone"].dropna()) == {"180****2222"}
    csv = real(frame).decode("utf-8-sig")
    assert "18056782222" not in csv and not any(w in csv for w in GUANSHANG_ONLY)
    row = auth.Store.for_db(people_db).audit(1, action="export")[0]
    assert (row["actor"], row["target"]) == (account_name("analyst", JINMA), "tickets.csv")


def test_an_administrator_adds_an_account_within_their_own_region(open_app, people_db):
    at = open_app("admin", GUANDU, page="pages/admin.py")
    at.text_input(key="admin_add_username").input("zhao.jinma")
    at.selectbox(key="admin_add_role").set_value("leader")
    at.run()
    levels = at.selectbox(key="admin_add_scope_level").options
    assert "全部" not in levels  # a district administrator cannot hand out everything
    at.selectbox(key="admin_add_scope_level").set_value("street")
    at.run()
    assert at.selectbox(key="admin_add_scope_place").options[0].startswith("关上街道")
    at.selectbox(key="admin_add_scope_place").set_value(JINMA)
    at.text_input(key="admin_add_password").input("First-pass-42")
    at.button(key="admin_add").click()
    at.run()
    assert not at.error and "zhao.jinma" in at.success[0].value
    acc = auth.Store.for_db(people_db).account("zhao.jinma")
    assert (acc.role, acc.scope, acc.must_change) == ("leader", auth.Scope(JINMA), True)
    audit = [d.value for d in at.dataframe]
    assert audit and any("zhao.jinma" in d.to_csv() for d in audit)


def test_the_audit_log_is_for_administrators_and_readable(open_app):
    at = open_app("admin", page="pages/admin.py")
    log = [d.value for d in at.dataframe if "操作" in d.value.columns][0]
    assert len(log) and set(log["操作"]) <= {i18n.t(f"audit.{a}") for a in ACTIONS}
    assert any("审计日志完整" in s.value for s in at.success)
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", log["时间"].iloc[0])
    assert isinstance(log, pd.DataFrame)


SSO_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "grassroots",
        "client_secret": "s",
        "server_metadata_url": "https://sso.example.cn/.well-known/openid-configuration",
    }
}


def test_single_sign_on_vouches_for_a_local_account(people_db, tmp_path, monkeypatch):
    path = _copy(people_db, tmp_path / "sso.duckdb")
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    store = auth.Store.for_db(path)
    store.add("wang@jinma.gov.cn", "analyst", auth.Scope(JINMA), by="tests")  # no password: single sign-on only

    def app(user: dict) -> AppTest:
        at = month_app(role=None)
        at.secrets = SSO_SECRETS
        at.user = user
        at.run()
        assert not at.exception
        return at

    at = app({"is_logged_in": True, "email": "Wang@Jinma.gov.cn", "email_verified": True})
    assert metrics(at)["诉求受理"] == "2" and "金马街道" in at.sidebar.caption[0].value
    assert store.audit(1)[0]["action"] == "sign_in" and '"method": "sso"' in store.audit(1)[0]["detail"]
    for user in (
        {"is_logged_in": True, "email": "li@other.gov.cn"},
        {"is_logged_in": True, "email": "wang@jinma.gov.cn", "email_verified": False},
    ):
        at = app(user)
        assert not at.metric and "没有为您开设账户" in at.error[0].value
    assert store.audit(1)[0]["action"] == "sign_in_failed"
    at = app({"is_logged_in": False})
    assert not at.metric and [t.value for t in at.title] == ["登录"]
    assert store.authenticate("wang@jinma.gov.cn", "").outcome == "bad"  # no password to guess
