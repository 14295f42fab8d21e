"""Imports never stop viewers: a writer builds the next version of the database beside it and
switches at its end, while viewers read the version they have through the process's warm read-only
instance (grassroots.db).

An import is paused in the middle (at its progress callback, while it holds the writer's lock and
has written rows): a viewer's query and a console query complete meanwhile and see the database as
before; once the import ends, the next query sees all of its rows. No timings are asserted."""

from __future__ import annotations

import shutil
import threading

import pytest
from bulk_exports import tickets_csv

from grassroots import config, console, db, sql
from grassroots.ingest import import_files

COUNT = "select count(*) from tickets"


@pytest.fixture
def live(tiny_db, tmp_path):
    path = tmp_path / "live.duckdb"
    shutil.copy(tiny_db, path)
    return path


def _count(path) -> int:
    with db.reader(path) as con:
        return con.execute(COUNT).fetchone()[0]


def test_a_viewer_query_completes_while_an_import_is_paused(live, tmp_path):
    csv = tickets_csv(tmp_path / "工单.csv", 300, "V")
    before = _count(live)
    writing, resume = threading.Event(), threading.Event()
    result = {}

    def progress(done, total, label=""):
        if "写入" in label and not writing.is_set():  # rows are being written: stop here a while
            writing.set()
            assert resume.wait(120), "the test never let the import go on"

    def run():
        result["reports"] = import_files([csv], db=live, progress=progress)

    th = threading.Thread(target=run)
    th.start()
    try:
        assert writing.wait(120), "the import never reached its writing stage"
        assert db.next_path(db.resolve(live)).exists()  # the import is writing its next version
        # the page's own path: grassroots.sql.run on a reader, here in another thread than the import
        with db.reader(live) as con:
            frame = sql.run(con, "common/data_as_of")
            n = con.execute(COUNT).fetchone()[0]
        assert len(frame) == 1 and n == before
        with console.open(live, scope="") as cons:  # a console opens and answers too
            assert cons.run("select count(*) as n from tickets").frame["n"].iloc[0] == before
    finally:
        resume.set()
        th.join(300)
    [report] = result["reports"]
    assert report.status == "loaded", report
    assert _count(live) == before + 300  # the next query reads the new version
    assert not db.next_path(db.resolve(live)).exists()


def test_a_failed_write_leaves_the_database_as_it_was(live):
    with db.reader(live) as con:
        before = db.table_checksums(con)
    with pytest.raises(RuntimeError), db.writer(live) as con:
        con.execute("delete from tickets")
        raise RuntimeError("stop")
    with db.reader(live) as con:
        assert db.table_checksums(con) == before
    assert not db.next_path(db.resolve(live)).exists()


def test_a_long_read_keeps_its_version_across_a_switch(live):
    before = _count(live)
    with db.reader(live) as old:
        with db.writer(live) as con:
            con.execute("delete from tickets where ticket_id in (select ticket_id from tickets limit 5)")
        assert old.execute(COUNT).fetchone()[0] == before  # the reader in flight: its own version
        assert _count(live) == before - 5  # a query started now: the new one (a nested reader)
    assert _count(live) == before - 5


def test_the_reading_instance_takes_its_settings_from_app_toml(live):
    cfg = config.app()
    with db.reader(live) as con:
        threads = con.execute("select current_setting('threads')").fetchone()[0]
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert int(threads) == (cfg.db_threads or int(threads))
    if cfg.db_memory_limit:
        number = float("".join(ch for ch in cfg.db_memory_limit if ch.isdigit() or ch == "."))
        assert limit.split()[0] and abs(float(limit.split()[0]) - number) / number < 0.1, limit


def test_bad_database_settings_are_refused_with_the_key_named(tmp_path):
    good = (config.CONFIG_DIR / "app.toml").read_text(encoding="utf-8")
    for bad, key in (("threads = -1", "database.threads"), ('memory_limit = "lots"', "database.memory_limit")):
        path = tmp_path / "app.toml"
        path.write_text(good.replace("[database]", "[database]\n" + bad + "\n[database_old]"), encoding="utf-8")
        with pytest.raises(config.ConfigError, match=key):
            config.load_app(path)
