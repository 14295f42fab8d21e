"""The overview's offer of the report for its filters: the same report as `python -m grassroots report`
(grassroots/report), built when a button is clicked, audited."""

from __future__ import annotations

import functools

import streamlit as st

from grassroots.report import build, files, layout
from grassroots.report.period import of_window
from grassroots.ui import data, downloads
from grassroots.ui.text import lang, tr

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
ICONS = {"docx": "📝", "pdf": "🖨️", "xlsx": "📊", "json": "🧾"}


def scope_of(params: dict) -> str:
    """The report's scope code for the page's (clamped) filter parameters."""
    return f"centre:{params['centre_id']}" if params.get("centre_id") else (params.get("region") or "")


def report_for(f, L: str) -> dict:
    return build.build(
        data.query,
        of_window(f.kind, f.window.start, f.window.end),
        scope_of(f.params()),
        L,
        as_of=f.as_of,
        extras=files.extras(),
    )


def _render(f, fmt: str, L: str) -> bytes:
    return files.render(report_for(f, L), fmt, L)


def offer(f) -> None:
    L = lang()
    period = of_window(f.kind, f.window.start, f.window.end)
    scope = scope_of(f.params())
    name = build.scope_name(data.query, scope, L)
    stem = layout.file_stem(
        {"scope": {"name": name}, "period": {"label": period.label(L), "kind": period.kind, "text": period.text}}, L
    )
    st.subheader(tr("overview.report"), help=tr("overview.report_help"))
    refused = build.outside_data(data.query, period, f.as_of.date(), L)
    if refused is not None:  # a shared link's window the data does not reach: no report of zeros
        st.info(refused.message(L))
        return
    st.caption(tr("overview.report_caption", title=f"{name}{period.label(L)}{period.report_name(L)}"))
    cols = st.columns(len(files.FORMATS))
    for col, fmt in zip(cols, ("docx", "pdf", "xlsx", "json")):
        downloads.button(
            tr(f"overview.report_{fmt}"),
            functools.partial(_render, f, fmt, L),
            f"{stem}.{fmt}",
            MIME[fmt],
            f"overview_report_{fmt}",
            icon=ICONS[fmt],
            where=col,
        )
