"""The explorer page (AppTest): browsing a table with a filter and sorting, masked personal data,
the console refusing a file read with a message and running a query, saved queries."""

import re

import pytest

from grassroots import i18n
from tests import tiny_assessment as T
from tests.conftest import new_app

try:
    from tests.signin import as_role
except ImportError:  # a tree without sign-in: every session may see every page

    def as_role(at, role="leader", scope="", centre=None):
        return None


def shown(markdown: str) -> str:
    """A message as the browser shows it (the text it quotes is escaped for markdown)."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def app(asm_db, monkeypatch, tmp_path):
    monkeypatch.setenv("GRASSROOTS_DB", str(asm_db))
    monkeypatch.setenv("GRASSROOTS_CONSOLE_DIR", str(tmp_path / "saved"))
    at = new_app()
    as_role(at, "analyst")
    at.run()
    at.switch_page("pages/explorer.py")
    return at


def test_browse_a_table_with_filters_and_masking(app):
    app.session_state["explorer_table"] = "tickets"
    app.session_state["explorer_filter_cols_tickets"] = ["ticket_id"]
    app.session_state["explorer_op_tickets_ticket_id"] = "contains"
    app.session_state["explorer_val_tickets_ticket_id"] = "A-0"
    app.session_state["explorer_sort_tickets"] = "ticket_id"
    app.run()
    assert not app.exception and not app.error
    grid = app.dataframe[0].value
    col = {c: i18n.t(f"column.{c}") for c in ("ticket_id", "reporter_name", "reporter_phone", "reported_at")}
    assert set(col.values()) <= set(grid.columns) and "ticket_id" not in grid.columns  # columns in words
    assert list(grid[col["ticket_id"]]) == [f"A-0{k}" for k in range(1, 10)]  # A-10 and September's A09-.. do not match
    first = grid.iloc[0]
    assert first[col["reporter_name"]] == "张**" and first[col["reporter_phone"]] == "180****1999"
    assert any("9" in c.value and "行" in c.value for c in app.caption)


def test_a_bad_filter_value_is_a_message(app):
    app.session_state["explorer_table"] = "tickets"
    app.session_state["explorer_filter_cols_tickets"] = ["reported_at"]
    app.session_state["explorer_op_tickets_reported_at"] = "ge"
    app.session_state["explorer_val_tickets_reported_at"] = "yesterday-ish"
    app.run()
    assert not app.exception
    assert any("yesterday-ish" in shown(e.value) and i18n.t("column.reported_at") in shown(e.value) for e in app.error)


def test_the_console_refuses_and_runs(app):
    app.run()
    app.text_area(key="console_sql").set_value("select * from read_csv('/etc/passwd')")
    app.button(key="console_run").click().run()
    assert not app.exception
    assert any("read_csv" in shown(e.value) for e in app.error)
    app.text_area(key="console_sql").set_value(
        "select left(community_code, 9) as street, count(*) as n from tickets group by all order by street"
    )
    app.button(key="console_run").click().run()
    assert not app.exception and not app.error
    result = app.dataframe[-1].value
    assert dict(zip(result["street"], result["n"])) == {T.A: 15, T.C: 2, T.B: 15}


def test_saved_queries_on_the_page(app):
    app.run()
    app.text_area(key="console_sql").set_value("drop table tickets")
    app.text_input(key="console_save_name").set_value("坏的")
    app.button(key="console_save").click().run()
    assert any("SELECT" in shown(e.value) for e in app.error)  # refused, and not saved
    assert app.selectbox(key="console_saved_pick").options == ["（选择一条载入）"]
    app.text_area(key="console_sql").set_value("select count(*) as n from centres")
    app.text_input(key="console_save_name").set_value("中心数")
    app.button(key="console_save").click().run()
    assert any("已保存" in s.value for s in app.success)
    assert "中心数" in app.selectbox(key="console_saved_pick").options


def test_the_column_filter_asks_in_the_interface_language(app):
    """Streamlit's own placeholder ("Choose options") would be English on a Chinese page."""
    app.session_state["explorer_table"] = "tickets"
    app.run()
    [chooser] = [m for m in app.multiselect if m.key == "explorer_filter_cols_tickets"]
    assert chooser.placeholder == i18n.t("explorer.filter_columns_hint", "zh") == "选择要筛选的列"
