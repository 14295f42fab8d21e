"""The explorer's two tabs, one function each: browsing a table of the model with filters and sorting,
and the read-only SQL console with saved queries (both run in grassroots.console, scoped to `scope`,
personal data masked unless `personal`)."""

from __future__ import annotations

import streamlit as st

from grassroots import codes, console, markup
from grassroots.ui import data, downloads, session
from grassroots.ui.text import in_language, lang, tr, tr_md

SHOW_ROWS = 1000


def download_row(frame, name: str, key: str) -> None:
    """CSV (formula-safe) and .xlsx through the shared buttons, and Parquet."""
    downloads.buttons(frame, name, key=key)
    downloads.button(
        tr("explorer.download_parquet"),
        lambda: console.parquet_bytes(frame),
        f"{name}.parquet",
        "application/vnd.apache.parquet",
        f"{key}_parquet",
    )


def browse(scope: str, personal: bool) -> None:
    L = lang()
    with console.open(data.db_path(), scope, personal) as con:
        tables = sorted(t for t in con.tables if not t.startswith("scoped_"))
        table = st.selectbox(
            tr("explorer.table"), tables, key="explorer_table", format_func=in_language(lambda t, tr: tr("table." + t))
        )
        cols = con.columns(table)
        names = [c for c, _ in cols]
        types = dict(cols)

        def named(c: str) -> str:
            return codes.column_label(table, c, L)

        st.caption(tr("explorer.columns", n=len(cols)) + " · ".join(named(c) for c, _ in cols))
        chosen = st.multiselect(
            tr("explorer.filter_columns"),
            names,
            key=f"explorer_filter_cols_{table}",
            format_func=named,
            placeholder=tr("explorer.filter_columns_hint"),
        )
        conditions: list[tuple[str, str, object]] = []
        for col in chosen:
            kind = types[col].upper()
            left, right = st.columns([1, 2])
            ops = (
                ["contains", "eq", "is_null", "not_null"]
                if kind in ("VARCHAR", "BOOLEAN")
                else ["ge", "le", "eq", "is_null", "not_null"]
            )
            op = left.selectbox(
                named(col),
                ops,
                key=f"explorer_op_{table}_{col}",
                format_func=in_language(lambda o, tr: tr(f"explorer.op.{o}")),
            )
            if op in ("is_null", "not_null"):
                conditions.append((col, op, None))
                continue
            value = right.text_input(
                tr("explorer.value"),
                key=f"explorer_val_{table}_{col}",
                placeholder=tr("explorer.value_hint." + ("date" if "DATE" in kind or "TIME" in kind else "any")),
            )
            if value.strip():
                conditions.append((col, op, value.strip()))
        s1, s2, s3 = st.columns([2, 1, 1])
        sort_col = s1.selectbox(
            tr("explorer.sort"),
            [""] + names,
            key=f"explorer_sort_{table}",
            format_func=in_language(lambda c, tr: named(c) if c else tr("explorer.no_sort")),
        )
        descending = s2.toggle(tr("explorer.descending"), key="explorer_desc")
        cap = s3.selectbox(
            tr("explorer.download_cap"),
            [1000, 10_000, 100_000],
            index=1,
            key="explorer_cap",
            help=tr("explorer.download_cap_help"),
        )
        try:
            result = con.browse(table, conditions, (sort_col, descending) if sort_col else None, max_rows=cap)
        except console.ConsoleError as err:
            if "column" in err.values:  # the filter's column, named as the reader chose it
                err.values["column"] = named(err.values["column"])
            st.error(markup.md(err.message(L)))
        else:
            st.caption(
                tr(
                    "explorer.matches",
                    total=result.total,
                    shown=min(len(result.frame), SHOW_ROWS),
                    s=f"{result.seconds:.2f}",
                )
            )
            # on screen the fixed lists read in the page's language; a download keeps the data's values
            shown = codes.labelled_columns(codes.frame_values(result.frame.head(SHOW_ROWS), table, L), table, L)
            st.dataframe(shown, hide_index=True, key="explorer_grid")
            if result.truncated:
                st.warning(tr("explorer.download_truncated", n=len(result.frame)))
            download_row(codes.labelled_columns(result.frame, table, L), f"{table}", key="explorer_browse_dl")


def sql_console(scope: str, personal: bool, user) -> None:
    L = lang()
    saved = console.SavedQueries.beside(data.db_path(), getattr(user, "username", None))
    with console.open(data.db_path(), scope, personal) as con:
        tables = sorted(t for t in con.tables if not t.startswith("scoped_"))
        with st.expander(tr("explorer.schema"), expanded=False):
            for t in tables:
                st.markdown(f"**{tr('table.' + t)}** `{t}` — " + ", ".join(f"`{c}`" for c, _ in con.columns(t)))
        st.caption(tr("explorer.console_rules", s=f"{console.TIME_LIMIT_S:g}", n=console.MAX_ROWS))
        if st.session_state.get("console_flash"):
            st.success(st.session_state.pop("console_flash"))
        try:
            entries = saved.list()
        except console.ConsoleError as err:
            st.error(markup.md(err.message(L)))
            entries = []
        by_name = {e["name"]: e["sql"] for e in entries}
        pick = st.selectbox(
            tr("explorer.saved"),
            [""] + list(by_name),
            key="console_saved_pick",
            format_func=in_language(lambda n, tr: n or tr("explorer.saved_none")),
        )
        if pick and st.session_state.get("console_loaded") != pick:
            st.session_state["console_sql"] = by_name[pick]
            st.session_state["console_loaded"] = pick
        text = st.text_area(
            tr("explorer.sql"),
            key="console_sql",
            height=160,
            placeholder="select category, count(*) as n from tickets group by all order by n desc",
        )
        a, b, c = st.columns([1, 1, 2], vertical_alignment="bottom")
        max_rows = a.selectbox(tr("explorer.max_rows"), [100, 1000, console.MAX_ROWS], index=1, key="console_max_rows")
        run = b.button(tr("explorer.run"), type="primary", key="console_run")
        name = c.text_input(tr("explorer.save_as"), key="console_save_name")
        s1, s2 = st.columns(2)
        if s1.button(tr("explorer.save"), key="console_save"):
            try:
                saved.save(name, text, con.tables)
            except console.ConsoleError as err:
                st.error(markup.md(err.message(L)))
            else:  # show it in the list at once
                st.session_state["console_flash"] = tr_md("explorer.saved_ok", name=name.strip())
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
            session.audit(
                "console_query",
                scope,
                {"sql": text, "error": st.session_state["console_error"]},
                ok=st.session_state["console_error"] is None,
            )
    if st.session_state.get("console_error"):
        st.error(markup.md(st.session_state["console_error"]))  # it may quote the SQL typed
    res = st.session_state.get("console_result")
    if res is not None:
        st.caption(tr("explorer.result", n=len(res.frame), s=f"{res.seconds:.2f}"))
        if res.truncated:
            st.warning(tr("explorer.truncated", n=len(res.frame)))
        st.dataframe(res.frame.head(SHOW_ROWS), hide_index=True, key="console_grid")
        download_row(res.frame, "query_result", key="console_dl")
