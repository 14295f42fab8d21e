"""A chart with its data: `chart(fig, frame, name, key)` draws a plotly figure and offers exactly the
rows it draws as CSV and Excel; the chart's own camera button saves it as a PNG named `name`.

    from grassroots.ui.chart_downloads import chart
    chart(charts_activity.hbar(view, "街道", "每千人活动场次"), view, "activities_by_street", key="act_street")

Pass the frame the figure was built from, with the column names it shows, so the download and the
picture always agree.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from grassroots import markup
from grassroots.ui import downloads, filters
from grassroots.ui.text import tr

# the plotly modebar, trimmed to what a reader of a report uses, with a PNG at twice the screen size
_BUTTONS_REMOVED = [
    "select2d",
    "lasso2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverCompareCartesian",
    "hoverClosestCartesian",
]


def safe_name(name: str) -> str:
    """A file name without path separators or characters spreadsheets and browsers refuse."""
    cleaned = re.sub(r'[\\/:*?"<>|\s]+', "_", str(name)).strip("._")
    return cleaned or "chart"


def plotly_config(name: str) -> dict:
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": _BUTTONS_REMOVED,
        "toImageButtonOptions": {"format": "png", "filename": safe_name(name), "scale": 2},
    }


def rows(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel downloads of a table's rows, built only when a button is clicked."""
    downloads.buttons(lambda: frame, safe_name(name), key=key)


def chart(fig: go.Figure, frame: pd.DataFrame, name: str, key: str) -> None:
    """Draw `fig` (its last month marked when it is still running); below it, CSV and Excel downloads of
    `frame` (what the chart draws)."""
    st.plotly_chart(markup.plain_figure(filters.mark_running_month(fig)), key=key, config=plotly_config(name))
    with st.expander(tr("chart.data", n=len(frame))):
        st.caption(tr("chart.image_hint"))
        rows(frame, name, key=f"{key}_chartdata")
