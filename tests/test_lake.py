"""The lake: export as Hive-partitioned Parquet, incrementally, and import back, exactly or not at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import duckdb
import pytest
from test_ingest_support import checksums

from grassroots import ROOT, db, lake
from grassroots.auth import audit

RECORD_AND_REFERENCE = (*lake.RECORDS, *lake.REFERENCE)


def test_round_trip_gives_the_same_tables_and_rollups(tiny_copy, tmp_path):
    summary = lake.export(tiny_copy, tmp_path / "lake", personal="keep")
    assert summary["written"] > 0 and summary["kept"] == 0
    lake.import_lake(tmp_path / "lake", tmp_path / "copy.duckdb")
    a, b = checksums(tiny_copy), checksums(tmp_path / "copy.duckdb")
    for table in [*RECORD_AND_REFERENCE, *(n for n in a if n.startswith("rollup_"))]:
        assert a[table] == b[table], table
    with db.reader(tmp_path / "copy.duckdb") as con:
        logged = dict(con.execute("select table_name, rows_new from import_log where profile = 'lake'").fetchall())
    assert logged["tickets"] == a["tickets"][0]


def tickets_by_partition(con) -> dict[str, int]:
    """Tickets per lake partition (district=<6 digits>/month=<yyyy-mm>), counted in the database."""
    sql = "select 'district=' || left(community_code, 6) || '/month=' || strftime(reported_at, '%Y-%m'), count(*)"
    return dict(con.execute(sql + " from tickets group by 1").fetchall())


def test_partitions_follow_district_and_month(tiny_copy, tmp_path):
    lake.export(tiny_copy, tmp_path / "lake")
    manifest = json.loads((tmp_path / "lake" / "manifest.json").read_text(encoding="utf-8"))
    with db.reader(tiny_copy) as con:
        expected = tickets_by_partition(con)
    parts = manifest["tables"]["tickets"]["partitions"]
    assert {k: v["rows"] for k, v in parts.items()} == expected
    # the folders hold what the manifest says, and the files do not repeat the partition columns
    for key, part in parts.items():
        (file,) = part["files"]
        assert file["file"] == f"tickets/{key}/data_0.parquet"
        names = [
            r[0]
            for r in duckdb.execute(
                "select name from parquet_schema(?)", [str(tmp_path / "lake" / file["file"])]
            ).fetchall()
        ]
        assert "district" not in names and "month" not in names
        n = duckdb.execute("select count(*) from read_parquet(?)", [str(tmp_path / "lake" / file["file"])]).fetchall()[
            0
        ][0]
        assert n == part["rows"]


def test_export_writes_only_the_partitions_that_changed(tiny_copy, tmp_path):
    out = tmp_path / "lake"
    lake.export(tiny_copy, out)
    with db.reader(tiny_copy) as con:
        ticket, district, month = con.execute(
            "select ticket_id, left(community_code, 6), strftime(reported_at, '%Y-%m') from tickets order by ticket_id limit 1"
        ).fetchall()[0]
    files = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    with db.writer(tiny_copy) as con:
        con.execute("update tickets set description = 'changed' where ticket_id = ?", [ticket])
    again = lake.export(tiny_copy, out)
    assert again["written"] == 1 and again["removed"] == 0
    changed = {p for p in out.rglob("*.parquet") if files.get(p) != p.stat().st_mtime_ns}
    assert changed == {out / "tickets" / f"district={district}" / f"month={month}" / "data_0.parquet"}
    # a partition whose rows are all gone is removed
    with db.writer(tiny_copy) as con:
        con.execute(
            "delete from tickets where left(community_code, 6) = ? and strftime(reported_at, '%Y-%m') = ?",
            [district, month],
        )
    third = lake.export(tiny_copy, out)
    assert third["removed"] == 1 and third["written"] == 0
    assert not (out / "tickets" / f"district={district}" / f"month={month}").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert f"district={district}/month={month}" not in manifest["tables"]["tickets"]["partitions"]


def test_import_upserts_and_counts_new_updated_unchanged(tiny_copy, tmp_path):
    lake.export(tiny_copy, tmp_path / "lake", personal="keep")
    target = tmp_path / "target.duckdb"
    lake.import_lake(tmp_path / "lake", target)
    with db.writer(tiny_copy) as con:
        con.execute("update tickets set description = 'changed' where ticket_id = (select min(ticket_id) from tickets)")
    lake.export(tiny_copy, tmp_path / "lake", personal="keep")
    s = lake.import_lake(tmp_path / "lake", target)
    total = checksums(tiny_copy)["tickets"][0]
    assert s["tables"]["tickets"] == {"rows": total, "new": 0, "updated": 1, "unchanged": total - 1}
    assert checksums(target)["tickets"] == checksums(tiny_copy)["tickets"]
    assert audit.verify(target) is None  # each import of the lake has its audit row


def test_a_changed_file_is_refused_and_the_database_stays_as_it_was(tiny_copy, tmp_path):
    out = tmp_path / "lake"
    lake.export(tiny_copy, out)
    target = tmp_path / "target.duckdb"
    lake.import_lake(out, target)
    before = checksums(target)
    victim = next(iter(sorted((out / "tickets").rglob("*.parquet"))))
    edited = tmp_path / "edited.parquet"
    duckdb.execute(
        "copy (select * replace ('edited' as description) from read_parquet($f)) to '"
        + str(edited)
        + "' (format parquet)",
        {"f": str(victim)},
    )
    shutil.move(edited, victim)
    with pytest.raises(lake.LakeError, match="SHA-256"):
        lake.import_lake(out, target)
    assert checksums(target) == before


def test_a_missing_column_is_named(tiny_copy, tmp_path):
    out = tmp_path / "lake"
    lake.export(tiny_copy, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ref = out / "reference" / "service_items.parquet"
    duckdb.execute(f"copy (select item_code, category from read_parquet('{ref}')) to '{ref}.new' (format parquet)")
    shutil.move(f"{ref}.new", ref)
    manifest["reference"]["service_items"]["sha256"] = lake._sha256(ref)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(lake.LakeError, match="item_name"):
        lake.import_lake(out, tmp_path / "target.duckdb")


def test_a_lake_naming_a_record_twice_is_refused(tiny_copy, tmp_path):
    """The record tables hold no key constraint (the import keeps ids unique), so the lake's upsert checks its
    own rows: a ticket twice in its files is refused, naming it, and the database is left as it was."""
    out = tmp_path / "lake"
    lake.export(tiny_copy, out, personal="keep")
    target = tmp_path / "target.duckdb"
    lake.import_lake(out, target)
    before = checksums(target)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    part = next(iter(manifest["tables"]["tickets"]["partitions"].values()))["files"][0]
    victim = out / part["file"]
    twice = duckdb.execute("select ticket_id from read_parquet($f) limit 1", {"f": str(victim)}).fetchone()[0]
    duckdb.execute(
        f"copy (select * from read_parquet('{victim}') union all (select * from read_parquet('{victim}') limit 1))"
        f" to '{victim}.new' (format parquet)"
    )
    shutil.move(f"{victim}.new", victim)
    part["sha256"] = lake._sha256(victim)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(lake.LakeError, match=f"ticket_id = {twice} more than once"):
        lake.import_lake(out, target)
    assert checksums(target) == before


def test_each_lake_table_has_the_key_the_upsert_uses(tiny_copy):
    """The upsert's key (lake.key_of: the import model's, or lake.KEYS) is the primary key of every table that
    keeps one, and the two tables at a city's scale keep none."""
    with db.reader(tiny_copy) as con:
        declared = dict(
            con.execute(
                "select table_name, constraint_column_names from duckdb_constraints()"
                " where constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        )
    for table in RECORD_AND_REFERENCE:
        assert lake.key_of(table), table
        if table in ("tickets", "service_records"):
            assert table not in declared
        else:
            assert tuple(declared[table]) == lake.key_of(table), table


@pytest.mark.slow
def test_the_command_line_says_what_it_did_and_refuses_a_folder_that_is_not_a_lake(tiny_copy, tmp_path):
    out = tmp_path / "lake"
    cmd = [sys.executable, "-m", "grassroots", "lake"]
    done = subprocess.run(
        [*cmd, "export", "--db", str(tiny_copy), "--to", str(out), "--quiet", "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "Lake up to date" in done.stdout
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    refused = subprocess.run(
        [*cmd, "export", "--db", str(tiny_copy), "--to", str(other), "--quiet", "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "no manifest.json" in refused.stderr and "Traceback" not in refused.stderr
    missing = subprocess.run(
        [*cmd, "import", "--lake", str(other), "--db", str(tmp_path / "x.duckdb"), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "manifest.json" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.slow
def test_the_demo_lake_is_written_a_month_at_a_time_and_imports_whole(tmp_path):
    from grassroots.demo import lake as demo_lake

    out = tmp_path / "province"
    made = demo_lake.build(out, tickets=3000, scale="small")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    parts = manifest["tables"]["tickets"]["partitions"]
    assert sum(p["rows"] for p in parts.values()) == made["counts"]["tickets"]
    assert 2500 < made["counts"]["tickets"] < 3500  # the volume asked, drawn at random
    # months written one after another: each ticket partition holds one month's tickets
    target = tmp_path / "province.duckdb"
    loaded = lake.import_lake(out, target)
    assert loaded["tables"]["tickets"]["rows"] == made["counts"]["tickets"]
    with db.reader(target) as con:
        by_part = tickets_by_partition(con)
        received = con.execute("select sum(n + void_n) from rollup_tickets_monthly").fetchall()[0][0]
    assert by_part == {k: p["rows"] for k, p in parts.items()}
    assert received == made["counts"]["tickets"]
    # the lake's checksums are the ones an export of the loaded database computes: nothing to rewrite
    again = lake.export(target, out, personal="keep")
    assert again["written"] == 0 and again["removed"] == 0


def test_personal_columns_are_masked_unless_kept(tiny_copy, tmp_path):
    with db.writer(tiny_copy) as con:
        con.execute(
            "update tickets set reporter_phone = '139' || right('0000000' || (hash(ticket_id) % 100000000)::varchar, 8)"
            " where ticket_id in (select ticket_id from tickets order by ticket_id limit 5)"
        )
    with db.reader(tiny_copy) as con:
        phones = {
            r[0] for r in con.execute("select reporter_phone from tickets where reporter_phone is not null").fetchall()
        }
    assert phones
    masked, kept = tmp_path / "masked", tmp_path / "kept"
    lake.export(tiny_copy, masked)
    lake.export(tiny_copy, kept, personal="keep")

    def lake_phones(folder):
        files = [str(p) for p in (folder / "tickets").rglob("*.parquet")]
        rows = duckdb.execute(
            "select reporter_phone from read_parquet($f) where reporter_phone is not null", {"f": files}
        )
        return {r[0] for r in rows.fetchall()}

    assert lake_phones(kept) == phones
    seen = lake_phones(masked)
    assert seen and not seen & phones and all("****" in p for p in seen)
    # a lake keeps the way it was written: another mode is refused, naming the option
    with pytest.raises(lake.LakeError, match="--personal mask"):
        lake.export(tiny_copy, masked, personal="keep")
    assert json.loads((masked / "manifest.json").read_text(encoding="utf-8"))["personal"] == "mask"
