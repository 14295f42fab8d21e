"""Download buttons for exactly the rows a table shows: CSV (safe against spreadsheet formula
injection) and .xlsx. Personal columns are masked unless the role may see them, and every download
is written to the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from grassroots import exports, privacy
from grassroots.ui import session
from grassroots.ui.text import tr


def _audit(name: str, fmt: str) -> None:
    session.audit("export", f"{name}.{fmt}")


def buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str) -> None:
    """`frame` may be a function returning the frame: the files are then built only when a button
    is clicked (for large record sets)."""
    personal = session.may_see_personal()
    csv: Callable[[], bytes] | bytes
    xlsx: Callable[[], bytes] | bytes
    if callable(frame):
        csv = lambda: exports.to_csv_bytes(privacy.mask_frame(frame(), personal))  # noqa: E731
        xlsx = lambda: exports.to_xlsx_bytes(privacy.mask_frame(frame(), personal), sheet=name[:31])  # noqa: E731
    else:
        frame = privacy.mask_frame(frame, personal)
        csv, xlsx = exports.to_csv_bytes(frame), exports.to_xlsx_bytes(frame, sheet=name[:31])
    left, right = st.columns(2)
    left.download_button(
        tr("common.download_csv"),
        csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click=_audit,
        args=(name, "csv"),
    )
    right.download_button(
        tr("common.download_xlsx"),
        xlsx,
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click=_audit,
        args=(name, "xlsx"),
    )
