"""Readers: what a file is (by its content, not its name), its sheets, their first rows, and the
staging of one sheet into a temp table of text columns c0..cN.

CSV goes through DuckDB's read_csv. DuckDB reads UTF-8 only, so GB18030 (and UTF-16) files are
transcoded to a temporary UTF-8 file in chunks first. Excel is streamed with openpyxl in read-only
mode; Parquet is read by DuckDB. Anything unreadable raises `Refused` with a reason code.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from grassroots.errors import Refused
from grassroots.ingest import statements
from grassroots.progress import NULL

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

SAMPLE_BYTES = 256 * 1024
HEAD_ROWS = 15  # the header is looked for in this many first rows
CHUNK_BYTES = 4 * 1024 * 1024
XLSX_BATCH = 20_000
TOTAL_WORDS = ("合计", "总计")


@dataclass
class Sheet:
    """One table-holding piece of a file: a CSV file, an Excel sheet, a Parquet file."""

    source: Source
    name: str | None
    head: list[list[str | None]]  # the first rows, as text
    header_row: int = 0  # 1-based, set once the header is found
    width: int = 0


@dataclass
class Source:
    path: Path
    kind: str  # csv | xlsx | parquet
    encoding: str | None = None
    delimiter: str = ","
    parallel: bool = True
    sheets: list[Sheet] = field(default_factory=list)
    _tmpdir: str | None = None
    _workbook: Workbook | None = None

    def relation(self, con: duckdb.DuckDBPyConnection, sheet: Sheet, progress=NULL) -> tuple[str, str, dict]:
        """(relation SQL, row-number expression, params) reading the sheet's rows below its header
        as text columns c0..c{width-1}; Excel sheets are staged into a temp table first."""
        if self.kind == "csv":
            path = self.path if self.encoding == "utf-8" else self._transcoded(progress)
            rel, row = statements.csv_source(sheet.width)
            return (
                rel,
                row,
                {
                    "path": str(path),
                    "skip": sheet.header_row,
                    "delim": self.delimiter,
                    "columns": {f"c{i}": "VARCHAR" for i in range(sheet.width)},
                    "parallel": self.parallel,
                    "row0": sheet.header_row + 1,
                },
            )
        if self.kind == "xlsx":
            self._stage_xlsx(con, sheet, progress)
            rel, row = statements.stage_source()
            return rel, row, {}
        rel, row = statements.parquet_source([h or "" for h in sheet.head[0][: sheet.width]])
        return rel, row, {"path": str(self.path)}

    def read_failed(self, exc: duckdb.Error) -> bool:
        """After DuckDB failed to read the file: True if reading again may work (a file whose first
        part looked like UTF-8 but is GB18030 further on); otherwise raises Refused."""
        text = str(exc)
        if self.kind == "csv" and self.encoding == "utf-8" and "unicode" in text.lower():
            self.encoding = "gb18030"
            return True
        if self.kind == "csv" and self.parallel and "parallel=false" in text:
            self.parallel = False  # quoted line breaks in a ragged file: DuckDB reads it serially
            return True
        raise Refused("parquet_error" if self.kind == "parquet" else "csv_error", detail=_first_line(text))

    def _transcoded(self, progress) -> Path:
        self._tmpdir = self._tmpdir or tempfile.mkdtemp(prefix="grassroots-ingest-")
        out = Path(self._tmpdir) / "utf8.csv"
        if out.exists():
            return out
        size = max(1, self.path.stat().st_size)
        if self.encoding is None:
            raise ValueError("a CSV source without its encoding")
        dec = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        done = 0
        try:
            with open(self.path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
                while chunk := src.read(CHUNK_BYTES):
                    dst.write(dec.decode(chunk))
                    done += len(chunk)
                    progress(done, size, "转码 / transcoding")
                dst.write(dec.decode(b"", final=True))
        except UnicodeDecodeError as exc:
            out.unlink(missing_ok=True)
            raise Refused("bad_encoding", offset=done + exc.start) from None
        return out

    def _stage_xlsx(self, con, sheet: Sheet, progress) -> None:
        if self._workbook is None:
            raise ValueError("an Excel source without its workbook")
        ws = self._workbook[sheet.name]
        con.execute(statements.stage_empty(sheet.width))
        total = ws.max_row or 0
        cols: list[list] = [[] for _ in range(sheet.width)]
        rows: list[int] = []

        def flush():
            if rows:
                batch = pa.table(
                    {
                        **{f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(cols)},
                        "_row": pa.array(rows, pa.int64()),
                    }
                )
                con.register("ingest_xlsx_batch", batch)
                con.execute(statements.stage_append("ingest_xlsx_batch", sheet.width))
                con.unregister("ingest_xlsx_batch")
                for c in cols:
                    c.clear()
                rows.clear()

        for n, values in enumerate(ws.iter_rows(min_row=sheet.header_row + 1, values_only=True), sheet.header_row + 1):
            cells = [cell_text(v) for v in values[: sheet.width]]
            if not any(c is not None and c.strip() for c in cells):
                break  # a blank row ends the data
            first = next((c.strip() for c in cells if c is not None and c.strip()), "")
            if first.replace(" ", "").startswith(TOTAL_WORDS):
                break  # so does a 合计 / 总计 row
            cells += [None] * (sheet.width - len(cells))
            for i, c in enumerate(cells):
                cols[i].append(c)
            rows.append(n)
            if len(rows) >= XLSX_BATCH:
                flush()
                progress(n, total, "读取 / reading")
        flush()

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " ".join(lines[:3])[:300]


def cell_text(v) -> str | None:
    """An Excel cell as the text a CSV export would hold."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):  # a duration cell
        return str(v.total_seconds() / 86400)
    return str(v)


