"""Files users download: CSV safe against spreadsheet formula injection, and .xlsx."""

from __future__ import annotations

import io

import pandas as pd

# a cell starting with one of these is read as a formula by spreadsheet programs
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens Chinese text correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buf = io.BytesIO()
    out = safe_frame(frame)
    for col in out.columns:  # Excel has no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as xw:
        out.to_excel(xw, sheet_name=sheet or "data", index=False)
        ws = xw.sheets[sheet or "data"]
        ws.freeze_panes(1, 0)
        for i, col in enumerate(out.columns):
            ws.set_column(i, i, min(40, max(10, len(str(col)) * 2)))
    return buf.getvalue()
