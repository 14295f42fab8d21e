"""The personal-data catalogue (grassroots/schema/personal.toml) covers every column of every table of a
migrated database, every column every query in queries/ gives back, and every view of the SQL console;
and no personal value reaches a role without the personal right through any of them. Personal
columns of the tiny database are filled with recognisable values first, so a query that carried one
under another name, or a view that forgot a mask, shows it."""

import duckdb
import pandas as pd
import pytest

from grassroots import console, db, privacy, sql
from grassroots.schema import migrate
from tests import personal_data as P
from tests.test_query_contracts import CONTRACTS

READING = [c for c in CONTRACTS if not c.writes]


@pytest.fixture(scope="module")
def personal_db(tiny_db, tmp_path_factory):
    return P.build(tiny_db, tmp_path_factory.mktemp("personal") / "personal.duckdb")


def _tagged(columns, where: str) -> list[str]:
    cat = privacy.catalogue()
    return [f"{where}: {c}" for c in columns if cat.entry(c) is None]


def test_the_catalogue_reads_and_names_only_known_kinds(tmp_path):
    cat = privacy.load()
    assert {e.kind for e in cat.names.values()} <= set(privacy.KINDS)
    bad = tmp_path / "bad.toml"
    bad.write_text('[tables.tickets]\nreporter_phone = "telephone"\n', encoding="utf-8")
    with pytest.raises(privacy.CatalogueError, match="reporter_phone"):
        privacy.load(bad)
    bad.write_text('[tables.a]\nx = "name"\n[tables.b]\nx = "none"\n', encoding="utf-8")
    with pytest.raises(privacy.CatalogueError, match="elsewhere"):
        privacy.load(bad)


def test_every_table_and_view_of_a_migrated_database_is_catalogued(tmp_path):
    con = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    try:
        migrate.upgrade(con)
        rows = con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'main'"
        ).fetchall()
    finally:
        con.close()
    cat = privacy.catalogue()
    untagged = [f"{t}.{c}" for t, c in rows if c not in cat.table(t)]
    assert not untagged, f"columns missing from grassroots/schema/personal.toml: {untagged}"
    listed = {(t, c) for t, cols in cat.tables.items() for c in cols}
    stale = sorted(listed - set(rows))
    assert not stale, f"personal.toml lists columns the schema does not have: {stale}"
    assert cat.table("tickets")["reporter_phone"].kind == "phone"
    assert cat.table("wishes")["claimed_by"].kind == "name"


@pytest.mark.parametrize("contract", READING, ids=lambda c: c.query)
def test_every_query_output_is_catalogued_and_masked(contract, personal_db):
    with db.reader(personal_db) as con:
        frame = sql.run(con, contract.query, contract.params)
    missing = _tagged(frame.columns, contract.query)
    assert not missing, f"query columns missing from personal.toml: {missing}"
    leaks = P.leaks(privacy.mask_frame(frame, may_see_personal=False))
    assert not leaks, f"{contract.query} shows personal data to a role without the right: {leaks[:5]}"


def test_the_queries_do_carry_personal_values_before_masking(personal_db):
    """The check above can fail: unmasked, the record queries show the values."""
    shown = []
    with db.reader(personal_db) as con:
        for contract in READING:
            if P.leaks(sql.run(con, contract.query, contract.params)):
                shown.append(contract.query)
    assert {"tickets/records", "tickets/wishes_records", "volunteers/wish_claimers"} <= set(shown), shown


def test_every_console_view_is_catalogued_and_masked(personal_db):
    with console.open(personal_db) as con:
        assert "wishes" in con.tables and "tickets" in con.tables
        for view in sorted(con.tables):
            frame = con.run(f'select * from "{view}"').frame
            assert not _tagged(frame.columns, view)
            assert not P.leaks(frame), f"console view {view} shows personal data"
        with pytest.raises(console.Refused):
            con.run("select * from scoped.tickets")
    with console.open(personal_db, may_see_personal=True) as con:
        assert P.leaks(con.run("select claimed_by from wishes").frame)
        assert P.leaks(con.run("select reporter_phone, description from tickets").frame)


def test_an_organisation_claiming_a_wish_is_named_a_person_is_masked():
    frame = pd.DataFrame({"claimed_by": ["孙云菲", "昆明医科大学", "王五"], "claimer_type": ["党员", "共建单位", None]})
    masked = privacy.mask_frame(frame, may_see_personal=False)
    assert list(masked["claimed_by"]) == ["孙**", "昆明医科大学", "王*"]
    # without the claimer type nothing says it is an organisation: masked
    assert privacy.mask_frame(frame[["claimed_by"]], False)["claimed_by"][1] == "昆*****"


@pytest.mark.parametrize(
    "text, want",
    [
        ("请回电13912345678谢谢", "请回电139****5678谢谢"),
        ("电话 139-1234-5678", "电话 139-****-5678"),
        ("+86 139 1234 5678", "+86 1** **** 5678"),
        ("座机0871-65123456", "座机087*-****3456"),
        ("身份证530111199001011234号", "身份证530111********1234号"),
        ("身份证53011119900101123X", "身份证530111********123X"),
        ("工单DY202311210001，面积1200平方米，2026年3月", "工单DY202311210001，面积1200平方米，2026年3月"),
    ],
)
def test_phone_and_id_numbers_in_free_text_are_masked(text, want):
    assert privacy.mask_text(text) == want
    assert privacy.mask_text(want) == want  # masking twice changes nothing