# --- opening ---------------------------------------------------------------------------------------


def open_source(path: Path, max_bytes: int) -> Source:
    """Look at a file and list its sheets with their first rows; raises Refused."""
    try:
        size = path.stat().st_size
    except OSError:
        raise Refused("not_found") from None
    if path.is_dir():
        raise Refused("is_folder")
    if size > max_bytes:
        raise Refused("too_large", size_mb=round(size / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
        raise Refused("empty")
    if sample.startswith(b"PK\x03\x04"):
        return _open_xlsx(path)
    if sample.startswith(b"PAR1"):
        return _open_parquet(path)
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused("xls")
    return _open_csv(path, sample, size)


def _open_csv(path: Path, sample: bytes, size: int) -> Source:
    if sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    elif sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in sample:
        raise Refused("binary")
    else:
        encoding = None
        for enc in ("utf-8", "gb18030"):
            try:
                codecs.getincrementaldecoder(enc)().decode(sample, final=len(sample) == size)
                encoding = enc
                break
            except UnicodeDecodeError:
                continue
    if encoding is None:
        raise Refused("bad_encoding", offset=0)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=len(sample) == size)
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise Refused("binary")
    if len(sample) < size:  # drop the partial last line of the sample
        text = text[: text.rfind("\n") + 1] or text
    delimiter = _sniff_delimiter(text)
    try:
        rows = [list(r) for _, r in zip(range(HEAD_ROWS), csv.reader(io.StringIO(text), delimiter=delimiter))]
    except csv.Error as exc:
        raise Refused("csv_error", detail=str(exc)) from None
    head: list[list[str | None]] = [[c if c.strip() else None for c in r] for r in rows]
    src = Source(path, "csv", encoding=encoding, delimiter=delimiter)
    src.sheets = [Sheet(src, None, head)]
    return src


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad > max(2, len(text[:20000]) // 200)


def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()[:HEAD_ROWS]
    counts = {d: sum(ln.count(d) for ln in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _open_xlsx(path: Path) -> Source:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise Refused("not_workbook", detail=_first_line(str(exc))) from None
    src = Source(path, "xlsx", _workbook=wb)
    for ws in wb.worksheets:
        ws.reset_dimensions()  # some writers declare wrong dimensions; read what is there
        head = []
        for values in ws.iter_rows(max_row=HEAD_ROWS, values_only=True):
            head.append([cell_text(v) for v in values])
        src.sheets.append(Sheet(src, ws.title, head))
    return src


def _open_parquet(path: Path) -> Source:
    try:
        con = duckdb.connect()
        try:
            names = [r[0] for r in con.execute(statements.describe_parquet(), {"path": str(path)}).fetchall()]
        finally:
            con.close()
    except duckdb.Error as exc:
        raise Refused("parquet_error", detail=_first_line(str(exc))) from None
    src = Source(path, "parquet")
    src.sheets = [Sheet(src, None, [names])]
    return src


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            h.update(chunk)
    return h.hexdigest()


def default_max_bytes() -> int:
    """The size limit of config/app.toml ([import] max_size_mb), in bytes."""
    from grassroots import config

    return config.app().import_max_mb * 2**20
