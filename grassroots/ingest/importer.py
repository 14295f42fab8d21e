"""import_files: read -> map headers (profile) -> convert and validate in SQL -> load each file in
one transaction, with its rollups and an import_log row.

Strict by default: a file with any bad row is refused whole. With accept_valid the valid rows are
loaded and the others reported. Files are loaded regions first, then centres, service items and the
rest, so one batch can bring a new centre and its records. Nothing raises: every problem becomes a
FileReport with status 'refused' and a reason.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from grassroots import config, deadlines, geo, privacy, rollups, sql
from grassroots import db as database
from grassroots.config import ConfigError
from grassroots.errors import Refused
from grassroots.i18n import t
from grassroots.ingest import bundles, geojson, model, statements
from grassroots.ingest import profiles as prof
from grassroots.ingest.readers import Sheet, Source, default_max_bytes, file_sha256, open_source
from grassroots.ingest.report import FileReport, already_imported, fault, first_line, reason_text, refusal
from grassroots.progress import NULL, scaled

log = logging.getLogger(__name__)
MAX_ERRORS = 10_000


class CpuSteps:
    """Process CPU (every thread: DuckDB's too) spent in each step of one file's import, logged at INFO when
    the file is done (STEPS_LOG), so a slow import says where its time went."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._at = _cpu_s()

    def mark(self, step: str) -> None:
        """Charge the CPU since the previous mark to `step`."""
        now = _cpu_s()
        self.spent[step] = self.spent.get(step, 0.0) + now - self._at
        self._at = now

    def text(self) -> str:
        return ", ".join(f"{k} {v:.2f}" for k, v in self.spent.items())


STEPS_LOG = "import %s: CPU seconds by step: %s"


def _cpu_s() -> float:
    t = os.times()
    return t.user + t.system


@dataclass
class Part:
    sheet: Sheet
    match: prof.Match
    report: FileReport


@dataclass
class Plan:
    index: int
    path: Path
    name: str
    source: Source
    parts: list[Part] = field(default_factory=list)
    skipped: list[FileReport] = field(default_factory=list)
    db: Path | None = None  # the database it loads into (named when the disk or the file fails)
    steps: CpuSteps = field(default_factory=CpuSteps)

    @property
    def order(self) -> int:
        return min(model.TABLES[p.match.table].order for p in self.parts)


def _lang(lang: str | None) -> str:
    if lang in ("zh", "en"):
        return lang
    try:
        return config.app().default_language
    except ConfigError:
        return "zh"


def import_files(
    paths,
    db=None,
    profile: str | None = None,
    accept_valid: bool = False,
    progress=NULL,
    original_names: list[str] | None = None,
    lang: str | None = None,
    max_bytes: int | None = None,
    max_errors: int = MAX_ERRORS,
) -> list[FileReport]:
    """Import export files into the database; one report per file (per sheet of a workbook).

    paths: files to read; a .zip stands for the export files in it (grassroots/ingest/bundles.py), each
    reported as "archive.zip/member". db: the database file (default: $GRASSROOTS_DB or data/demo.duckdb).
    profile: force one header profile by name (default: the best match per file).
    accept_valid: load the valid rows of a file with bad rows (default: refuse the whole file).
    progress: progress(done, total, label). original_names: names to show and log instead of the
    paths' own (an uploaded temp file). lang: 'zh' or 'en' for messages. max_bytes: size limit
    (default: [import] max_size_mb of config/app.toml). max_errors: problems listed per file.
    """
    lang = _lang(lang)
    paths = [Path(p) for p in paths]
    names = list(original_names) if original_names else [p.name for p in paths]
    if len(names) != len(paths):
        raise ValueError("original_names must name every path")
    max_bytes = max_bytes or default_max_bytes()
    refused_before: dict[int, Refused] = {}
    with contextlib.ExitStack() as stack:
        if any(bundles.is_zip(Path(n)) for n in names):  # each archive's members, in a folder gone afterwards
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="grassroots-zip-"))
            entries = bundles.unpack(list(zip(paths, names)), Path(tmp), max_bytes)
            paths, names = [p for p, _, _ in entries], [n for _, n, _ in entries]
            refused_before = {i: why for i, (_, _, why) in enumerate(entries) if why is not None}
        return _import_files(
            paths, names, refused_before, db, profile, accept_valid, progress, lang, max_bytes, max_errors
        )


