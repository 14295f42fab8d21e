"""The interface language of this session, and strings in it."""

from __future__ import annotations

import streamlit as st

from grassroots import config, i18n

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY) or config.app().default_language
    return value if value in i18n.LANGUAGES else "zh"


def tr(key: str, **fmt) -> str:
    return i18n.t(key, lang(), **fmt)


def duration_header(label: str, unit: str) -> str:
    """A duration column's header with its unit (grassroots.durations): 中位数（天）."""
    return tr(f"unit.col.{unit}", label=label)
