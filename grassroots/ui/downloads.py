"""Download buttons for exactly the rows a table shows: CSV (safe against spreadsheet formula
injection) and .xlsx."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from grassroots import exports
from grassroots.ui.text import tr


def buttons(frame: pd.DataFrame, name: str, key: str) -> None:
    left, right = st.columns(2)
    left.download_button(tr("common.download_csv"), exports.to_csv_bytes(frame), file_name=f"{name}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button(tr("common.download_xlsx"), exports.to_xlsx_bytes(frame, sheet=name[:31]),
                          file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore")