def _import_files(
    paths: list[Path],
    names: list[str],
    refused_before: dict[int, Refused],
    db,
    profile: str | None,
    accept_valid: bool,
    progress,
    lang: str,
    max_bytes: int,
    max_errors: int,
) -> list[FileReport]:
    """import_files' work, for files already named; refused_before: the entries refused before reading (an
    archive that cannot be unpacked), by position."""
    reports: list[tuple[int, FileReport]] = []
    for i, before in refused_before.items():
        reports.append((i, refusal(FileReport(names[i]), before.code, lang, **before.params)))

    try:
        profiles = prof.load_all()
        if profile:
            if profile not in profiles:
                return [
                    refusal(FileReport(n), "unknown_profile", lang, name=profile, known=sorted(profiles)) for n in names
                ]
            profiles = {profile: profiles[profile]}
    except ConfigError as exc:
        return [refusal(FileReport(n), "profile_error", lang, detail=str(exc)) for n in names]

    boundaries = [
        (i, p, n) for i, (p, n) in enumerate(zip(paths, names)) if i not in refused_before and geojson.is_geojson(p)
    ]
    plans: list[Plan] = []
    for i, (path, name) in enumerate(zip(paths, names)):
        if i in refused_before or any(i == b[0] for b in boundaries):
            continue  # GeoJSON boundary files load after the tables (grassroots.ingest.geojson)
        try:
            plan = _plan(i, path, name, profiles, max_bytes, lang)
            plans.append(plan)
            reports.extend((i, r) for r in plan.skipped)
        except Refused as exc:
            reports.append((i, refusal(FileReport(name), exc.code, lang, **exc.params)))
        except Exception as exc:  # an unreadable file must not stop the batch
            log.exception("import: cannot open %s", name)
            reports.append((i, refusal(FileReport(name), "internal", lang, detail=first_line(exc))))
    plans.sort(key=lambda p: (p.order, p.index))

    def short_of_end(done: float, total: float, label: str = "") -> None:  # the bar reaches its end once, below
        progress(min(done / total if total else 0.0, 0.999), 1.0, label)

    try:
        if plans:
            with database.writer(db) as con:
                con.execute(statements.settings())
                for k, plan in enumerate(plans):
                    plan.db = database.resolve(db)
                    sub = scaled(short_of_end, k / len(plans), (k + 1) / len(plans))
                    _load_file(con, plan, profiles, accept_valid, sub, lang, max_errors)
                    reports.extend((plan.index, p.report) for p in plan.parts)
                if not any(p.report.loaded for plan in plans for p in plan.parts):
                    raise database.Unchanged  # all refused or imported before: the database stays as it was
    except (database.DatabaseBusy, Refused) as exc:  # busy, or a database the schema check refused
        done = {id(r) for _, r in reports}
        code, why = ("db_refused", {"reason": exc.message(lang)}) if isinstance(exc, Refused) else ("db_busy", {})
        for plan in plans:
            for p in plan.parts:
                if id(p.report) not in done:
                    reports.append((plan.index, refusal(p.report, code, lang, **why)))
    except (duckdb.Error, OSError) as exc:  # the database could not be opened or written: a full disk ...
        log.exception("import: the database %s failed", database.resolve(db))
        done = {id(r) for _, r in reports}
        for plan in plans:
            for p in plan.parts:
                if id(p.report) not in done:
                    reports.append((plan.index, fault(p.report, exc, db, lang)))
    finally:
        for plan in plans:
            plan.source.close()
    reports.extend(geojson.import_files(boundaries, db, accept_valid, short_of_end, lang, max_bytes))
    if any(r.loaded for _, r in reports):
        steps = CpuSteps()
        _evaluate_alerts(db)
        steps.mark("alerts")
        log.info(STEPS_LOG, "(all files)", steps.text())
    progress(1.0, 1.0, "")
    reports.sort(key=lambda x: x[0])
    return [r for _, r in reports]


