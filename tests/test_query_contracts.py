"""Every file in queries/ has a contract (tests/contracts/*.py) and keeps it on every fixture database
its subject names (tests/contracts/<subject>.py FIXTURES; the tiny database when it names none)."""

import importlib
import pkgutil

import pytest

import tests.contracts as contracts_pkg
from grassroots import db, rollups, sql

SUBJECTS = [importlib.import_module(f"tests.contracts.{m.name}") for m in pkgutil.iter_modules(contracts_pkg.__path__)]
CONTRACTS = [c for subject in SUBJECTS for c in subject.CONTRACTS]
CASES = [
    pytest.param(c, fixture, id=f"{c.query}@{fixture}")
    for subject in SUBJECTS
    for fixture in getattr(subject, "FIXTURES", ("tiny_db",))
    for c in subject.CONTRACTS
    if not c.writes
]


def test_every_query_has_a_contract():
    covered = {c.query for c in CONTRACTS}
    missing = [n for n in sql.names() if n not in covered]
    assert not missing, f"queries without a contract in tests/contracts/: {missing}"


def test_every_query_names_its_params_in_its_header():
    for name in sql.names():
        text, params = sql.load(name)
        header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
        assert "params" in header and any(w in header for w in ("columns", "output", "writes")), (
            f"{name}: the header comment names its params and its output"
        )
        for p in params:
            assert f"${p}" in header, f"{name}: parameter ${p} not named in the header comment"


@pytest.mark.parametrize(("contract", "fixture"), CASES)
def test_contract(contract, fixture, request):
    with db.reader(request.getfixturevalue(fixture)) as con:
        frame = sql.run(con, contract.query, contract.params)
    # the richer fixtures hold rows for every query of their subjects
    assert len(frame) >= (contract.min_rows if fixture == "tiny_db" else max(contract.min_rows, 1))
    for col in contract.not_null:
        assert frame[col].notna().all(), f"{col} has nulls"
    if contract.unique:
        assert not frame.duplicated(list(contract.unique)).any(), f"{contract.unique} not unique"
    for i, check in enumerate(contract.checks):
        assert check(frame), f"check {i} failed:\n{frame}"


def test_rollups_equal_their_records(tiny_db, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(tiny_db, copy)
    with db.writer(copy) as con:
        rollups.rebuild(con)
        svc = con.execute("""
            select (select count(*) from service_records), (select sum(n) from rollup_services_daily),
                   (select count(*) from tickets where status not in ('cancelled','duplicate')),
                   (select sum(n) from rollup_tickets_monthly),
                   (select count(*) from tickets where status = 'closed'), (select sum(closed_flow) from rollup_tickets_monthly),
                   (select count(*) from tickets where status in ('cancelled','duplicate')),
                   (select sum(void_n) from rollup_tickets_monthly),
                   (select sum(n_extended) from rollup_services_daily),
                   (select sum(n_tongban) from rollup_services_daily)
        """).fetchone()
    assert svc[0] == svc[1] == 4
    assert svc[2] == svc[3] == 7 and svc[4] == svc[5] == 4 and svc[6] == svc[7] == 1
    assert svc[8] == 3  # S2 Friday 12:30, S3 Saturday 11:00, S4 Sunday 15:00 (S1 Thursday 10:00 is not)
    assert svc[9] == 1  # S4's applicant lives in 凤凰山, the centre is in 小街
