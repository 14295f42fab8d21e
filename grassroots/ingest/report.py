"""What an import tells its user: one FileReport per file (per sheet of a workbook), with the rows
it refused and why, as text for the terminal, a dict for --json, and a DataFrame for download."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from grassroots import i18n, trouble
from grassroots.db import resolve
from grassroots.i18n import t

# "already_imported": this very file (same SHA-256) was loaded before; nothing read, nothing changed.
# "pending" only while an import runs.
STATUSES = ("loaded", "partial", "already_imported", "refused", "skipped")
ERROR_COLUMNS = ["file", "sheet", "row", "column", "value", "reason", "code", "level"]
LEVELS = ("error", "warning")


@dataclass
class FileReport:
    file: str
    sheet: str | None = None
    table: str | None = None
    profile: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    status: str = "pending"
    message: str = ""  # why a file was refused or skipped
    code: str | None = None  # the reason code of `message`
    # {file, sheet, row, column, value, reason, code}; a personal value masked (grassroots/schema/personal.toml):
    # reports are downloaded and passed on, the row and column find the value in the file
    errors: list[dict] = field(default_factory=list)
    errors_total: int = 0  # problems found (errors may list fewer: see max_errors)
    warnings: list[dict] = field(default_factory=list)  # rows loaded but reported, same keys as errors
    warnings_total: int = 0
    # what a load changed, compared with the table on its key: rows_loaded = new + updated + unchanged
    # (None where not counted: boundary files)
    new: int | None = 0
    updated: int | None = 0
    unchanged: int | None = 0
    already_imported: bool = False
    seconds: float = 0.0
    file_hash: str | None = None  # the file's SHA-256, as in import_log (the audit log keeps it)

    def reset(self) -> None:
        """Back to a fresh report of the same file, sheet, table and profile (a load tried again)."""
        self.__dict__.update(FileReport(self.file, self.sheet, self.table, self.profile).__dict__)

    @property
    def ok(self) -> bool:
        return self.status in ("loaded", "partial", "already_imported", "skipped")

    @property
    def loaded(self) -> bool:
        """Rows went in: the file loaded, or partly (--accept-valid)."""
        return self.status in ("loaded", "partial")

    def to_dict(self) -> dict:
        return asdict(self)


def join_list(items, lang: str) -> str:
    return i18n.listing((str(i) for i in items), lang)


def refusal(report: FileReport, code: str, lang: str, **params) -> FileReport:
    """Mark a report refused with the file-level reason `code`."""
    fmt = {k: join_list(v, lang) if isinstance(v, (list, tuple)) else v for k, v in params.items()}
    report.status = "refused"
    report.code = code
    report.message = t(f"ingest.file.{code}", lang, **fmt)
    report.rows_loaded = 0
    return report


def fault(report: FileReport, exc: BaseException, db, lang: str) -> FileReport:
    """Refuse a file the database could not take: a full disk, a damaged or locked database file named
    as such (grassroots/trouble.py), anything else as an internal error with its first line."""
    which = trouble.kind(exc)
    if which is None:
        return refusal(report, "internal", lang, detail=first_line(exc))
    return refusal(report, which, lang, db=resolve(db), **trouble.room(exc))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__)[:300]


def already_imported(report: FileReport, found: tuple, lang: str) -> FileReport:
    """Mark a report as the same file loaded before; `found` is (imported_at, file_name, rows_loaded)
    of its first import_log row."""
    imported_at, file_name, rows_loaded = found
    report.status = report.code = "already_imported"
    report.already_imported = True
    report.new = report.updated = report.unchanged = 0
    report.message = t(
        "ingest.file.already_imported", lang, when=f"{imported_at:%Y-%m-%d %H:%M}", name=file_name, n=int(rows_loaded)
    )
    return report


def reason_text(code: str, detail: str | None, lang: str) -> str:
    if code in ("before", "open_with_date"):
        return t(f"ingest.reason.{code}", lang, other=detail or "")
    if code == "duplicate_id":
        return t("ingest.reason.duplicate_id", lang, first=detail or "?")
    if code == "unknown_ref":
        return t(f"ingest.reason.unknown_ref.{detail}", lang)
    return t(f"ingest.reason.{code}", lang)


def report_frame(reports: list[FileReport]) -> pd.DataFrame:
    """Every listed problem of every report, one row each (file-level refusals included), errors
    (level "error") and then warnings (rows that loaded, level "warning"), for download."""
    rows: list[dict] = []
    for r in reports:
        rows.extend({**e, "level": "error"} for e in r.errors)
        if r.status == "refused" and not r.errors:
            rows.append(
                {
                    "file": r.file,
                    "sheet": r.sheet,
                    "row": None,
                    "column": None,
                    "value": None,
                    "reason": r.message,
                    "code": r.code,
                    "level": "error",
                }
            )
        rows.extend({**w, "level": "warning"} for w in r.warnings)
    df = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    return df


def labelled_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A report_frame for people: headers and levels in the UI's language, without the reason codes."""
    out = frame.drop(columns=["code"]).copy()
    out["level"] = [t(f"ingest.level.{v}", lang) for v in out["level"]]
    for c in ("sheet", "column", "value"):
        out[c] = out[c].astype(object).where(out[c].notna(), "")  # a blank, never "None"
    return out.rename(columns={c: t(f"ingest.col.{c}", lang) for c in out.columns})