def _evaluate_alerts(db) -> None:
    """After an import that changed data, the alert rules are evaluated again (config/alerts.toml). An
    alert that cannot be evaluated never undoes or fails the import: it is logged and tried again when
    the alerts page opens or the schedule runs."""
    try:
        from grassroots import alerts

        alerts.refresh(database.resolve(db))
    except Exception:  # noqa: BLE001 - the import itself has succeeded
        log.warning("alerts were not evaluated after the import", exc_info=True)


def _rollback(con) -> None:
    try:
        con.execute("rollback")
    except duckdb.Error:  # nothing left to roll back (the failed commit ended the transaction)
        pass


# --- planning: which sheet holds which table --------------------------------------------------------


def _find_header(sheet: Sheet, profiles, hints) -> tuple[int, prof.Match | None]:
    best_i, best = 0, None
    for i, row in enumerate(sheet.head):
        if not any(c is not None and str(c).strip() for c in row):
            continue
        m = prof.best_match(profiles, row, hints)
        if m is not None and (best is None or m.score[0] > best.score[0]):
            best_i, best = i, m
    return best_i, best


def _plan(index: int, path: Path, name: str, profiles, max_bytes: int, lang: str) -> Plan:
    if Path(name).suffix.lower() == ".xls":  # old Excel (or the HTML some systems save under that name)
        raise Refused("xls")
    src = open_source(path, max_bytes)
    plan = Plan(index, path, name, src)
    unmatched: list[tuple[Sheet, prof.Match | None]] = []
    for sheet in src.sheets:
        hints = tuple(h for h in (sheet.name, Path(name).stem) if h)
        i, m = _find_header(sheet, profiles, hints)
        if not prof.recognised(m):
            unmatched.append((sheet, m))
            continue
        header = sheet.head[i]
        sheet.header_row = i + 1
        sheet.width = max(k for k, h in enumerate(header) if h is not None and str(h).strip()) + 1
        m = prof.best_match(profiles, header[: sheet.width], hints)
        if m is None:  # the header row matched above; narrowed to its width it still does
            unmatched.append((sheet, m))
            continue
        plan.parts.append(Part(sheet, m, FileReport(name, sheet.name, m.table, m.profile.name)))
    if not plan.parts:
        src.close()
        sheet, m = max(unmatched, key=lambda x: x[1].score if x[1] else (-1,))
        found = [c for row in sheet.head[:1] for c in row if c] if m is None else [h for h in m.headers if h]
        if not any(any(c for c in row) for s, _ in unmatched for row in s.head):
            raise Refused("empty")
        if m is None or (m.score[0] == 0 and not m.score[1]):
            tables = sorted({tn for p in profiles.values() for tn in p.tables}, key=lambda x: model.TABLES[x].order)
            raise Refused(
                "unknown_layout_none",
                tables=[_table_label(x, lang) for x in tables],
                profiles=sorted(profiles),
                found=found,
            )
        raise Refused(
            "unknown_layout",
            table=_table_label(m.table, lang),
            profile=m.profile.name,
            expected=m.expected_headers(),
            found=found,
        )
    for sheet, _ in unmatched:
        if any(any(c for c in row) for row in sheet.head):
            plan.skipped.append(refusal(FileReport(name, sheet.name), "no_table", lang))
            plan.skipped[-1].status = "skipped"
    return plan


def _table_label(table: str, lang: str) -> str:
    return t(f"ingest.table.{table}", lang)


# --- loading one file ---------------------------------------------------------------------------


class _ReadAgain(Exception):
    """The file must be read again from the start of its transaction (its encoding changed)."""


