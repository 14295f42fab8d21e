"""The interface language of this session, and strings in it."""

from __future__ import annotations

import streamlit as st

from grassroots import config, i18n, markup

LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY) or config.app().default_language
    return value if value in i18n.LANGUAGES else "zh"


def tr(key: str, **fmt) -> str:
    return i18n.t(key, lang(), **fmt)


def tr_md(key: str, **fmt) -> str:
    """`tr` for markdown (headings, captions, alerts, labels, help tips): the values filled in - names
    and text from the data - are escaped, so they show as written (grassroots/markup.py)."""
    return i18n.t(key, lang(), **{k: markup.md(v) if isinstance(v, str) else v for k, v in fmt.items()})


def duration_header(label: str, unit: str) -> str:
    """A duration column's header with its unit (grassroots.durations): 中位数（天）."""
    return tr(f"unit.col.{unit}", label=label)


def in_language(format_func):
    """A widget's format_func `format_func(value, tr)` with `tr` bound to this run's language:
    Streamlit (and AppTest) may call it after the run, when the session's language is out of reach.

        st.selectbox(label, keys, format_func=in_language(lambda k, tr: tr(f"tickets.dim.{k}")))
    """
    bound = lang()

    def say(key: str, **fmt) -> str:
        return i18n.t(key, bound, **fmt)

    return lambda value: format_func(value, say)


def segmented(label: str, options, key: str, words: str, default=None, where=None, **kwargs):
    """A required segmented control whose options read as tr(f"{words}.{option}"); `default` (or the
    first option) when nothing is chosen yet. `where`: a column or container (st by default)."""
    options = list(options)
    if default is not None:
        kwargs["default"] = default
    control = (where or st).segmented_control(
        label,
        options,
        key=key,
        required=True,
        format_func=in_language(lambda o, tr: tr(f"{words}.{o}")),
        **kwargs,
    )
    return control or (default if default is not None else options[0])


# widgets whose value is the label they show (st.tabs has no format_func): key -> the prefix of its strings
LABEL_STATES = {"tk_tab": "tickets.tab."}
# widgets that hold what they show as text in the browser, by their state's class (chart and table
# selections, buttons and uploads are never handed a value: Streamlit refuses it)
_CHOICE_WIDGETS = {
    "SelectboxSerde",
    "MultiSelectSerde",
    "RadioSerde",
    "SelectSliderSerde",
    "_TabsSerde",
    "_SingleSelectButtonGroupSerde",
    "_MultiSelectButtonGroupSerde",
}
SHOWN_KEY = "_lang_shown"


def default_for(key: str, value):
    """A keyed widget's `default=`: `value`, or None once the session holds the widget's value. follow_language sets
    those values through the Session State API, and Streamlit warns in the server's log (on every language switch)
    about a widget given both."""
    return None if key in st.session_state else value


def follow_language(now: str) -> None:
    """After a language switch, hand every widget of the last run its value again.

    A selectbox or segmented control keeps, in the browser, the words it showed (its value as
    formatted then); told nothing, it goes on showing them after the switch. Its value read here
    still goes through the last run's format, so it is the stable key; setting it again makes the
    widget show that key in the new language at once. Call before any widget but the switch itself.
    """
    before = st.session_state.get(SHOWN_KEY)
    st.session_state[SHOWN_KEY] = now
    if before is None or before == now:
        return
    from streamlit.runtime.state.session_state_proxy import get_session_state

    state = get_session_state()._state
    for key in list(st.session_state.keys()):
        if key in (LANG_KEY, SHOWN_KEY) or not isinstance(key, str):
            continue
        wid = state._key_id_mapper.get_id_from_key(key)
        meta = state._new_widget_state.widget_metadata.get(wid) if wid else None
        serde = type(getattr(getattr(meta, "deserializer", None), "__self__", None)).__name__
        if serde not in _CHOICE_WIDGETS:
            continue
        try:
            value = st.session_state[key]
        except (KeyError, ValueError):
            continue
        if key in LABEL_STATES and isinstance(value, str):
            prefix = LABEL_STATES[key]
            known = [k for k, v in i18n.table().items() if k.startswith(prefix) and v.get(before) == value]
            value = i18n.t(known[0], now) if known else value
        st.session_state[key] = value


def cards_per_row(per_row: int) -> int:
    """How many metric cards to a row: English labels are wider, one card fewer keeps them whole at 1366 px."""
    return per_row if lang() == "zh" else max(per_row - 1, 1)
