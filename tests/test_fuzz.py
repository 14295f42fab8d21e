"""Fuzzing the import: random bytes, and random CSV, Excel and Parquet shapes built from the real header
profiles, go through grassroots.ingest.import_files. Every input must end in a load or a clear refusal
(a reason code and a message; never the catch-all `internal`, which means an unexpected exception),
never an exception out of import_files; a refused file leaves the database exactly as it was.

Each case is generated from its own seed, so a failure names the seed that reproduces it; the file is
kept in the test's temporary folder. The suite runs a time-boxed deterministic series
(GRASSROOTS_FUZZ_SECONDS, default 20); GRASSROOTS_FUZZ_SECONDS=600 GRASSROOTS_FUZZ_SEED=<n> runs a
longer series starting elsewhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import shutil
import time

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from test_ingest_support import checksums

from grassroots.ingest import import_files, model
from grassroots.ingest import profiles as prof
from grassroots.ingest.report import STATUSES

SECONDS = float(os.environ.get("GRASSROOTS_FUZZ_SECONDS", "20"))
FIRST_SEED = int(os.environ.get("GRASSROOTS_FUZZ_SEED", "0"))
MIN_CASES = 24

CODES = ["530111", "530111001", "530111004", "530111001001", "530111004001", "530111999999", "C1", "C2", "C9"]
NASTY = [
    "",
    " ",
    "\u3000",
    "NULL",
    "null",
    "N/A",
    "-",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999",
    "3.14",
    "１２３",
    "是",
    "否",
    "Y",
    "true",
    "合计",
    "总计",
    "=1+1",
    "+SUM(A1)",
    "@cmd",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; drop table tickets; --",
    '"quoted"',
    "a,b",
    "line\nbreak",
    "tab\tin",
    "😀🏛️",
    "\x00",
    "\ufeff",
    "\u202e",
    "长" * 3000,
    "2023-02-30",
    "2023-13-01 25:61",
    "2023年6月10日",
    "2023/6/10 14:05",
    "45000",
    "45000.75",
    "1899-12-30",
    "9999-12-31 23:59:59",
    "0000-00-00",
    "12:00",
    "1:2:3",
]
KIND_VALUES = {
    "ts": [
        "2026-10-01 08:00",
        "2026/10/2 9:30",
        "2026年10月3日 14时05分",
        "2026-10-04",
        "45930.5",
        "2026-10-05 08:00:00.123",
    ],
    "date": ["2026-10-01", "2026/10/2", "2026年10月3日", "45930"],
    "time": ["08:00", "19:30:00", "12:00"],
    "int": ["0", "1", "22", "447"],
    "num": ["102.74", "25.01", "447.5", "70"],
    "bool": ["是", "否", "1", "0", "Y", "N"],
    "code": CODES,
}


def _profile_tables():
    out = []
    for p in prof.load_all().values():
        for table, tp in p.tables.items():
            out.append((p.name, table, tp))
    return out


TABLES = _profile_tables()


STATUS_WORDS = ["待受理", "办理中", "已办结", "已关闭"]
RATINGS = ["非常满意", "满意", "基本满意", "不满意", "5", "3"]


def _plausible(rng: random.Random, name: str, kind: str, allowed) -> str:
    """A value a real export could hold for this field (references to places the database has)."""
    if name in ("centre_id",) and rng.random() < 0.9:
        return rng.choice(["C1", "C2"])
    if name in ("community_code", "applicant_community_code"):
        return rng.choice(["530111001001", "530111004001"])
    if name == "parent_code":
        return "530111004"
    if name == "code":
        return f"530111004{rng.randrange(100, 999)}"
    if name == "level":
        return "community"
    if name.endswith("_id") or name in ("item_code", "grid_code"):
        return f"F{rng.randrange(10**6)}"
    if kind == "status":
        return rng.choice(STATUS_WORDS)
    if kind == "rating":
        return rng.choice(RATINGS)
    if allowed:
        return rng.choice(list(allowed))
    return rng.choice(KIND_VALUES.get(kind, ["文本", "市容环境", "Example text"]))


def _value(rng: random.Random, name: str, kind: str, allowed, nasty: float) -> str:
    r = rng.random()
    if r >= nasty:
        return _plausible(rng, name, kind, allowed)
    if r < nasty * 0.8:
        return rng.choice(NASTY)
    return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 12)))


def _header_and_rows(rng: random.Random) -> tuple[list, list[list]]:
    _, table, tp = rng.choice(TABLES)
    fields = {f.name: f for f in model.TABLES[table].fields}
    names = [n for n in tp.columns if n in fields]
    keep = rng.choice([1.0, 0.9, 0.6])
    chosen = (
        [n for n in names if fields[n].required or rng.random() < keep]
        if rng.random() < 0.7
        else [n for n in names if rng.random() < keep]
    )
    chosen = chosen or names[:1]
    rng.shuffle(chosen)
    header = []
    for n in chosen:
        h = rng.choice(tp.columns[n])
        h = rng.choice([h, h, f" {h} ", h.replace("(", "（").replace(")", "）"), h.upper()])
        header.append(h)
    for _ in range(rng.choice([0, 0, 1, 2])):  # unknown, empty or repeated columns
        header.insert(rng.randrange(len(header) + 1), rng.choice(["备注", "", "Unnamed: 3", header[0]]))
    kinds = [(n, fields[n].kind, getattr(fields[n], "allowed", None)) for n in chosen]
    nasty = rng.choice([0.0, 0.0, 0.01, 0.1, 0.5])  # from a clean export to a mangled one
    rows = []
    for _ in range(rng.choice([0, 1, 2, 5, 30, 200])):
        row = [
            _value(rng, *kinds[i], nasty) if i < len(kinds) else _value(rng, "", "text", None, nasty)
            for i in range(len(header))
        ]
        if rng.random() < 0.1:  # ragged
            row = row[: rng.randrange(len(row) + 1)] if rng.random() < 0.5 else row + ["多余"] * rng.randint(1, 3)
        rows.append(row)
    if rows and rng.random() < 0.15:
        rows.append(["合计"] + [""] * (len(header) - 1))
    if rng.random() < 0.15:
        rows.insert(0, ["官渡区2023年6月台账"] + [""] * (len(header) - 1))
        rows.insert(0, [""] * len(header)) if rng.random() < 0.5 else None
    return header, rows


def random_bytes(rng: random.Random, path):
    magic = rng.choice(
        [b"", b"", b"PK\x03\x04", b"PAR1", b"\xef\xbb\xbf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xfe"]
    )
    body = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 16, 300, 4000])))
    path = path.with_suffix(rng.choice([".csv", ".xlsx", ".parquet", ".txt"]))
    path.write_bytes(magic + body)
    return path


def random_csv(rng: random.Random, path):
    header, rows = _header_and_rows(rng)
    buf = io.StringIO()
    w = csv.writer(
        buf,
        delimiter=rng.choice([",", ",", ";", "\t", "|"]),
        lineterminator=rng.choice(["\n", "\r\n", "\r"]),
        quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    )
    for r in [header] + rows:
        w.writerow(r)
    text = buf.getvalue()
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.1:  # cut short, perhaps inside a character or a quoted field
        data = data[: rng.randrange(len(data) + 1)]
    path = path.with_suffix(rng.choice([".csv", ".csv", ".txt"]))
    path.write_bytes(data)
    return path


def _cell(rng: random.Random, text: str):
    r = rng.random()
    if r < 0.1:
        return rng.choice([0, -1, 3.5, 45930, 45930.25, 10**20])
    if r < 0.15:
        return rng.choice([dt.datetime(2026, 10, 1, 8, 30), dt.date(2026, 10, 2), dt.time(12, 0)])
    if r < 0.18:
        return rng.choice([True, False, None])
    if r < 0.2:
        return "=SUM(1,2)"
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n") or None  # openpyxl refuses control characters


def random_xlsx(rng: random.Random, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in range(rng.choice([1, 1, 2, 3])):
        ws = wb.create_sheet(
            rng.choice(["工单", "活动台账", "Sheet1", "服务中心台账", f"表{s}", "办件记录"])[:25] + str(s)
        )
        if rng.random() < 0.1:
            continue  # an empty sheet
        header, rows = _header_and_rows(rng)
        for r in [header] + rows:
            ws.append([_cell(rng, str(v)) for v in r])
        if rng.random() < 0.1 and ws.max_row > 2:
            ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=2)
    path = path.with_suffix(".xlsx")
    wb.save(path)
    if rng.random() < 0.15:
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data[: rng.randrange(len(data) // 2, len(data) + 1)]))
    return path


def random_parquet(rng: random.Random, path):
    header, rows = _header_and_rows(rng)
    columns = {}
    for i, h in enumerate(header):
        h = h or f"col{i}"
        if h in columns:
            continue
        values = [r[i] if i < len(r) else None for r in rows]
        kind = rng.choice(["text", "text", "int", "float", "ts", "bool", "null"])
        if kind == "int":
            arr = pa.array([rng.randint(-5, 10**6) for _ in values], pa.int64())
        elif kind == "float":
            arr = pa.array([rng.choice([1.5, float("nan"), -0.0, 1e300]) for _ in values], pa.float64())
        elif kind == "ts":
            arr = pa.array([dt.datetime(2026, 10, 1) + dt.timedelta(hours=rng.randint(0, 900)) for _ in values])
        elif kind == "bool":
            arr = pa.array([rng.random() < 0.5 for _ in values])
        elif kind == "null":
            arr = pa.nulls(len(values))
        else:
            arr = pa.array([str(v).replace("\x00", "") for v in values], pa.string())
        columns[h] = arr
    path = path.with_suffix(".parquet")
    pq.write_table(pa.table(columns) if columns else pa.table({"x": pa.array([], pa.int64())}), path)
    if rng.random() < 0.1:
        data = path.read_bytes()
        path.write_bytes(data[: rng.randrange(len(data))])
    return path


MAKERS = [random_bytes, random_csv, random_csv, random_xlsx, random_parquet]


def test_any_input_ends_in_a_load_or_a_clear_refusal(tiny_copy, tmp_path):
    failures, outcomes = [], {}
    deadline = time.monotonic() + SECONDS
    seed = FIRST_SEED
    while time.monotonic() < deadline or seed - FIRST_SEED < MIN_CASES:
        rng = random.Random(seed)
        maker = MAKERS[seed % len(MAKERS)]
        folder = tmp_path / f"case-{seed}"
        folder.mkdir()
        path = maker(rng, folder / "export")
        before = checksums(tiny_copy)
        try:
            reports = import_files([path], db=tiny_copy, lang=rng.choice(["zh", "en"]), accept_valid=rng.random() < 0.3)
        except Exception as exc:  # noqa: BLE001 - the very thing under test
            failures.append(f"seed {seed} ({maker.__name__}, {path.name}): raised {type(exc).__name__}: {exc}")
            seed += 1
            continue
        for r in reports:
            outcomes[(maker.__name__, r.status)] = outcomes.get((maker.__name__, r.status), 0) + 1
            if r.status not in STATUSES:
                failures.append(f"seed {seed} ({maker.__name__}): status {r.status!r}")
            elif r.status == "refused" and (not r.code or not r.message or r.code == "internal"):
                failures.append(f"seed {seed} ({maker.__name__}, {path.name}): unclear refusal {r.code}: {r.message}")
        if all(r.status in ("refused", "skipped") for r in reports) and checksums(tiny_copy) != before:
            failures.append(f"seed {seed} ({maker.__name__}): refused, yet the database changed")
        shutil.rmtree(folder) if not failures or not failures[-1].startswith(f"seed {seed} ") else None
        seed += 1
    print(
        f"\nfuzz: {seed - FIRST_SEED} cases from seed {FIRST_SEED}; outcomes "
        + ", ".join(f"{m}/{s}={n}" for (m, s), n in sorted(outcomes.items()))
    )
    assert not failures, "\n".join(failures[:20])