def _load_file(con, plan: Plan, profiles, accept_valid: bool, progress, lang: str, max_errors: int) -> None:
    t0 = time.monotonic()
    plan.steps = CpuSteps()
    parts = sorted(plan.parts, key=lambda p: model.TABLES[p.match.table].order)
    try:
        digest = file_sha256(plan.path)
        plan.steps.mark("hash")
    except OSError as exc:
        for p in parts:
            refusal(p.report, "internal", lang, detail=first_line(exc))
        return
    for attempt in (0, 1, 2):
        for p in parts:
            p.report.reset()
        try:
            _load_parts(con, plan, parts, digest, accept_valid, progress, lang, max_errors)
            break
        except _ReadAgain:
            if attempt == 2:
                for p in parts:
                    refusal(p.report, "csv_error", lang, detail="")
        finally:
            _cleanup(con)
    for p in parts:
        p.report.seconds = round(time.monotonic() - t0, 3)
        p.report.file_hash = digest
    log.info(STEPS_LOG, plan.name, plan.steps.text())


def _load_parts(
    con, plan: Plan, parts: list[Part], digest: str, accept_valid: bool, progress, lang: str, max_errors: int
) -> None:
    """All sheets of one file in one transaction: committed when none is refused, else rolled back."""
    con.execute("begin transaction")
    failed: Part | None = None
    try:
        for k, part in enumerate(parts):
            sub = scaled(progress, k / len(parts), (k + 1) / len(parts))
            if _already_imported(con, part, digest, lang):
                continue
            try:
                _load_part(con, plan, part, digest, accept_valid, sub, lang, max_errors)
            except Refused as exc:
                refusal(part.report, exc.code, lang, **exc.params)
            if part.report.status == "refused":
                failed = part
                break
    except _ReadAgain:
        con.execute("rollback")
        raise
    except Exception as exc:
        log.exception("import: %s failed", plan.name)
        _rollback(con)
        for p in parts:
            if p.report.status != "refused":
                fault(p.report, exc, plan.db, lang)
        return
    if failed is None:
        try:
            plan.steps.mark("log")
            con.execute("commit")
            plan.steps.mark("commit")
        except (duckdb.Error, OSError) as exc:  # e.g. the disk filled up as the rows were written
            log.exception("import: %s not committed", plan.name)
            _rollback(con)
            for p in parts:
                if p.report.status != "already_imported":
                    fault(p.report, exc, plan.db, lang)
    else:
        con.execute("rollback")
        for p in parts:
            if p is not failed and p.report.status not in ("refused", "already_imported"):
                refusal(p.report, "other_sheet_refused", lang)


def _already_imported(con, part: Part, digest: str, lang: str) -> bool:
    """Whether this sheet of this very file (the same SHA-256) was loaded before: then it is
    reported as already imported, nothing is read or changed, and the log gets no new row."""
    rep = part.report
    found = con.execute(
        *sql.bind("ingest/log_find", {"file_hash": digest, "sheet": rep.sheet, "table_name": part.match.table})
    ).fetchone()
    if found is None:
        return False
    already_imported(rep, found, lang)
    return True


def _cleanup(con) -> None:
    try:
        con.execute(statements.drop_temps())
    except duckdb.Error:
        pass


