"""A database made by older code (its macros or migrations behind this code's), served without `migrate`: the app
says what to run instead of failing page after page with a traceback in the log, and after `migrate` (a new version
of the file) it shows the pages again."""

from __future__ import annotations

import argparse

import duckdb

from grassroots.schema import cli as migrate_cli
from grassroots.schema import migrate
from tests.signin import month_app

SAID = "由旧版本的程序建立，需要先升级"


def _make_old(path) -> None:
    with duckdb.connect(str(path)) as con:  # what an older version's macros leave behind: another checksum
        con.execute(f"comment on table schema_migrations is '{migrate.MACROS_COMMENT}0000'")
        assert not migrate.is_current(con)


def test_an_old_database_is_named_with_the_command_that_upgrades_it(tiny_copy, monkeypatch):
    _make_old(tiny_copy)
    at = month_app(tiny_copy, monkeypatch)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error if SAID in e.value] and not at.metric
    assert [c.value for c in at.code] == [f"python -m grassroots migrate --db {tiny_copy}"]  # outside the project

    assert migrate_cli.run(argparse.Namespace(db=str(tiny_copy))) == 0
    again = month_app(tiny_copy, monkeypatch)
    again.run()
    assert not again.exception and not [e for e in again.error if SAID in e.value]
    assert len(again.metric) >= 5  # the overview's cards


def test_a_current_database_says_nothing_of_it(tiny_db, monkeypatch):
    at = month_app(tiny_db, monkeypatch)
    at.run()
    assert not at.exception and not [e for e in at.error if SAID in e.value] and at.metric


def test_the_command_names_a_database_in_the_project_as_a_command_there_would():
    from grassroots import ROOT, project_path

    assert project_path(ROOT / "data" / "demo.duckdb") == "data/demo.duckdb"
    assert project_path(ROOT.parent / "elsewhere.duckdb") == str(ROOT.parent / "elsewhere.duckdb")
