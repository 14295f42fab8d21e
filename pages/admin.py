"""账户与审计 Accounts and audit: add accounts, change them, reset passwords, read the audit log."""

import streamlit as st

from grassroots import auth, db
from grassroots.auth.audit import ACTIONS, verify
from grassroots.auth.roles import ROLES
from grassroots.ui import accounts, downloads, session, signin
from grassroots.ui.text import in_language, tr

if not session.may("admin"):  # the navigation hides this page from other roles; a direct run stops here
    st.error(tr("admin.no_access"))
    st.stop()

me = session.user()
store = signin.store()
st.title(tr("admin.title"))
if signin.is_demo():
    st.caption(tr("admin.demo_note"))


def refused(exc: auth.AccountError) -> None:
    st.error(tr(f"auth.error.{exc.code}", **exc.params))


mine = [a for a in store.accounts() if a.scope.within(me.scope)]  # an administrator manages their own region
tab_users, tab_add, tab_edit, tab_audit = st.tabs(
    [tr("admin.tab.users"), tr("admin.tab.add"), tr("admin.tab.edit"), tr("admin.tab.audit")]
)

with tab_users:
    if mine:
        st.dataframe(accounts.accounts_frame(mine), hide_index=True)
    else:  # not an empty grid saying "empty" in English
        st.info(tr("admin.no_accounts", add=tr("admin.tab.add")))

with tab_add:
    name = st.text_input(tr("signin.username"), key="admin_add_username", max_chars=64)
    display = st.text_input(tr("admin.display_name"), key="admin_add_display", max_chars=40)
    role = st.selectbox(
        tr("admin.col.role"), ROLES, key="admin_add_role", format_func=in_language(lambda r, tr: tr(f"role.{r}"))
    )
    scope = accounts.scope_picker("admin_add_scope", me.scope)
    password = st.text_input(
        tr("admin.temp_password"),
        type="password",
        key="admin_add_password",
        help=tr("admin.temp_password_help"),
        autocomplete="new-password",
    )
    if st.button(tr("admin.add"), type="primary", key="admin_add"):
        try:
            if not scope.within(me.scope):
                raise auth.AccountError("scope_outside")
            made = store.add(name, role, scope, password or None, display, by=me.username, must_change=bool(password))
            st.success(tr("admin.added", name=made.username))
        except auth.AccountError as exc:
            refused(exc)

with tab_edit:
    if not mine:
        st.info(tr("admin.no_accounts", add=tr("admin.tab.add")))
    else:
        who = st.selectbox(tr("admin.pick_user"), [a.username for a in mine], key="admin_edit_user")
        acc = next(a for a in mine if a.username == who)
        e_display = st.text_input(tr("admin.display_name"), value=acc.display_name, key=f"admin_edit_display_{who}")
        e_role = st.selectbox(
            tr("admin.col.role"),
            ROLES,
            index=ROLES.index(acc.role),
            key=f"admin_edit_role_{who}",
            format_func=in_language(lambda r, tr: tr(f"role.{r}")),
        )
        e_scope = accounts.scope_picker(f"admin_edit_scope_{who}", me.scope, acc.scope)
        e_enabled = st.checkbox(tr("admin.enabled"), value=acc.enabled, key=f"admin_edit_enabled_{who}")
        if st.button(tr("admin.save"), type="primary", key="admin_edit_save"):
            try:
                if who == me.username and (e_role != acc.role or not e_enabled):
                    raise auth.AccountError("self")
                if not e_scope.within(me.scope):
                    raise auth.AccountError("scope_outside")
                store.update(who, me.username, role=e_role, scope=e_scope, enabled=e_enabled, display_name=e_display)
                st.success(tr("admin.saved"))
            except auth.AccountError as exc:
                refused(exc)
        st.divider()
        st.subheader(tr("admin.reset_password"))
        temp = st.text_input(
            tr("admin.new_temp_password"), type="password", key=f"admin_reset_pw_{who}", autocomplete="new-password"
        )
        left, right = st.columns(2)
        if left.button(tr("admin.reset"), key="admin_reset"):
            try:
                store.set_password(who, temp, by=me.username, must_change=who != me.username)
                st.success(tr("admin.reset_done"))
            except auth.AccountError as exc:
                refused(exc)
        if acc.locked_until and right.button(tr("admin.unlock"), key="admin_unlock"):
            store.unlock(who, by=me.username)
            st.success(tr("admin.unlocked"))

with tab_audit:
    broken = verify(db.resolve(None))
    if broken is None:
        st.success(tr("admin.chain_ok"))
    else:
        st.error(tr(f"admin.chain_broken.{broken.reason}", id=broken.row, detail=broken.detail))
    left, right = st.columns(2)
    action = left.selectbox(
        tr("admin.audit_action"),
        [None, *ACTIONS],
        key="admin_audit_action",
        format_func=in_language(lambda a, tr: tr("filter.all") if a is None else tr(f"audit.{a}")),
    )
    actor = right.selectbox(
        tr("admin.audit_actor"),
        [None, *sorted({r["actor"] for r in store.audit(5000)})],
        key="admin_audit_actor",
        format_func=in_language(lambda a, tr: tr("filter.all") if a is None else a),
    )
    rows = store.audit(500, action=action, actor=actor)
    st.caption(tr("admin.audit_rows", n=len(rows)))
    log_frame = accounts.audit_frame(rows)
    st.dataframe(log_frame, hide_index=True)
    downloads.buttons(log_frame, "audit_log", key="admin_audit")
