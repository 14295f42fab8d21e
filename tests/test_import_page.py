"""The import page: the report of a real import (a good file and a file with bad rows) as the page
shows it, the import log, and the error download."""

import shutil

import pytest

from grassroots import db, ingest
from tests.conftest import new_app
from tests.signin import as_role

GOOD = "工单编号,社区代码,上报时间,结案时间,状态,问题大类\nN1,530111001001,2026-10-09 08:00,2026-10-09 10:00,已办结,市容环境\n"
BAD = (
    "工单编号,社区代码,上报时间,结案时间,状态,问题大类\n"
    "B1,530111001001,2026-10-09 08:00,2026-10-08 10:00,已办结,市容环境\n"  # closed before reported
    "B2,999999999999,2026/13/45,,办理中,市容环境\n"
)  # unknown community, bad date


@pytest.fixture
def imported(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    shutil.copy(tiny_db, path)
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    with db.reader(path) as con:
        before = db.table_checksums(con)
    reports = ingest.import_files([tmp_path / "good.csv", tmp_path / "bad.csv"], db=path, lang="zh")
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    return path, reports, before


def import_page(at, reports):
    """The import page as an administrator sees it after importing files with these `reports`."""
    as_role(at, "admin")
    at.run()
    at.switch_page("pages/import_data.py")
    at.session_state["import_reports"] = reports
    at.run()
    assert not at.exception
    return at


def test_import_page_shows_the_reports_and_the_log(imported):
    path, reports, before = imported
    assert [r.status for r in reports] == ["loaded", "refused"]
    at = import_page(new_app(), reports)
    assert "已导入 1 个文件，退回 1 个：新增 1 行，更新 0 行，未变 0 行。" in [e.value for e in at.error]
    texts = "\n".join(t.value for t in at.text)
    assert "good.csv" in texts and "bad.csv" in texts
    assert "新增 1 行，更新 0 行，未变 0 行" in texts
    errors = at.dataframe[0].value
    text = errors.to_csv(index=False)
    assert len(errors) >= 3 and "999999999999" in text and "2026/13/45" in text
    # headers of the standard layout's language, never the model's names or reason codes
    assert list(errors.columns) == ["文件", "工作表", "行", "列", "值", "原因", "类型"]
    assert set(errors["类型"]) == {"错误（未导入）"} and "missing_value" not in text and "unknown_ref" not in text
    log = at.dataframe[1].value
    assert list(log["文件"]) == ["good.csv"] and list(log["新增"]) == [1] and list(log["数据表"]) == ["诉求工单"]
    assert list(log["表头配置"]) == ["标准导出格式 (standard export layout)"]
    assert not {"file_name", "rows_loaded", "table_name", "file_hash"} & set(log.columns)


def test_refused_file_left_every_table_as_it_was(imported):
    path, reports, before = imported
    with db.reader(path) as con:
        after = db.table_checksums(con)
        assert con.execute("select count(*) from tickets where ticket_id like 'B%'").fetchone()[0] == 0
    changed = {t for t in before if before[t] != after.get(t)}
    # only the good file's table, its rollups and the log changed
    assert changed <= {
        "tickets",
        "rollup_tickets_monthly",
        "rollup_tickets_hist",
        "rollup_ticket_close_hist",
        "rollup_tickets_subcat_monthly",
        "import_log",
    }


def test_the_same_file_again_says_already_imported(imported, tmp_path):
    """Importing good.csv a second time: the page says it was already imported, nothing changed,
    and the log still holds the one load."""
    path, _, _ = imported
    with db.reader(path) as con:
        before = db.table_checksums(con)
    again = ingest.import_files([tmp_path / "good.csv"], db=path, lang="en")
    assert [(r.status, r.new, r.updated, r.unchanged) for r in again] == [("already_imported", 0, 0, 0)]
    with db.reader(path) as con:
        assert db.table_checksums(con) == before
    at = new_app()
    as_role(at, "admin")
    at.run()
    at.switch_page("pages/import_data.py")
    at.session_state["lang"] = "en"
    at.session_state["import_reports"] = again
    at.run()
    assert not at.exception
    assert "1 file(s) were already imported (identical content); nothing was changed." in [i.value for i in at.info]
    assert not at.success and not at.error  # no "0 file(s) loaded"
    text = "\n".join(t.value for t in at.text)
    assert "good.csv (tickets · standard export layout" in text.replace("标准导出格式 (", "")
    assert "already imported" in text and "this very file (identical content) was imported on" in text
    log = at.dataframe[0].value
    assert list(log["File"]) == ["good.csv"] and list(log["New"]) == [1]


def test_a_closed_ticket_without_closing_time_is_a_warning_on_the_page(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    shutil.copy(tiny_db, path)
    f = tmp_path / "w.csv"
    f.write_text(
        "工单编号,社区代码,上报时间,结案时间,状态,问题大类\nW1,530111001001,2026-10-09 08:00,,已办结,市容环境\n",
        encoding="utf-8",
    )
    reports = ingest.import_files([f], db=path, lang="zh")  # strict mode: still loads
    assert [(r.status, r.warnings_total) for r in reports] == [("loaded", 1)]
    at = import_page(new_app(path, monkeypatch), reports)
    problems = at.dataframe[0].value
    assert problems[["文件", "行", "列", "类型"]].values.tolist() == [["w.csv", 2, "结案时间", "提示（已导入）"]]
    assert "不计入办结时长和按时办结率" in problems["原因"][0]


def test_wishes_whose_status_their_dates_contradict_are_warnings_on_the_page(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    shutil.copy(tiny_db, path)
    f = tmp_path / "微心愿.csv"
    f.write_text(
        "心愿编号,社区代码,提出日期,认领日期,完成日期,状态\n"
        "X1,530111001001,2026-10-02,2026-10-03,,已完成\n"  # fulfilled without a fulfilment date
        "X2,530111001001,2026-10-02,,2026-10-05,待认领\n"  # open, yet fulfilled
        "X3,530111001001,2026-10-02,2026-10-03,2026-10-05,已完成\n",  # consistent
        encoding="utf-8",
    )
    reports = ingest.import_files([f], db=path, lang="zh")  # strict mode: still loads
    assert [(r.status, r.rows_loaded, r.warnings_total) for r in reports] == [("loaded", 3, 2)]
    at = import_page(new_app(path, monkeypatch), reports)
    problems = at.dataframe[0].value
    assert problems[["文件", "行", "列", "类型"]].values.tolist() == [
        ["微心愿.csv", 2, "完成日期", "提示（已导入）"],
        ["微心愿.csv", 3, "状态", "提示（已导入）"],
    ]
    assert "没有完成日期" in problems["原因"][0] and "「完成日期」" in problems["原因"][1]
    assert "fulfilled_no_date" not in problems.to_csv() and "open_with_date" not in problems.to_csv()


def test_an_empty_import_log_says_so_in_words(tiny_db, tmp_path, monkeypatch):
    """Nothing imported yet: a sentence, not an empty table with the grid's own placeholder."""
    path = tmp_path / "db.duckdb"
    shutil.copy(tiny_db, path)
    with db.reader(path) as con:
        assert con.execute("select count(*) from import_log").fetchone() == (0,)
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    at = import_page(new_app(), None)
    assert "还没有导入过文件。" in [c.value for c in at.caption]
    assert len(at.dataframe) == 0


def test_the_caches_are_cleared_only_when_the_import_loaded_something(monkeypatch):
    """A refused or already-imported batch leaves the very same database version (db.Unchanged): the page keeps
    every cache warm instead of sending the next viewers to cold queries."""
    from grassroots.ingest.report import FileReport
    from grassroots.ui import data

    def said(status: str) -> FileReport:
        rep = FileReport("a.csv")
        rep.status = status
        return rep

    cleared = []
    monkeypatch.setattr(data, "clear", lambda: cleared.append(1))
    nothing = [said("refused"), said("already_imported")]
    assert data.after_import(nothing) is False and cleared == []
    assert data.after_import([*nothing, said("partial")]) is True and cleared == [1]
