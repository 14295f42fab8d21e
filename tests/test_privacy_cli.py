"""python -m grassroots privacy purge | export | erase on the tiny database with every personal column
filled (tests/personal_data.py): purged records keep no personal value while every query without a
personal column - every KPI, chart and rollup a page reads - gives the same answer before and after;
a resident's records are found by phone or ID number, exported to a private file and erased; each
step is audited with the number masked, and nothing matching is said plainly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys

import pandas as pd
import pytest

from grassroots import config, db, privacy, retention, rollups, sql
from grassroots.auth import Store
from tests import personal_data as P
from tests.conftest import ROOT
from tests.test_query_contracts import CONTRACTS

FAR = dt.date(2100, 1, 1)


def _cli(db_path, *args, lang="en"):
    return subprocess.run(
        [sys.executable, "-m", "grassroots", "privacy", *args, "--db", str(db_path), "--lang", lang],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def personal_db(tiny_db, tmp_path):
    return P.build(tiny_db, tmp_path / "personal.duckdb")


def _impersonal_outputs(path) -> dict[str, pd.DataFrame]:
    """Every reading query whose output holds no personal column, on `path`."""
    cat = privacy.catalogue()
    out = {}
    with db.reader(path) as con:
        for i, c in enumerate(x for x in CONTRACTS if not x.writes):
            frame = sql.run(con, c.query, c.params)
            if not any((e := cat.entry(col)) is not None and e.personal for col in frame.columns):
                out[f"{i}:{c.query}"] = frame
    return out


def _rollups(path) -> dict[str, pd.DataFrame]:
    with db.reader(path) as con:
        names = [
            r[0]
            for r in con.execute("select table_name from duckdb_tables() where table_name like 'rollup_%'").fetchall()
        ]
        return {n: con.execute(f'select * from "{n}" order by all').df() for n in names}


def _audit(path, action):
    return Store.for_db(path).audit(action=action)


def test_every_table_with_personal_columns_has_a_retention_date():
    aged = set(retention._aged_tables())
    personal = {t for t in privacy.catalogue().tables if privacy.catalogue().personal(t)}
    assert personal <= aged, f"no retention date in queries/privacy/aged.sql for {sorted(personal - aged)}"


def test_purge_anonymises_old_records_and_changes_no_count(personal_db):
    before_queries, before_rollups = _impersonal_outputs(personal_db), _rollups(personal_db)
    with db.reader(personal_db) as con:
        aged = sql.run(con, "privacy/aged", {"cutoff": FAR})
        still_open = con.execute("select count(*) from tickets where status = 'open'").fetchone()[0]
    done = _cli(personal_db, "purge", "--before", FAR.isoformat())
    assert done.returncode == 0, done.stderr
    assert "anonymised" in done.stdout
    # the aged rows of every table hold no personal value any more; open tickets keep theirs
    with db.reader(personal_db) as con:
        for table, ids in aged.groupby("table_name"):
            cols = ", ".join(f'"{c}"' for c in privacy.catalogue().personal(table))
            rows = con.execute(
                f'select {cols} from "{table}" where rowid in (select unnest($ids))', {"ids": ids.row_id.tolist()}
            ).df()
            assert len(rows) == len(ids)
            assert not P.leaks(rows), f"{table} keeps personal data after the purge: {P.leaks(rows)[:3]}"
        kept = con.execute("select count(*) from tickets where reporter_phone = $p", {"p": P.PHONE}).fetchone()[0]
    assert kept == still_open > 0
    # every query without a personal column, and every rollup, as before (and as rebuilt from the records)
    after_queries = _impersonal_outputs(personal_db)
    assert after_queries.keys() == before_queries.keys() and len(after_queries) > 50
    for name, frame in before_queries.items():
        pd.testing.assert_frame_equal(frame, after_queries[name], obj=name)
    copy = personal_db.with_name("rebuilt.duckdb")
    shutil.copy(personal_db, copy)
    with db.writer(copy) as con:
        rollups.rebuild(con)
    for name, frame in before_rollups.items():
        pd.testing.assert_frame_equal(frame, _rollups(personal_db)[name], obj=name)
        pd.testing.assert_frame_equal(frame, _rollups(copy)[name], obj=f"{name} rebuilt")
    rows = _audit(personal_db, "privacy_purge")
    assert len(rows) == 1 and rows[0]["target"] == FAR.isoformat()
    assert json.loads(rows[0]["detail"])["rows"]["tickets"] == int((aged.table_name == "tickets").sum())


def test_purge_again_has_nothing_left_and_defaults_to_the_configured_period(personal_db):
    assert _cli(personal_db, "purge", "--before", FAR.isoformat()).returncode == 0
    again = _cli(personal_db, "purge", "--before", FAR.isoformat())
    assert again.returncode == 0 and "No personal data left" in again.stdout
    default = _cli(personal_db, "purge")
    cutoff = retention.cutoff_for(config.privacy().retention_months, dt.date.today())
    assert default.returncode == 0 and cutoff.isoformat() in default.stdout
    assert _audit(personal_db, "privacy_purge")[0]["target"] == cutoff.isoformat()


def test_a_resident_is_found_exported_and_erased(personal_db, tmp_path):
    person = retention.Person.of(phone=P.PHONE)
    found = retention.find(personal_db, person)
    assert "tickets" in found and "wishes" in found  # the reporter's phone, and the number inside free text
    out = tmp_path / "resident.json"
    done = _cli(personal_db, "export", "--phone", "139 8765 4321", "--out", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {t: len(rows) for t, rows in data.items()} == {t: len(f) for t, f in found.items()}
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert data["tickets"][0]["reporter_phone"] == P.PHONE

    with db.reader(personal_db) as con:
        counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in found}
    erased = _cli(personal_db, "erase", "--phone", P.PHONE)
    assert erased.returncode == 0, erased.stderr
    assert retention.find(personal_db, person) == {}
    with db.reader(personal_db) as con:  # rows stay (counts unchanged), their personal data gone
        assert counts == {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in found}
        tickets = con.execute("select reporter_name, reporter_phone, description from tickets").df()
    assert not P.leaks(tickets)
    before_again = (personal_db.stat().st_ino, personal_db.stat().st_mtime_ns)
    again = _cli(personal_db, "erase", "--phone", P.PHONE)
    assert again.returncode == 0 and "No record holds phone 139****4321" in again.stdout
    assert (personal_db.stat().st_ino, personal_db.stat().st_mtime_ns) == before_again  # no new version

    for action in ("privacy_export", "privacy_erase"):
        rows = _audit(personal_db, action)
        assert rows and all(r["target"] == "139****4321" for r in rows)
    log = json.dumps([_audit(personal_db, a) for a in ("privacy_export", "privacy_erase")], ensure_ascii=False)
    assert P.PHONE not in log  # the audit log keeps the number masked


def test_erase_by_id_number_and_nothing_matching(personal_db, tmp_path):
    person = retention.Person.of(idno=P.IDNO.lower())
    assert retention.find(personal_db, person)
    assert _cli(personal_db, "erase", "--id", P.IDNO, lang="zh").returncode == 0
    assert retention.find(personal_db, person) == {}
    nobody = _cli(personal_db, "export", "--id", "11010519491231002X", "--out", str(tmp_path / "x.json"), lang="zh")
    assert nobody.returncode == 0 and "没有任何记录含" in nobody.stdout
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    "args, says",
    [
        (("export", "--phone", "12", "--out", "x.json"), "7 to 15 digits"),
        (("erase", "--id", "ABC"), "18 characters"),
        (("purge", "--before", "last year"), "must be a date"),
    ],
)
def test_bad_requests_are_refused_plainly(personal_db, args, says):
    done = _cli(personal_db, *args)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr


def test_the_scheduler_purges_once_a_day_when_configured(personal_db, monkeypatch):
    from grassroots.delivery import jobs
    from grassroots.delivery.settings import Settings

    now = dt.datetime(2126, 1, 2, 3, 0)  # a century on: every finished record is past 36 months
    jobs.run_due(personal_db, Settings(), now)
    assert _audit(personal_db, "privacy_purge") == [] and retention.last_scheduled(personal_db) is None  # off
    monkeypatch.setattr(config, "privacy", lambda: config.Privacy(retention_months=36, purge_on_schedule=True))
    jobs.run_due(personal_db, Settings(), now)
    rows = _audit(personal_db, "privacy_purge")
    assert len(rows) == 1 and rows[0]["actor"] == jobs.ACTOR
    assert rows[0]["target"] == retention.cutoff_for(36, now.date()).isoformat() == "2123-01-02"
    assert retention.last_scheduled(personal_db) == now.date()
    assert retention.find(personal_db, retention.Person.of(idno=P.IDNO)).keys() == {"tickets"}  # open tickets only
    jobs.run_due(personal_db, Settings(), now + dt.timedelta(hours=5))
    assert len(_audit(personal_db, "privacy_purge")) == 1  # once that day
    jobs.run_due(personal_db, Settings(), now + dt.timedelta(days=1))
    assert len(_audit(personal_db, "privacy_purge")) == 2
