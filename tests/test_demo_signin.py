"""The demo's one-click sign-in is offered only while the database holds nothing but the demo's own
records: the first import of other data turns it off, says so and audits it."""

import shutil
from pathlib import Path

from signin import run_entry
from test_ingest_support import write_csv

from grassroots import auth, db
from grassroots.auth import audit, places
from grassroots.cli import main
from tests.conftest import new_app

ROOT = Path(__file__).resolve().parents[1]


def _demo_copy(tiny_db, path):
    shutil.copy(tiny_db, path)
    with db.writer(path) as con:
        con.execute("insert into meta values ('demo_scale', 'tiny')")
    return path


def _regions(tmp_path, code, name):
    return write_csv(tmp_path / f"{code}.csv", [["code", "name", "level", "parent_code"], [code, name, "district", ""]])


def test_the_first_import_turns_the_demo_sign_in_off_and_says_so(tiny_db, tmp_path, capsys):
    path = _demo_copy(tiny_db, tmp_path / "demo.duckdb")
    assert places.is_demo_database(path)
    code = main(["import", "--db", str(path), "--quiet", "--lang", "en", str(_regions(tmp_path, "530199", "某区"))])
    assert code == 0 and "one-click sign-in is now off" in capsys.readouterr().out
    assert not places.is_demo_database(path)
    actions = [r["action"] for r in auth.Store.for_db(path).audit(5)]
    assert actions[:2] == ["demo_off", "import"]
    # a later import says nothing more
    main(["import", "--db", str(path), "--quiet", "--lang", "en", str(_regions(tmp_path, "530198", "另区"))])
    assert "one-click" not in capsys.readouterr().out
    assert [r["action"] for r in auth.Store.for_db(path).audit(100)].count("demo_off") == 1
    assert audit.verify(path) is None


def test_importing_records_it_already_holds_keeps_it_the_demo_database(tiny_db, tmp_path):
    path = _demo_copy(tiny_db, tmp_path / "demo.duckdb")
    with db.reader(path) as con:
        rows = con.execute("select code, name, level, coalesce(parent_code, '') from regions order by code").fetchall()
    same = write_csv(tmp_path / "regions.csv", [["code", "name", "level", "parent_code"], *map(list, rows)])
    assert main(["import", "--db", str(path), "--quiet", str(same)]) == 0  # like the demo's own sample exports
    with db.reader(path) as con:
        assert con.execute("select count(*) from import_log").fetchone()[0] >= 1
    assert places.is_demo_database(path)
    assert "demo_off" not in [r["action"] for r in auth.Store.for_db(path).audit(10)]


def test_after_an_import_no_demo_button_shows_and_a_demo_session_ends(tiny_db, tmp_path, monkeypatch):
    path = _demo_copy(tiny_db, tmp_path / "demo.duckdb")
    at = new_app(path, monkeypatch)
    at.run()
    buttons = [b for b in at.button if b.key and b.key.startswith("signin_demo")]
    assert buttons
    buttons[0].click()
    run_entry(at)
    assert not [t for t in at.title if t.value == "登录"]  # signed in as a demo role
    from grassroots.ingest import import_files

    reports = import_files([_regions(tmp_path, "530199", "某区")], db=path)
    assert audit.record_import(path, "tests", reports, was_demo=True)
    run_entry(at)
    assert [t.value for t in at.title] == ["登录"]
    assert "一键登录已关闭" in at.info[0].value
    assert not [b for b in at.button if b.key and b.key.startswith("signin_demo")]


def test_a_lake_import_of_other_data_turns_it_off_too(tiny_db, tmp_path, capsys):
    from grassroots import lake

    src = tmp_path / "src.duckdb"
    shutil.copy(tiny_db, src)
    with db.writer(src) as con:
        con.execute("update tickets set description = 'other' where ticket_id = (select min(ticket_id) from tickets)")
    lake.export(src, tmp_path / "lake")
    path = _demo_copy(tiny_db, tmp_path / "demo.duckdb")
    assert main(["lake", "import", "--lake", str(tmp_path / "lake"), "--db", str(path), "--quiet", "--lang", "en"]) == 0
    assert "one-click sign-in is now off" in capsys.readouterr().out
    assert not places.is_demo_database(path)
    assert [r["action"] for r in auth.Store.for_db(path).audit(2)] == ["demo_off", "import"]
    assert audit.verify(path) is None