def changes_text(report: FileReport, lang: str) -> str:
    """'读取 25 行：新增 3 行，更新 2 行，未变 15 行，拒绝 5 行' - what a load did to the table."""
    if report.new is None:
        return t(
            "ingest.summary", lang, read=report.rows_read, loaded=report.rows_loaded, rejected=report.rows_rejected
        )
    return t(
        "ingest.changes",
        lang,
        read=report.rows_read,
        new=report.new,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rows_rejected,
    )


def summary_dict(reports: list[FileReport]) -> dict:
    """--json: ok, the totals of new / updated / unchanged rows, how many files were already
    imported, and every report (each with the same keys, already_imported true or false)."""
    return {
        "ok": all(r.ok for r in reports),
        "new": sum(r.new or 0 for r in reports),
        "updated": sum(r.updated or 0 for r in reports),
        "unchanged": sum(r.unchanged or 0 for r in reports),
        "already_imported": sum(1 for r in reports if r.already_imported),
        "files": [r.to_dict() for r in reports],
    }


def human(report: FileReport, lang: str, max_lines: int = 20, profile_labels: dict[str, str] | None = None) -> str:
    """A few lines per file for the terminal (and the import page). profile_labels: profile name ->
    the text to show for it (the page shows descriptions, the terminal the names --profile takes)."""
    mark = {"loaded": "✔", "partial": "◐", "already_imported": "=", "refused": "✘", "skipped": "·"}[report.status]
    where = report.file + (f" [{report.sheet}]" if report.sheet else "")
    profile = report.profile and (profile_labels or {}).get(report.profile, report.profile)
    bits = [b for b in (t(f"ingest.table.{report.table}", lang) if report.table else None, profile) if b]
    head = (
        f"{mark} {where}"
        + (f" ({' · '.join(bits)})" if bits else "")
        + f": {t(f'ingest.status.{report.status}', lang)}"
    )
    lines = [head]
    if report.status != "already_imported" and (report.rows_read or report.loaded):
        lines.append("  " + changes_text(report, lang))
    if report.message:
        lines.append("  " + report.message)

    def listed(items, total, bullet):
        for e in items[:max_lines]:
            row = t("ingest.row_label", lang, row=e["row"]) if e["row"] is not None else ""
            value = f'"{e["value"]}"' if e["value"] is not None else ""
            lines.append(f"  {bullet} " + " · ".join(x for x in (row, e["column"] or "", value, e["reason"]) if x))
        if total > min(max_lines, len(items)):
            lines.append("  " + t("ingest.more_errors", lang, n=total - min(max_lines, len(items))))

    listed(report.errors, report.errors_total, "-")
    if report.warnings_total:
        lines.append("  " + t("ingest.warnings", lang, n=report.warnings_total))
        listed(report.warnings, report.warnings_total, "!")
    return "\n".join(lines)


LOG_COLUMNS = (
    "imported_at",
    "file_name",
    "sheet",
    "table_name",
    "profile",
    "rows_read",
    "rows_new",
    "rows_updated",
    "rows_unchanged",
    "rows_rejected",
    "rows_warned",
    "file_hash",
)


def log_frame(log: pd.DataFrame, lang: str, profile_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of queries/common/import_log for people: tables and profiles by their names in the UI's
    language, headers translated, the SHA-256 shortened to its first 12 digits."""
    out = log[[c for c in LOG_COLUMNS if c in log.columns]].copy()
    labels = profile_labels or {}
    out["table_name"] = [t(f"ingest.table.{v}", lang) if isinstance(v, str) and v else v for v in out["table_name"]]
    out["profile"] = [labels.get(v, v) for v in out["profile"]]
    out["file_hash"] = [v[:12] if isinstance(v, str) else v for v in out["file_hash"]]
    out["sheet"] = out["sheet"].astype(object).where(out["sheet"].notna(), "")
    for c in ("rows_new", "rows_updated", "rows_unchanged", "rows_warned"):
        if c in out.columns:
            out[c] = out[c].astype("Int64")
    return out.rename(columns={c: t(f"ingest.log.{c}", lang) for c in out.columns})
