"""python -m grassroots import: exit codes, --json, --accept-valid, --profile."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest_support import TICKET_HEADER, query, seeded_db, ticket, write_csv

from grassroots.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_cli_json_and_exit_codes(tmp_path, capsys):
    dbp = seeded_db(tmp_path / "t.duckdb")
    good = write_csv(tmp_path / "good.csv", [TICKET_HEADER, ticket("T1"), ticket("T2")])
    bad = write_csv(tmp_path / "bad.csv", [TICKET_HEADER, ticket("T3"), ticket("T4", reported="soon")])
    assert main(["import", str(good), "--db", str(dbp), "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True
    [f] = out["files"]
    assert {
        k: f[k] for k in ("file", "sheet", "table", "profile", "rows_read", "rows_loaded", "rows_rejected", "status")
    } == {
        "file": "good.csv",
        "sheet": None,
        "table": "tickets",
        "profile": "standard",
        "rows_read": 2,
        "rows_loaded": 2,
        "rows_rejected": 0,
        "status": "loaded",
    }

    assert main(["import", str(good), str(bad), "--db", str(dbp), "--json", "--quiet", "--lang", "en"]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    # good.csv again, byte for byte: already imported, nothing changed
    assert [f["status"] for f in out["files"]] == ["already_imported", "refused"]
    assert [f["already_imported"] for f in out["files"]] == [True, False]
    assert (out["new"], out["updated"], out["unchanged"], out["already_imported"]) == (0, 0, 0, 1)
    assert out["files"][1]["errors"] == [
        {
            "file": "bad.csv",
            "sheet": None,
            "row": 3,
            "column": "上报时间",
            "value": "soon",
            "reason": "bad date or time",
            "code": "bad_date",
        }
    ]
    assert "bad.csv" in captured.err and "refused" in captured.err  # the human report goes to stderr with --json

    assert main(["import", str(bad), "--db", str(dbp), "--accept-valid", "--quiet", "--lang", "en"]) == 0
    assert "partly loaded" in capsys.readouterr().out
    assert query(dbp, "select count(*) from tickets") == [(3,)]

    assert main(["import", str(good), "--db", str(dbp), "--profile", "open311", "--quiet"]) == 1
    assert main(["import", str(good), "--db", str(dbp), "--profile", "nope", "--quiet"]) == 1


def test_a_folder_stands_for_the_export_files_in_it(tmp_path, capsys):
    dbp = seeded_db(tmp_path / "t.duckdb")
    folder = tmp_path / "2023-06 exports"
    folder.mkdir()
    write_csv(folder / "b_tickets.csv", [TICKET_HEADER, ticket("T2")])
    write_csv(folder / "a_tickets.csv", [TICKET_HEADER, ticket("T1")])
    (folder / "README.md").write_text("# not an export\n")
    (folder / ".hidden.csv").write_text("x\n")
    (folder / "sub").mkdir()
    write_csv(folder / "sub" / "c.csv", [TICKET_HEADER, ticket("T3")])  # not read: only the folder's own files
    assert main(["import", str(folder), "--db", str(dbp), "--json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["status"]) for f in out["files"]] == [
        ("a_tickets.csv", "loaded"),
        ("b_tickets.csv", "loaded"),
    ]
    assert query(dbp, "select ticket_id from tickets order by 1") == [("T1",), ("T2",)]

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", str(empty), "--db", str(dbp), "--quiet", "--lang", "en"]) == 1
    assert f"the folder {empty} holds no file to import" in capsys.readouterr().err
    assert main(["import", str(empty), "--db", str(dbp), "--quiet", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["files"] == [] and out["ok"] is False


def test_the_import_function_refuses_a_folder_by_name(tmp_path):
    from grassroots.ingest import import_files

    dbp = seeded_db(tmp_path / "t.duckdb")
    [r] = import_files([tmp_path], db=dbp, lang="en")
    assert (r.status, r.code) == ("refused", "is_folder") and "this is a folder, not a file" in r.message


@pytest.mark.slow
def test_cli_subprocess_has_progress_bar_and_no_traceback(tmp_path):
    dbp = seeded_db(tmp_path / "t.duckdb")
    junk = tmp_path / "junk.csv"
    junk.write_bytes(os.urandom(2000))
    good = write_csv(tmp_path / "good.csv", [TICKET_HEADER, ticket("T1")])
    p = subprocess.run(
        [sys.executable, "-m", "grassroots", "import", str(good), str(junk), "--db", str(dbp)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 1
    assert "Traceback" not in p.stderr + p.stdout
    assert "%" in p.stderr  # the terminal bar
    assert "junk.csv" in p.stdout and "good.csv" in p.stdout
