"""python -m grassroots assess: the page's scorecard on the command line, fileable and archived."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import duckdb
import openpyxl
import pytest
from docx import Document

from grassroots import config, sql
from grassroots.assessment import archive, scorecard, system
from tests.conftest import ROOT
from tests.contracts import OCTOBER


def _run(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "grassroots", "assess", "--db", str(db), "--quiet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_the_json_is_the_scorecard_the_page_computes(tiny_db, tmp_path):
    done = _run(tiny_db, "--period", "2026-10", "--level", "community", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".docx", ".json", ".pdf", ".xlsx"]
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    con = duckdb.connect(str(tiny_db), read_only=True)
    chosen = next(s for s in system.load_all()[0] if s.key == "default")
    sc = scorecard.compute(
        chosen,
        "community",
        lambda n, p: sql.run(con, n, p),
        OCTOBER,
        {**OCTOBER, "date_from": OCTOBER["date_from"].replace(month=9), "date_to": OCTOBER["date_from"]},
        min_n=config.app().min_n,
    )
    con.close()
    assert data["system"] == "default" and data["level"] == "community" and data["period"] == "2026-10"
    assert [u["code"] for u in data["units"]] == list(sc.units["unit_id"])
    assert [u["score"] for u in data["units"]] == [round(float(x), 1) for x in sc.units["total"]]
    assert all(u["rank"] is None and not u["ranked"] for u in data["units"])  # under min_n = 20
    assert {"on_time", "satisfaction"} <= set(data["units"][0]["indicators"])
    assert next(tmp_path.glob("*.json")).name.startswith("全部区县_2026年10月_社区")
    doc = Document(str(next(tmp_path.glob("*.docx"))))
    assert "审核人" in "\n".join(p.text for p in doc.paragraphs) and doc.tables
    assert openpyxl.load_workbook(next(tmp_path.glob("*.xlsx"))).sheetnames


def test_archive_keeps_result_system_and_checksums(tiny_db, tmp_path):
    db = tmp_path / "a.duckdb"
    db.write_bytes(tiny_db.read_bytes())
    assert (
        _run(
            db, "--period", "2026-10", "--level", "street", "--format", "json", "--out", str(tmp_path), "--archive"
        ).returncode
        == 0
    )
    store = archive.Archive(archive.path_for(db))
    (row,) = store.list()
    filed = store.get(row["filed_id"])
    assert filed["intact"] and filed["system"] == "default" and filed["period"] == "2026-10"
    assert filed["system_text"] == (system.INDICATORS_DIR / "default.toml").read_text(encoding="utf-8")
    again = system.parse(filed["system_text"], "default.toml", "default")
    assert [i.points for i in again.indicators] == [
        i.points for i in system.load(system.INDICATORS_DIR / "default.toml").indicators
    ]
    listing = _run(db, "--list-archive")
    assert listing.returncode == 0 and "2026-10" in listing.stdout
    con = sqlite3.connect(archive.path_for(db))
    con.execute('update filed set result = replace(result, \'"level":"street"\', \'"level":"centre"\')')
    con.commit()
    con.close()
    assert not store.get(row["filed_id"])["intact"]  # an edited filing shows


@pytest.mark.parametrize(
    "args,word",
    [
        (["--period", "2026-10", "--system", "nope"], "nope"),
        (["--period", "Oct"], "period"),
        (["--level", "street"], "--period"),
        (["--period", "2026-10", "--format", "odt"], "format"),
        (["--period", "2026-10", "--scope", "12345"], "scope"),
    ],
)
def test_bad_requests_are_refused_plainly(tiny_db, tmp_path, args, word):
    done = _run(tiny_db, *args, "--out", str(tmp_path))
    assert done.returncode == 2 and word in done.stderr and "Traceback" not in done.stderr


def test_a_year_workbook_compares_with_last_year(tiny_db, tmp_path):
    """As the page: a year's change column is 同比 (the same days of last year), never 环比."""
    done = _run(tiny_db, "--period", "2026", "--level", "street", "--format", "xlsx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
    assert "总分变化（同比）" in text and "对比周期（同比）" in text and "环比" not in text
    assert "2025-01-01 – 2025-11-20" in text  # 1 January to the as-of day, a year earlier


def test_a_period_the_data_does_not_reach_is_neither_filed_nor_archived(tiny_db, tmp_path):
    """The tiny data runs to 2026-11-20: no scorecard of zeros for 2027 Q1, and nothing in the archive."""
    db = tmp_path / "t.duckdb"
    shutil.copy(tiny_db, db)
    out = tmp_path / "out"
    done = _run(db, "--period", "2027-Q1", "--level", "street", "--archive", "--out", str(out), "--lang", "en")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "No data for Q1 2027: the data run to 2026-11-20." in done.stderr
    assert not out.exists() and not archive.path_for(db).exists()


def test_a_period_not_fully_imported_is_not_archived_but_can_be_looked_at(tiny_db, tmp_path):
    """The tiny data run to 2026-11-20: the fourth quarter's scores are the record of a quarter only once it is
    imported whole; the files can be made before that."""
    db = tmp_path / "t.duckdb"
    shutil.copy(tiny_db, db)
    archived = _run(db, "--period", "2026-Q4", "--level", "street", "--archive", "--out", str(tmp_path / "a"))
    assert archived.returncode == 1 and "数据截至 2026-11-20" in archived.stderr and "不归档" in archived.stderr
    assert not archive.path_for(db).exists() and not (tmp_path / "a").exists()
    looked = _run(db, "--period", "2026-Q4", "--level", "street", "--format", "json", "--out", str(tmp_path / "b"))
    assert looked.returncode == 0 and len(list((tmp_path / "b").glob("*.json"))) == 1
