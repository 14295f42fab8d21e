"""Warm caches after an import (grassroots.ui.warmup): the default views - overview and the tickets
page at the latest month, quarter and year, for the scopes in use - are computed on the new version
before the app reads it, so the first leader after an import computes nothing: every query and the
official ranking come from the cache (counted by QueryCache.computed, no timing)."""

from __future__ import annotations

import shutil
import threading

import pytest

from grassroots import db
from grassroots.auth import Scope
from grassroots.ui import data, warmup
from tests.conftest import new_app
from tests.signin import as_role


@pytest.fixture
def live(tiny_db, tmp_path, monkeypatch):
    path = tmp_path / "live.duckdb"
    shutil.copy(tiny_db, path)
    monkeypatch.setenv("GRASSROOTS_DB", str(path))
    monkeypatch.setattr(data, "_resolved", {})
    monkeypatch.setattr(data.CACHE, "views", warmup.views)
    monkeypatch.setattr(warmup, "_seen", {})
    return str(path)


def _import_a_ticket(path: str) -> None:
    """What an import does to the file: a new version with one more ticket, a year later."""
    with db.writer(path) as con:
        con.execute(
            "insert into tickets select * replace (ticket_id || '-later' as ticket_id,"
            " reported_at + interval 30 day as reported_at, null::timestamp as closed_at) from tickets"
            " order by reported_at desc limit 1"
        )


def _background_warm_done() -> None:
    for th in threading.enumerate():
        if th.name == "grassroots-warm":
            th.join(300)


def _open(period: str, page: str | None = None):
    at = new_app()
    as_role(at, "leader", "530111")
    at.session_state["period"] = period
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _first_paints() -> None:
    for period in warmup.WINDOWS:
        _open(period)
        _open(period, "pages/tickets.py")


def test_the_first_leader_after_an_import_computes_nothing(live):
    as_role(new_app(), "leader", "530111")  # the leader's account exists before the import
    data.CACHE.watch(live)  # as the app does: a new version is warmed before the process reads it
    before = db.version(live)
    _import_a_ticket(live)  # in this process: the writer switches once the queries asked before are warm,
    assert db.version(live) != before
    _background_warm_done()  # and the default views follow in the background
    warmed = data.CACHE.computed
    assert warmed > 0
    _first_paints()
    assert data.CACHE.computed == warmed  # every query and value of the six first paints was a hit


def test_without_the_default_views_the_first_leader_computes(live, monkeypatch):
    """The control: warming only the queries asked before misses the views the import moved (its newer
    tickets move the as-of day, so every window and comparison has new dates)."""
    monkeypatch.setattr(data.CACHE, "views", None)
    as_role(new_app(), "leader", "530111")
    data.CACHE.watch(live)
    _open("year")
    _import_a_ticket(live)
    _background_warm_done()
    warmed = data.CACHE.computed
    _open("year")
    assert data.CACHE.computed > warmed


def test_scopes_in_use_widest_first(live):
    as_role(new_app(), "leader", "530111004")
    as_role(new_app(), "centre_staff", centre="C1")
    warmup.note_scope(Scope("530111001"))
    with db.reader(live) as con:
        from grassroots import sql

        found = warmup.scopes(live, lambda n, p: sql.run(con, n, p))
    assert found[0] == Scope()
    assert {s.region for s in found} >= {"", "530111004", "530111001"}
    assert [s.centre_id for s in found][-1] == "C1"
    regions = [len(s.region) for s in found if s.centre_id is None]
    assert regions == sorted(regions)