def _load_part(
    con, plan: Plan, part: Part, digest: str, accept_valid: bool, progress, lang: str, max_errors: int
) -> None:
    m, rep, sheet = part.match, part.report, part.sheet
    table, tp, profile = model.TABLES[m.table], m.table_profile, m.profile
    found = [h for h in m.headers if h]
    missing = m.missing_required
    if missing:
        cols = [m.column_of(f) for f in missing]
        rep.errors = [_err(rep, None, c, None, "missing_column", None, lang) for c in cols]
        rep.errors_total = len(cols)
        raise Refused(
            "missing_column",
            missing=cols,
            table=_table_label(table.name, lang),
            expected=m.expected_headers(),
            found=found,
        )

    # defaults: the profile's, and the model's for blank cells of columns the file has
    defaults = dict(tp.defaults)
    for fname in m.mapping:
        f = table.field(fname)
        if f.default is not None and fname not in defaults:
            defaults[fname] = f.default

    # read + convert, in one pass for CSV and Parquet
    present = set(m.mapping) | set(defaults)
    read = scaled(progress, 0.25, 0.6)
    rel, row_expr, rparams = plan.source.relation(con, sheet, scaled(progress, 0.0, 0.25))
    text, params = statements.convert(table, m.mapping, defaults, tp.values, sheet.width, rel, row_expr)
    params.update(rparams, date_formats=list(profile.date_formats))
    try:
        statements.run_tracked(con, text, params, read, "读取 / reading")
    except duckdb.Error as exc:
        if plan.source.read_failed(exc):  # True: read again as GB18030; otherwise it raises Refused
            raise _ReadAgain() from None
    cut = con.execute(statements.first_total_row()).fetchone()[0]
    if cut is not None:
        con.execute(statements.cut_from_row(), {"row": cut})
    rep.rows_read = con.execute(statements.count_rows(statements.CONV)).fetchone()[0]
    plan.steps.mark("read and convert")
    if rep.rows_read == 0:
        raise Refused("no_rows")

    # validate
    progress(0.65, 1.0, "校验 / validating")
    derived = frozenset({"status"}) if statements.derive_status(table, m.mapping) else frozenset()
    text, params = statements.problem_rows(table, present, derived)
    (problems,) = statements.execute(con, text, params).fetchone() or (0,)
    with_problems = problems > 0
    text, params = statements.errors(table, present, derived, per_row=with_problems)
    statements.execute(con, text, params)
    n_err, n_bad = con.execute(statements.error_summary()).fetchone()
    rep.rows_rejected, rep.errors_total = int(n_bad), int(n_err)
    if n_err:
        rows = con.execute(statements.finding_rows(statements.ERRORS), {"limit": max_errors}).fetchall()
        order = {f: i for i, f in enumerate(table.names)}
        rows.sort(key=lambda r: (r[0], order.get(r[1], 99)))
        rep.errors = [_finding(rep, m, r, lang) for r in rows]
    # warnings: rows that load as they are but are reported (a closed ticket without a closing time, a wish
    # whose status its dates contradict); they never refuse a file, in strict mode too
    text, params = statements.warnings(table, present, derived)
    statements.execute(con, text, params)
    rep.warnings_total = int(con.execute(statements.count_rows(statements.WARNINGS)).fetchone()[0])
    if rep.warnings_total:
        rows = con.execute(statements.finding_rows(statements.WARNINGS), {"limit": max_errors}).fetchall()
        rep.warnings = [_finding(rep, m, r, lang) for r in rows]
    plan.steps.mark("validate")
    if n_bad and not accept_valid:
        raise Refused("rows_invalid", n=int(n_bad))
    if n_bad >= rep.rows_read:
        raise Refused("no_valid_rows")

    # repair: coordinates to GCJ-02, deadlines from the SLA table
    progress(0.7, 1.0, "转换 / converting")
    _fix_coordinates(con, table, present, profile)
    if "due_source" in table.derived:
        _fix_deadlines(con, present, profile)

    plan.steps.mark("repair")

    # load
    select, columns, params = statements.final_select(table, present, bool(derived), bool(n_err))
    existing = con.execute(statements.count_existing(table)).fetchone()[0] > 0
    # rollup days: where the records it updates counted before, and where the file's rows fall
    days = (
        rollups.days_touched(con, table.name, table.key, f"temp.{statements.q(statements.CONV)}") if existing else set()
    )
    con.execute(statements.insertion_order(False))
    try:
        write = scaled(progress, 0.75, 0.95)
        if existing:  # update what changed, insert what is new
            statements.run_tracked(con, statements.stage_final(select), params, scaled(write, 0, 0.3), "写入 / loading")
            rep.new, rep.updated, rep.unchanged = (
                int(x) for x in con.execute(statements.change_counts(table, columns)).fetchone()
            )
            statements.run_tracked(
                con, statements.update_changed(table, columns), None, scaled(write, 0.3, 0.7), "写入 / loading"
            )
            statements.run_tracked(
                con, statements.insert_missing(table, columns), None, scaled(write, 0.7, 1), "写入 / loading"
            )
        else:
            statements.run_tracked(con, statements.insert_new(table, columns, select), params, write, "写入 / loading")
    finally:
        con.execute(statements.insertion_order(True))
    plan.steps.mark("load")
    day_cols = [c for c in rollups.ROLLUPS.get(table.name, (None, None, ()))[2] if c in present]
    if day_cols:
        days |= {d for (d,) in con.execute(statements.days_in_file(day_cols)).fetchall()}
    rollups.refresh(con, table.name, days)
    plan.steps.mark("rollups")
    rep.rows_loaded = rep.rows_read - rep.rows_rejected
    if not existing:
        rep.new, rep.updated, rep.unchanged = rep.rows_loaded, 0, 0
    sql.run(
        con,
        "ingest/log_insert",
        {
            "file_name": plan.name,
            "file_hash": digest,
            "sheet": sheet.name,
            "profile": profile.name,
            "table_name": table.name,
            "rows_read": rep.rows_read,
            "rows_loaded": rep.rows_loaded,
            "rows_rejected": rep.rows_rejected,
            "rows_new": rep.new,
            "rows_updated": rep.updated,
            "rows_unchanged": rep.unchanged,
            "rows_warned": rep.warnings_total,
        },
    )
    rep.status = "partial" if rep.rows_rejected else "loaded"
    progress(1.0, 1.0, "")


