"""Every download of the app goes through `button`: the file is built only when the signed-in user
clicks, for that session, and each one is written to the audit log.

Nothing is stored when a page is drawn: the button holds a function (Streamlit's deferred download),
so no file sits at a /media/ address for whoever learns it. On the click, the session's browser asks
over its own connection for the file to be built; the function checks that the account that drew the
button may still sign in, writes the audit row (who, role, file, from where) and builds the file. The
built file is dropped by Streamlit's clean-up after the next runs of the app.

`buttons` offers exactly the rows a table shows as CSV (safe against spreadsheet formula injection)
and .xlsx; personal columns are masked unless the role may see them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import PurePath

import pandas as pd
import streamlit as st

from grassroots import auth, db, exports, privacy
from grassroots.auth import audit as audit_log
from grassroots.ui import session
from grassroots.ui.text import tr

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DownloadRefused(PermissionError):
    """The session that drew the button may no longer download (signed out, account changed)."""


def on_click(build: Callable[[], bytes | str], file_name: str) -> Callable[[], bytes | str]:
    """`build` bound to this session's user, checked and audited when it runs (on the click)."""
    u = session.user()
    where = session.client()
    path = db.resolve(None)
    settings = auth.settings()

    def make():
        if u is None:
            raise DownloadRefused("nobody is signed in")
        detail = {"format": PurePath(file_name).suffix.lstrip("."), **({"where": where} if where else {})}
        reason = None
        if u.method != "demo":
            reason = auth.still_valid(u, auth.Store.for_db(path).account(u.username), False)
        if reason is None and time.time() - u.signed_in_at > settings.max_hours * 3600:
            reason = "max"
        audit_log.record(
            path,
            u.username,
            "export",
            file_name,
            {**detail, **({"refused": reason} if reason else {})},
            reason is None,
            u.role,
        )
        if reason is not None:
            raise DownloadRefused(f"{u.username}: {reason}")
        return build()

    return make


def button(
    label: str,
    build: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    key: str,
    icon: str | None = None,
    where=st,
) -> None:
    """One download button: `build()` makes the file's contents on the click (see the module's text).
    `where`: a column or container to draw it in."""
    where.download_button(
        label,
        on_click(build, file_name),
        file_name=file_name,
        mime=mime,
        key=key,
        icon=icon,
        on_click="rerun",  # the run after the click lets the clean-up drop the built file
    )


def buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str) -> None:
    """CSV and .xlsx of `frame` (or of what the function `frame` returns, called on the click)."""
    personal = session.may_see_personal()
    get = frame if callable(frame) else (lambda: frame)
    left, right = st.columns(2)
    button(
        tr("common.download_csv"),
        lambda: exports.to_csv_bytes(privacy.mask_frame(get(), personal)),
        f"{name}.csv",
        "text/csv",
        f"{key}_csv",
        where=left,
    )
    button(
        tr("common.download_xlsx"),
        lambda: exports.to_xlsx_bytes(privacy.mask_frame(get(), personal), sheet=name[:31]),
        f"{name}.xlsx",
        XLSX,
        f"{key}_xlsx",
        where=right,
    )
