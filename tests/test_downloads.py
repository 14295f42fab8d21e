"""Downloads are made on the click, for the signed-in session only, and each one is audited: no page
stores a file at a /media/ address when it is drawn; the click checks the account that drew the
button and writes the audit row; the assessment's workbook and PDF and the Parquet download too."""

import io
import re
import shutil

import openpyxl
import pandas as pd
import pytest

from grassroots import auth, db
from tests import downloads_made
from tests.conftest import ROOT, new_app
from tests.signin import account_name, as_role, open_page


def test_every_download_button_goes_through_the_one_helper():
    calls = []
    for path in [*(ROOT / "grassroots").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"]:
        text = path.read_text(encoding="utf-8")
        calls += [(path.relative_to(ROOT).as_posix(), m.start()) for m in re.finditer(r"\.download_button\(", text)]
    assert [p for p, _ in calls] == ["grassroots/ui/downloads.py"]


def _assessment(asm_db, monkeypatch, role="org_dept"):
    monkeypatch.setenv("GRASSROOTS_DB", str(asm_db))
    offered = downloads_made.capture(monkeypatch)
    at = open_page(None, None, "pages/assessment.py", role)
    return at, offered


def test_a_drawn_page_stores_no_file_and_the_click_is_audited(asm_db, monkeypatch):
    at, offered = _assessment(asm_db, monkeypatch)
    buttons = at.get("download_button")
    assert len(buttons) >= 2
    for b in buttons:  # no address to fetch: only a function the session's click runs
        assert b.proto.url == "" and b.proto.deferred_file_id, b.label
    xlsx_name = next(n for n in offered if n.endswith(".xlsx") and "assessment_" not in n)
    pdf_name = next(n for n in offered if n.endswith(".pdf"))
    store = auth.Store.for_db(asm_db)
    before = len(store.audit(10_000, action="export"))
    book = openpyxl.load_workbook(io.BytesIO(offered[xlsx_name]()))
    assert book.sheetnames
    assert offered[pdf_name]()[:5] == b"%PDF-"
    rows = store.audit(10_000, action="export")
    assert len(rows) == before + 2
    assert [(r["actor"], r["target"], r["ok"]) for r in rows[:2]] == [
        (account_name("org_dept"), pdf_name, True),
        (account_name("org_dept"), xlsx_name, True),
    ]


def test_a_click_after_the_account_changed_builds_nothing(asm_db, tmp_path, monkeypatch):
    path = tmp_path / "asm.duckdb"
    shutil.copy(asm_db, path)
    at, offered = _assessment(path, monkeypatch, role="analyst")
    store = auth.Store.for_db(path)
    store.update(account_name("analyst"), "admin", enabled=False)  # disabled after the page was drawn
    built = []
    name = next(n for n in offered if n.endswith(".pdf"))
    with pytest.raises(PermissionError):
        built.append(offered[name]())
    assert not built
    row = store.audit(1, action="export")[0]
    assert (row["target"], row["ok"]) == (name, False) and '"refused": "account_gone"' in row["detail"]


def test_the_parquet_download_is_built_on_the_click_and_audited(asm_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(asm_db))
    offered = downloads_made.capture(monkeypatch)
    at = new_app()
    as_role(at, "admin")
    at.session_state["explorer_table"] = "tickets"
    at.run()
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception
    name = next(n for n in offered if n.endswith(".parquet"))
    frame = pd.read_parquet(io.BytesIO(offered[name]()))
    with db.reader(asm_db) as con:
        assert len(frame) == con.execute("select count(*) from tickets").fetchone()[0]
    row = auth.Store.for_db(asm_db).audit(1, action="export")[0]
    assert (row["actor"], row["target"]) == (account_name("admin"), name)
