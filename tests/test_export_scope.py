"""Every part of an export stays within its scope: the assessment export's data-sources sheet lists the
district's import log only to a scope over every region; a street's export names no file and no row
count, only each table's latest import."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import openpyxl
import pytest

from grassroots import db, sql
from tests.conftest import ROOT

FILES = ("关上街道工单.csv", "金马街道工单.csv", "全区办件.xlsx")
STREET = "530111001"


@pytest.fixture(scope="module")
def logged_db(tiny_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("scope") / "logged.duckdb"
    path.write_bytes(tiny_db.read_bytes())
    con = duckdb.connect(str(path))
    try:
        for i, (name, table) in enumerate(zip(FILES, ("tickets", "tickets", "service_records"))):
            con.execute(
                "insert into import_log (file_name, file_hash, table_name, rows_read, rows_loaded, rows_rejected, "
                "imported_at) values ($f, $h, $t, 120, 118, 2, $at)",
                {"f": name, "h": f"h{i}", "t": table, "at": dt.datetime(2026, 11, 1 + i, 9, 0)},
            )
    finally:
        con.close()
    return path


def _sources(path, region, centre_id=None):
    with db.reader(path) as con:
        return sql.run(con, "assessment/data_sources", {"limit": 50, "region": region, "centre_id": centre_id})


def test_the_whole_district_sees_every_import(logged_db):
    frame = _sources(logged_db, "")
    assert set(FILES) <= set(frame["file_name"])
    assert frame["rows_read"].notna().all()


@pytest.mark.parametrize("region, centre", [(STREET, None), ("530111", None), ("530111001001", "C1")])
def test_a_narrower_scope_sees_tables_and_dates_only(logged_db, region, centre):
    whole = _sources(logged_db, "")
    frame = _sources(logged_db, region, centre)
    assert frame["file_name"].isna().all() and frame["rows_read"].isna().all() and frame["sheet"].isna().all()
    assert sorted(frame["table_name"]) == sorted(whole["table_name"].unique())
    latest = whole.groupby("table_name")["imported_at"].max()
    assert all(latest[t] == at for t, at in zip(frame["table_name"], frame["imported_at"]))


def _sheet_text(folder) -> str:
    wb = openpyxl.load_workbook(next(folder.glob("*.xlsx")))
    return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


@pytest.mark.slow
def test_the_assess_command_s_workbook_keeps_to_its_scope(logged_db, tmp_path):
    def run(scope, out):
        done = subprocess.run(
            [sys.executable, "-m", "grassroots", "assess", "--db", str(logged_db), "--quiet", "--period", "2026-10",
             "--level", "community", "--scope", scope, "--format", "xlsx", "--out", str(out)],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return _sheet_text(out)

    everything = run("", tmp_path / "all")
    street = run(STREET, tmp_path / "street")
    assert all(name in everything for name in FILES)
    assert not any(name in street for name in FILES)
