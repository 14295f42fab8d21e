"""The app's frame: the language switch, the data-as-of line, and the guard that keeps tracebacks
off the screen."""

from __future__ import annotations

import contextlib
import logging

import pandas as pd
import streamlit as st

from grassroots import db, trouble
from grassroots.errors import Refused
from grassroots.ui import data
from grassroots.ui.text import LANG_KEY, default_for, follow_language, lang, tr

log = logging.getLogger("grassroots")


def language_switch() -> str:
    chosen = st.sidebar.segmented_control(
        "语言 / Language",
        ["zh", "en"],
        key=LANG_KEY,
        bind="query-params",
        default=default_for(LANG_KEY, "zh"),  # kept through a sign-out (signin.end)
        required=True,
        format_func=lambda v: {"zh": "中文", "en": "English"}[v],
    )
    follow_language(chosen or "zh")  # the other widgets show their values in the new language at once
    return chosen


def _when(ts) -> str:
    if ts is None or pd.isna(ts):
        return tr("asof.never")
    return pd.Timestamp(ts).strftime("%Y-%m-%d %H:%M")


def as_of_text() -> str:
    """How recent the data is: the newest record and the last import."""
    row = data.query("common/data_as_of").iloc[0]
    if row["newest_record"] is None or pd.isna(row["newest_record"]):
        return tr("asof.empty")
    return tr("asof.line", newest=_when(row["newest_record"]), last=_when(row["last_import"]))


def as_of_line() -> None:
    st.sidebar.caption(as_of_text())


@contextlib.contextmanager
def guard():
    """Any error a page raises becomes a message; the traceback goes to the server log only. A full
    disk, a damaged database file or a locked one is named as such (grassroots/trouble.py)."""
    try:
        yield
    except db.DatabaseBusy:
        st.warning(tr("error.busy"))
    except Refused as exc:
        st.error(exc.message(lang()))
    except Exception as exc:  # noqa: BLE001 - the last line of defence before the user's screen
        log.exception("page failed")
        which = trouble.kind(exc)
        st.error(trouble.message(which, db.resolve(None), lang(), exc) if which else tr("error.page"))
