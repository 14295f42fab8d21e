"""A full disk, a damaged or truncated database file and a file locked by another program are named as
such, with what to do - on the import (page and command line) and on every page - never a traceback,
never advice about filters."""

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import textwrap

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from test_ingest_support import write_csv

from grassroots import db, trouble
from grassroots.cli import main
from grassroots.ingest import import_files
from tests.conftest import new_app

NO_SPACE = 'IO Error: Could not write file "x.duckdb.wal": No space left on device'


def test_the_kinds_are_told_apart():
    assert trouble.kind(OSError(errno.ENOSPC, "No space left on device")) == "disk_full"
    assert trouble.kind(duckdb.IOException(NO_SPACE)) == "disk_full"
    wrapped = RuntimeError("import failed")
    wrapped.__cause__ = OSError(errno.ENOSPC, "full")
    assert trouble.kind(wrapped) == "disk_full"
    assert trouble.kind(ValueError("no space left on device")) is None  # only failures of files count
    assert trouble.kind(KeyError("x")) is None


def _tickets_csv(tmp_path):
    return write_csv(
        tmp_path / "工单.csv",
        [
            ["工单编号", "问题大类", "社区代码", "上报时间", "状态"],
            ["Z1", "市容环境", "530111004001", "2026-10-10 09:00", "办理中"],
        ],
    )


class _FullDisk:
    """A connection whose commit finds the disk full, as DuckDB reports it."""

    def __init__(self, con):
        self._con = con

    def execute(self, text, *args, **kwargs):
        if isinstance(text, str) and text.strip().lower() == "commit":
            raise duckdb.IOException(NO_SPACE)
        return self._con.execute(text, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.fixture
def full_disk(monkeypatch):
    real = db.writer

    @contextlib.contextmanager
    def writer(path=None, timeout=None):
        with real(path, timeout) as con:
            yield _FullDisk(con)

    monkeypatch.setattr(db, "writer", writer)


def _count(path):
    with db.reader(path) as con:
        return con.execute("select count(*) from tickets").fetchone()[0]


def test_a_full_disk_on_commit_refuses_the_file_by_name_and_changes_nothing(tiny_db, tmp_path, full_disk, capsys):
    path = tmp_path / "full.duckdb"
    shutil.copy(tiny_db, path)
    before = _count(path)
    [report] = import_files([_tickets_csv(tmp_path)], db=path, lang="en")
    assert (report.status, report.code) == ("refused", "disk_full")
    assert "disk is full" in report.message and str(path) in report.message
    assert _count(path) == before
    code = main(["import", "--db", str(path), "--quiet", "--lang", "zh", str(_tickets_csv(tmp_path))])
    out = capsys.readouterr()
    assert code == 1 and "磁盘已满" in out.out and "Traceback" not in out.out + out.err
    assert _count(path) == before


def test_a_full_disk_when_the_database_opens_is_a_refusal_not_a_traceback(tiny_db, tmp_path, monkeypatch):
    def writer(path=None, timeout=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db, "writer", writer)
    [report] = import_files([_tickets_csv(tmp_path)], db=tiny_db, lang="zh")
    assert report.code == "disk_full" and "磁盘已满" in report.message


def test_a_page_that_meets_a_full_disk_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(tmp_path / "x.duckdb"))

    def script():
        import errno as e

        from grassroots.ui import frame

        with frame.guard():
            raise OSError(e.ENOSPC, "No space left on device")  # e.g. the upload written to a temporary file

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    [error] = at.error
    assert "磁盘已满" in error.value and "x.duckdb" in error.value and "筛选" not in error.value


@pytest.mark.parametrize("keep", [5000, 0], ids=["truncated", "emptied"])
def test_a_truncated_database_shows_what_happened_and_how_to_restore(tiny_db, tmp_path, monkeypatch, keep):
    path = tmp_path / "damaged.duckdb"
    shutil.copy(tiny_db, path)
    os.truncate(path, keep)
    at = new_app(path, monkeypatch).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and "已损坏或不完整" in errors[0] and "damaged.duckdb" in errors[0] and "restore" in errors[0]
    assert not any("筛选" in e for e in errors)


def test_a_database_locked_by_another_program_is_named(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "locked.duckdb"
    shutil.copy(tiny_db, path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys, duckdb
                con = duckdb.connect({str(path)!r})
                print("held", flush=True)
                sys.stdin.read()
            """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(duckdb.Error) as caught, db.reader(path) as con:
            con.execute("select 1")
        assert trouble.kind(caught.value) == "locked"
        [report] = import_files([_tickets_csv(tmp_path)], db=path, lang="en")
        assert report.code == "locked" and "locked by another program" in report.message
        at = new_app(path, monkeypatch).run()
        assert not at.exception and "正被另一个程序锁定" in at.error[0].value
    finally:
        holder.stdin.close()
        holder.wait(30)


def test_a_missing_audit_key_stops_sign_in_with_a_message(tiny_db, tmp_path, monkeypatch):
    from grassroots import auth
    from grassroots.auth import keys

    path = tmp_path / "keyed.duckdb"
    shutil.copy(tiny_db, path)
    key = tmp_path / "keys" / "audit.key"
    monkeypatch.setenv(keys.ENV, str(key))
    auth.Store.for_db(path).record("someone", "export", "x.csv")  # a log chained with this key
    key.unlink()
    at = new_app(path, monkeypatch).run()
    assert not at.exception
    assert "密钥文件缺失" in at.error[0].value and "keyed.duckdb" in at.error[0].value
    assert not key.exists()  # no other key is made in its place


def test_a_disk_without_room_for_the_copy_refuses_before_copying_and_names_the_bytes(
    tiny_db, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "room.duckdb"
    shutil.copy(tiny_db, path)
    before = _count(path)
    size = os.path.getsize(path)
    need = size + max(size // 10, 256 * 2**20)  # the copy and room for it to grow (the README says so)
    free = need - 1
    monkeypatch.setattr(db.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10 * need, 10 * need - free, free))
    [report] = import_files([_tickets_csv(tmp_path)], db=path, lang="en")
    assert (report.status, report.code) == ("refused", "no_room")
    assert f"{need:,} B" in report.message and f"{free:,} B" in report.message and str(path) in report.message
    assert not db.next_path(path).exists() and _count(path) == before
    code = main(["import", "--db", str(path), "--quiet", "--lang", "zh", str(_tickets_csv(tmp_path))])
    out = capsys.readouterr()
    assert code == 1 and "磁盘空间不足" in out.out and f"{need:,} B" in out.out and "Traceback" not in out.out + out.err
    monkeypatch.setattr(db.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10 * need, 9 * need, need))
    [report] = import_files([_tickets_csv(tmp_path)], db=path, lang="en")
    assert report.status != "refused" and _count(path) == before + 1  # exactly enough room: it goes ahead
