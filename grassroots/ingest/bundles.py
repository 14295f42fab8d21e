"""Exports that come bundled: a folder of files (the command line) or a .zip archive (the command line and
the import page) stand for the export files in them.

    EXPORT_SUFFIXES       what a folder's or an archive's files are taken by
    folder_files(path)    the export files directly in a folder, by name
    unpack(items, tmp)    [(path, name shown)] with each .zip replaced by its export members, extracted to tmp

A member is extracted under its own base name only (never a path from the archive), within the per-file size
limit as the archive declares it (the extraction stops at that size, whatever the data say), so an archive can
neither write outside the temporary folder nor fill the disk. Names stored by Windows' own zip tool are in the
system's code page (GBK for Chinese), not flagged UTF-8: they are read as UTF-8 when they are, as GB18030
otherwise.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from grassroots.errors import Refused

# the kinds of export the import reads (and .xls, refused with advice); what a folder or archive is taken by
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".parquet", ".geojson", ".json")
ZIP_SUFFIX = ".zip"
_UTF8_FLAG = 0x800


def folder_files(folder: Path) -> list[Path]:
    """The export files and archives directly in `folder` (EXPORT_SUFFIXES and .zip; hidden ones left out), by
    name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in (*EXPORT_SUFFIXES, ZIP_SUFFIX)
    )


def is_zip(path: Path) -> bool:
    """A .zip archive (by its name: an .xlsx is a zip too, and is read as a workbook)."""
    return path.suffix.lower() == ZIP_SUFFIX


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker wrote it: flagged UTF-8, else UTF-8 when it decodes, else GB18030."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")  # zipfile decoded the stored bytes as CP437
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """The archive's export files as (entry, base name), in the archive's order: not folders, not hidden,
    not the __MACOSX resource copies."""
    out = []
    for info in archive.infolist():
        name = member_name(info)
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if info.is_dir() or not parts or "__MACOSX" in parts or parts[-1].startswith("."):
            continue
        if PurePosixPath(parts[-1]).suffix.lower() in EXPORT_SUFFIXES:
            out.append((info, parts[-1]))
    return out


def unpack(items: list[tuple[Path, str]], tmp: Path, max_bytes: int) -> list[tuple[Path, str, Refused | None]]:
    """Each (path, name shown) as it is, or - a .zip - its export members extracted under `tmp`, each shown as
    "archive.zip/member.csv". An archive that cannot be read, holds no export file, or a member over
    `max_bytes` comes back as (path, name, the reason) for the import to report."""
    out: list[tuple[Path, str, Refused | None]] = []
    for k, (path, name) in enumerate(items):
        if not is_zip(Path(name)):
            out.append((path, name, None))
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                found = members(archive)
                if not found:
                    out.append((path, name, Refused("zip_empty", suffixes=" ".join(EXPORT_SUFFIXES))))
                    continue
                folder = tmp / f"zip{k:03d}"
                folder.mkdir(parents=True, exist_ok=True)
                for j, (info, base) in enumerate(found):
                    shown = f"{name}/{base}"
                    if info.file_size > max_bytes:
                        mb = round(info.file_size / 2**20, 1)
                        out.append(
                            (path, shown, Refused("too_large", size_mb=mb, limit_mb=round(max_bytes / 2**20, 1)))
                        )
                        continue
                    target = folder / f"{j:03d}{PurePosixPath(base).suffix.lower()}"
                    with archive.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)  # stops at the declared size: zipfile reads no further
                    out.append((target, shown, None))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
            out.append((path, name, Refused("bad_zip", detail=str(exc)[:200])))
        except OSError as exc:
            if not Path(path).exists():
                out.append((path, name, Refused("not_found")))
            else:
                out.append((path, name, Refused("bad_zip", detail=str(exc)[:200])))
    return out
