"""A .zip of exports (the import page and the command line) and a folder of them (the command line) stand
for the export files in them: names as Windows' zip tool writes them (GBK, unflagged), no path from an
archive ever used, the per-file size limit before a byte is written, and plain reasons for a bad archive."""

from __future__ import annotations

import zipfile

from test_ingest_support import TICKET_HEADER, query, seeded_db, ticket, write_csv

from grassroots.cli import main
from grassroots.ingest import bundles, import_files


class _GbkName(zipfile.ZipInfo):
    """An entry whose name is stored in GBK without the UTF-8 flag, as Windows' own zip tool stores it."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _csv_bytes(tmp_path, name, rows) -> bytes:
    return write_csv(tmp_path / name, rows).read_bytes()


def test_a_zip_imports_its_exports_named_as_their_maker_wrote_them(tmp_path):
    dbp = seeded_db(tmp_path / "t.duckdb")
    archive = tmp_path / "11月导出.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(_GbkName("工单/诉求工单.csv"), _csv_bytes(tmp_path, "a.csv", [TICKET_HEADER, ticket("T1")]))
        z.writestr("第二批/诉求工单2.csv", _csv_bytes(tmp_path, "b.csv", [TICKET_HEADER, ticket("T2")]))  # UTF-8
        z.writestr("__MACOSX/工单/._诉求工单.csv", b"\x00\x05\x16\x07")  # macOS resource copies: not exports
        z.writestr(".hidden.csv", b"x")
        z.writestr("说明.md", "# 不是导出文件")
        z.writestr("空文件夹/", b"")
    reports = import_files([archive], db=dbp, lang="en")
    assert [(r.file, r.status) for r in reports] == [
        ("11月导出.zip/诉求工单.csv", "loaded"),
        ("11月导出.zip/诉求工单2.csv", "loaded"),
    ]
    assert query(dbp, "select ticket_id from tickets order by 1") == [("T1",), ("T2",)]
    again = import_files([archive], db=dbp, lang="en")  # the same members again: imported before, by content
    assert [r.status for r in again] == ["already_imported", "already_imported"]


def test_an_archive_never_writes_outside_its_folder(tmp_path):
    dbp = seeded_db(tmp_path / "t.duckdb")
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../逃出.csv", _csv_bytes(tmp_path, "a.csv", [TICKET_HEADER, ticket("T1")]))
        z.writestr("/abs/绝对.csv", _csv_bytes(tmp_path, "b.csv", [TICKET_HEADER, ticket("T2")]))
    before = set(tmp_path.parent.rglob("*.csv"))
    reports = import_files([archive], db=dbp, lang="en")
    assert [(r.file, r.status) for r in reports] == [("slip.zip/逃出.csv", "loaded"), ("slip.zip/绝对.csv", "loaded")]
    assert set(tmp_path.parent.rglob("*.csv")) == before  # nothing left anywhere, in or out of the test's folder


def test_bad_archives_and_oversized_members_are_refused_plainly(tmp_path):
    dbp = seeded_db(tmp_path / "t.duckdb")
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("诉求工单.csv", _csv_bytes(tmp_path, "a.csv", [TICKET_HEADER, ticket("T1")]))
        z.writestr("大文件.csv", b"0" * 3_000_000)  # compresses to a few kB: the declared size counts
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really an archive")
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt.bak", b"x")
    reports = import_files([big, broken, empty], db=dbp, lang="en", max_bytes=2_000_000)
    got = [(r.file, r.status, r.code) for r in reports]
    assert got == [
        ("big.zip/诉求工单.csv", "loaded", None),
        ("big.zip/大文件.csv", "refused", "too_large"),
        ("broken.zip", "refused", "bad_zip"),
        ("empty.zip", "refused", "zip_empty"),
    ]
    assert "2.9 MB" in reports[1].message and "the archive cannot be read" in reports[2].message
    assert "holds no file to import" in reports[3].message


def test_a_folder_on_the_command_line_takes_its_archives_too(tmp_path, capsys):
    dbp = seeded_db(tmp_path / "t.duckdb")
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "a.csv", [TICKET_HEADER, ticket("T1")])
    with zipfile.ZipFile(folder / "b.zip", "w") as z:
        z.writestr("诉求工单.csv", _csv_bytes(tmp_path, "b.csv", [TICKET_HEADER, ticket("T2")]))
    assert [p.name for p in bundles.folder_files(folder)] == ["a.csv", "b.zip"]
    assert main(["import", str(folder), "--db", str(dbp), "--quiet", "--lang", "en"]) == 0
    assert "b.zip/诉求工单.csv" in capsys.readouterr().out
    assert query(dbp, "select count(*) from tickets") == [(2,)]