def _err(rep: FileReport, row, column, value, code, detail, lang) -> dict:
    return {
        "file": rep.file,
        "sheet": rep.sheet,
        "row": None if row is None else int(row),
        "column": column,
        "value": value,
        "reason": reason_text(code, detail, lang),
        "code": code,
    }


def _finding(rep: FileReport, m: prof.Match, r: tuple, lang: str) -> dict:
    """One row of ERRORS or WARNINGS (_row, field, value, code, detail) as the report lists it: fields as the
    file's columns, a personal value masked."""
    detail = m.column_of(r[4]) if r[3] in statements.FIELD_DETAIL else r[4]
    return _err(rep, r[0], m.column_of(r[1]), privacy.mask_value(r[1], r[2]), r[3], detail, lang)


def _fix_coordinates(con, table: model.Table, present: set[str], profile: prof.Profile) -> None:
    con.execute(statements.empty_temp(statements.GEO, "_row bigint, lon double, lat double"))
    if not {"lon", "lat"} <= present:
        return
    has_crs = "crs" in present
    if not has_crs and profile.crs != "WGS84":
        return
    got = statements.execute(
        con, statements.wgs84_rows(has_crs), {"profile_crs": profile.crs, "wgs84": "WGS84"}
    ).fetchnumpy()
    if len(got["_row"]) == 0:
        return
    lon, lat = geo.wgs84_to_gcj02(np.asarray(got["lon"], dtype=float), np.asarray(got["lat"], dtype=float))
    src = pa.table({"_row": np.asarray(got["_row"], dtype=np.int64), "lon": lon, "lat": lat})
    con.register("ingest_geo_src", src)
    con.execute(statements.temp_from(statements.GEO, "ingest_geo_src"))
    con.unregister("ingest_geo_src")


def _fix_deadlines(con, present: set[str], profile: prof.Profile) -> None:
    """Deadlines from config/sla.toml for tickets without their own, when the profile says
    deadlines = "sla" (working days by its calendar); none at all when it says "source"."""
    if profile.deadlines != "sla":
        con.execute(statements.empty_temp(statements.SLA, "_row bigint, due_at timestamp"))
        return
    got = con.sql(statements.sla_rows(present)).to_arrow_table()
    rows = got.column("_row").to_numpy()
    # categories as codes into the few distinct names: no million Python strings
    cats = got.column("category").combine_chunks().dictionary_encode()
    category = pd.Categorical.from_codes(
        cats.indices.fill_null(-1).to_numpy(zero_copy_only=False),
        categories=pd.Index(cats.dictionary.to_pylist(), dtype=object),
    )
    due = (
        deadlines.due_at(got.column("reported_at").to_numpy(), category, calendar=profile.calendar)
        if len(rows)
        else np.array([], dtype="datetime64[us]")
    )
    src = pa.table({"_row": pa.array(rows), "due_at": pa.array(due)})
    con.register("ingest_sla_src", src)
    con.execute(statements.temp_from(statements.SLA, "ingest_sla_src"))
    con.unregister("ingest_sla_src")
