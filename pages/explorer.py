"""数据探索 Explorer: browse any table of the model with filters and sorting, and a read-only SQL
console; both run in grassroots.console (scoped to the chosen region, never wider than the user's
own scope, with personal data masked as the role demands)."""

import streamlit as st

from grassroots import console
from grassroots.ui import data, downloads, filters, session
from grassroots.ui.text import lang, tr

f = filters.current()
L = lang()
user = session.user()
own = session.scope()
if own is None:  # nobody signed in: the console reads nothing
    st.stop()
scope = console.narrowest(own.region, f.region)
personal = session.may_see_personal()
st.title(tr("explorer.title"))
st.caption(tr("explorer.scope", region=f.region_name if scope == f.region else scope or tr("filter.all_regions"),
              personal=tr("explorer.personal_on" if personal else "explorer.personal_off")))

SHOW_ROWS = 1000


def download_row(frame, name: str, key: str) -> None:
    """CSV (formula-safe) and .xlsx through the shared buttons, and Parquet."""
    downloads.buttons(frame, name, key=key)
    st.download_button(tr("explorer.download_parquet"), console.parquet_bytes(frame), file_name=f"{name}.parquet",
                       mime="application/vnd.apache.parquet", key=f"{key}_parquet", on_click="ignore")


browse_tab, console_tab = st.tabs([tr("explorer.browse"), tr("explorer.console")])

with browse_tab, console.open(data.db_path(), scope, personal) as con:
    tables = sorted(t for t in con.tables if not t.startswith("scoped_"))
    table = st.selectbox(tr("explorer.table"), tables, key="explorer_table",
                         format_func=lambda t: f"{tr('table.' + t)} ({t})" if tr("table." + t) != "table." + t else t)
    cols = con.columns(table)
    names = [c for c, _ in cols]
    types = dict(cols)
    st.caption(tr("explorer.columns", n=len(cols)) + " · ".join(f"{c} ({t})" for c, t in cols))
    chosen = st.multiselect(tr("explorer.filter_columns"), names, key=f"explorer_filter_cols_{table}")
    conditions = []
    for col in chosen:
        kind = types[col].upper()
        left, right = st.columns([1, 2])
        ops = ["contains", "eq", "is_null", "not_null"] if kind in ("VARCHAR", "BOOLEAN") else ["ge", "le", "eq", "is_null", "not_null"]
        op = left.selectbox(col, ops, key=f"explorer_op_{table}_{col}", format_func=lambda o: tr(f"explorer.op.{o}"))
        if op in ("is_null", "not_null"):
            conditions.append((col, op, None))
            continue
        value = right.text_input(tr("explorer.value"), key=f"explorer_val_{table}_{col}",
                                 placeholder=tr("explorer.value_hint." + ("date" if "DATE" in kind or "TIME" in kind else "any")))
        if value.strip():
            conditions.append((col, op, value.strip()))
    s1, s2, s3 = st.columns([2, 1, 1])
    sort_col = s1.selectbox(tr("explorer.sort"), [""] + names, key=f"explorer_sort_{table}",
                            format_func=lambda c: c or tr("explorer.no_sort"))
    descending = s2.toggle(tr("explorer.descending"), key="explorer_desc")
    cap = s3.selectbox(tr("explorer.download_cap"), [1000, 10_000, 100_000], index=1, key="explorer_cap",
                       help=tr("explorer.download_cap_help"))
    try:
        result = con.browse(table, conditions, (sort_col, descending) if sort_col else None, max_rows=cap)
    except console.ConsoleError as err:
        st.error(err.message(L))
    else:
        st.caption(tr("explorer.matches", total=result.total, shown=min(len(result.frame), SHOW_ROWS),
                      s=f"{result.seconds:.2f}"))
        st.dataframe(result.frame.head(SHOW_ROWS), hide_index=True, key="explorer_grid")
        if result.truncated:
            st.warning(tr("explorer.download_truncated", n=len(result.frame)))
        download_row(result.frame, f"{table}", key="explorer_browse_dl")

with console_tab:
    saved = console.SavedQueries.beside(data.db_path(), getattr(user, "username", None))
    with console.open(data.db_path(), scope, personal) as con:
        tables = sorted(t for t in con.tables if not t.startswith("scoped_"))
        with st.expander(tr("explorer.schema"), expanded=False):
            for t in tables:
                st.markdown(f"**{t}** — " + ", ".join(f"`{c}`" for c, _ in con.columns(t)))
        st.caption(tr("explorer.console_rules", s=f"{console.TIME_LIMIT_S:g}", n=console.MAX_ROWS))
        if st.session_state.get("console_flash"):
            st.success(st.session_state.pop("console_flash"))
        try:
            entries = saved.list()
        except console.ConsoleError as err:
            st.error(err.message(L))
            entries = []
        by_name = {e["name"]: e["sql"] for e in entries}
        pick = st.selectbox(tr("explorer.saved"), [""] + list(by_name), key="console_saved_pick",
                            format_func=lambda n: n or tr("explorer.saved_none"))
        if pick and st.session_state.get("console_loaded") != pick:
            st.session_state["console_sql"] = by_name[pick]
            st.session_state["console_loaded"] = pick
        text = st.text_area(tr("explorer.sql"), key="console_sql", height=160,
                            placeholder="select category, count(*) as n from tickets group by all order by n desc")
        a, b, c = st.columns([1, 1, 2], vertical_alignment="bottom")
        max_rows = a.selectbox(tr("explorer.max_rows"), [100, 1000, console.MAX_ROWS], index=1, key="console_max_rows")
        run = b.button(tr("explorer.run"), type="primary", key="console_run")
        name = c.text_input(tr("explorer.save_as"), key="console_save_name")
        s1, s2 = st.columns(2)
        if s1.button(tr("explorer.save"), key="console_save"):
            try:
                saved.save(name, text, con.tables)
            except console.ConsoleError as err:
                st.error(err.message(L))
            else:  # show it in the list at once
                st.session_state["console_flash"] = tr("explorer.saved_ok", name=name.strip())
                st.rerun()
        if pick and s2.button(tr("explorer.delete", name=pick), key="console_delete"):
            saved.delete(pick)
            st.session_state["console_loaded"] = None
            st.rerun()
        if run:
            try:
                st.session_state["console_result"] = con.run(text, max_rows=max_rows)
                st.session_state["console_error"] = None
            except console.ConsoleError as err:
                st.session_state["console_result"] = None
                st.session_state["console_error"] = err.message(L)
            session.audit("console_query", scope, {"sql": text, "error": st.session_state["console_error"]},
                          ok=st.session_state["console_error"] is None)
    if st.session_state.get("console_error"):
        st.error(st.session_state["console_error"])
    res = st.session_state.get("console_result")
    if res is not None:
        st.caption(tr("explorer.result", n=len(res.frame), s=f"{res.seconds:.2f}"))
        if res.truncated:
            st.warning(tr("explorer.truncated", n=len(res.frame)))
        st.dataframe(res.frame.head(SHOW_ROWS), hide_index=True, key="console_grid")
        download_row(res.frame, "query_result", key="console_dl")
