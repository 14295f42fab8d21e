"""What an import tells its user: one FileReport per file (per sheet of a workbook), with the rows
it refused and why, as text for the terminal, a dict for --json, and a DataFrame for download."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from grassroots.i18n import t

STATUSES = ("loaded", "partial", "refused", "skipped")  # "pending" only while an import runs
ERROR_COLUMNS = ["file", "sheet", "row", "column", "value", "reason", "code"]


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
    message: str = ""                 # why a file was refused or skipped
    code: str | None = None           # the reason code of `message`
    errors: list[dict] = field(default_factory=list)   # {file, sheet, row, column, value, reason, code}
    errors_total: int = 0             # problems found (errors may list fewer: see max_errors)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("loaded", "partial", "skipped")

    def to_dict(self) -> dict:
        return asdict(self)


def join_list(items, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(str(i) for i in items)


def refusal(report: FileReport, code: str, lang: str, **params) -> FileReport:
    """Mark a report refused with the file-level reason `code`."""
    fmt = {k: join_list(v, lang) if isinstance(v, (list, tuple)) else v for k, v in params.items()}
    report.status = "refused"
    report.code = code
    report.message = t(f"ingest.file.{code}", lang, **fmt)
    report.rows_loaded = 0
    return report


def reason_text(code: str, detail: str | None, lang: str) -> str:
    if code == "before":
        return t("ingest.reason.before", lang, other=detail or "")
    if code == "duplicate_id":
        return t("ingest.reason.duplicate_id", lang, first=detail or "?")
    if code == "unknown_ref":
        return t(f"ingest.reason.unknown_ref.{detail}", lang)
    return t(f"ingest.reason.{code}", lang)


def report_frame(reports: list[FileReport]) -> pd.DataFrame:
    """Every listed problem of every report, one row each (file-level refusals included), for download."""
    rows = []
    for r in reports:
        rows.extend(r.errors)
        if r.status == "refused" and not r.errors:
            rows.append({"file": r.file, "sheet": r.sheet, "row": None, "column": None, "value": None,
                         "reason": r.message, "code": r.code})
    df = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    return df


def summary_dict(reports: list[FileReport]) -> dict:
    return {
        "ok": all(r.ok for r in reports),
        "files": [r.to_dict() for r in reports],
    }


def human(report: FileReport, lang: str, max_lines: int = 20) -> str:
    """A few lines per file for the terminal."""
    mark = {"loaded": "✔", "partial": "◐", "refused": "✘", "skipped": "·"}[report.status]
    where = report.file + (f" [{report.sheet}]" if report.sheet else "")
    bits = [b for b in (t(f"ingest.table.{report.table}", lang) if report.table else None, report.profile) if b]
    head = f"{mark} {where}" + (f" ({' · '.join(bits)})" if bits else "") + f": {t(f'ingest.status.{report.status}', lang)}"
    lines = [head]
    if report.rows_read or report.status in ("loaded", "partial"):
        lines.append("  " + t("ingest.summary", lang, read=report.rows_read, loaded=report.rows_loaded,
                                 rejected=report.rows_rejected))
    if report.message:
        lines.append("  " + report.message)
    for e in report.errors[:max_lines]:
        row = t("ingest.row_label", lang, row=e["row"]) if e["row"] is not None else ""
        value = f'"{e["value"]}"' if e["value"] is not None else ""
        lines.append("  - " + " · ".join(x for x in (row, e["column"] or "", value, e["reason"]) if x))
    if report.errors_total > min(max_lines, len(report.errors)):
        lines.append("  " + t("ingest.more_errors", lang, n=report.errors_total - min(max_lines, len(report.errors))))
    return "\n".join(lines)
