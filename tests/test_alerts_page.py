"""The 预警与督办 page (AppTest) on a copy of the tiny database: what fires shows with its numbers,
an acknowledgement sticks, the 督办 list equals supervision.listing, a street user sees only their street."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
from docx import Document

from grassroots.alerts import store as alert_store
from grassroots.report import supervision_sheet
from tests.conftest import new_app
from tests.signin import as_role


@pytest.fixture
def db(tiny_db, tmp_path):
    path = tmp_path / "alerts.duckdb"
    shutil.copy(tiny_db, path)
    return path


def _app(db, monkeypatch, role="leader", scope=""):
    at = new_app(db, monkeypatch)
    as_role(at, role, scope)
    at.run()
    at.switch_page("pages/alerts.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_alerts_and_acknowledgement(db, monkeypatch):
    at = _app(db, monkeypatch)
    table = at.dataframe[0].value
    # the shipped rules on the tiny data (as of 20 November): the pilot target of 31 July was missed
    # (1 of 2 centres); no street has 30 rated tickets or 50 overdue ones
    assert list(table["预警规则"]) == ["试点建设逾期未达标"]
    assert list(table["当前值"]) == ["1 / 2"] and list(table["单位"]) == ["官渡区"]
    at.text_input[0].input("已督促街道加快建设")
    at.button[0].click().run()
    assert not at.exception
    (a,) = alert_store.AlertStore(alert_store.path_for(db)).open_alerts()
    assert a["acknowledged_by"] and a["note"] == "已督促街道加快建设"
    at.run()
    assert "已督促街道加快建设" in list(at.dataframe[0].value["处理说明"])


def test_supervision_tab_and_sheets(db, monkeypatch):
    at = _app(db, monkeypatch)
    listed = at.dataframe[3].value
    assert list(listed["工单编号"]) == ["T4"]  # 45 days past its deadline
    assert list(listed["超期天数"]) == [45.0]
    by_dept = at.dataframe[1].value
    assert int(by_dept["督办件数"].sum()) == 1
    entries = [
        {
            "ticket_id": "T4",
            "reason_text": "超期未办结",
            "reasons": ["overdue"],
            "days_overdue": 45.0,
            "department": None,
            "unit_name": "关上街道 · 小街社区",
            "category": "市容环境",
            "subcategory": None,
            "reported_at": "2026-10-05 08:00",
            "due_at": "2026-10-06 08:00",
            "street_code": "530111001",
        }
    ]
    import datetime as dt

    doc = Document(io.BytesIO(supervision_sheet.docx(entries, "官渡区", dt.datetime(2026, 11, 20, 9))))
    assert "官渡区诉求督办单" in doc.paragraphs[0].text
    assert "T4" in [c.text for t in doc.tables for r in t.rows for c in r.cells]
    wb = openpyxl.load_workbook(io.BytesIO(supervision_sheet.workbook(entries, "官渡区", dt.datetime(2026, 11, 20, 9))))
    assert any(c.value == "T4" for row in wb.active.iter_rows() for c in row)


def test_a_street_user_sees_their_street_only(db, monkeypatch):
    at = _app(db, monkeypatch, "leader", "530111004")  # 金马街道: T4 is in 关上街道
    assert "T4" not in [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
