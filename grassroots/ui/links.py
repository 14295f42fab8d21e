"""Open a centre's profile (中心画像, pages/centre.py) from any page: a table, the map, a button.

    from grassroots.ui import links

    links.open_centre(centre_id)      # e.g. when a map point or a chart bar is selected
    links.centre_table(view, centre_ids, key="svc_by_centre")   # a table; choosing a row opens it
    links.page_link(tr("nav.tickets"), "pages/tickets.py", key=..., state={"tk_tab": ...})  # another page

`open_centre` remembers the centre in st.session_state[PROFILE_KEY] and switches page; the profile's
centre picker reads it (and keeps it in the URL as ?centre_profile=..., so a profile can be shared). Call it
from the script body, not from a widget callback (st.switch_page does not work inside callbacks).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from grassroots.ui.text import tr

PROFILE_KEY = "centre_profile"
PROFILE_PAGE = "pages/centre.py"


def open_centre(centre_id: str | None) -> None:
    """Show the profile of `centre_id` (does nothing for an empty id)."""
    if centre_id is None or (isinstance(centre_id, float) and pd.isna(centre_id)) or str(centre_id) == "":
        return
    st.session_state[PROFILE_KEY] = str(centre_id)
    # Every parameter in the URL is bound to a widget (filters, language, this centre), and switch_page
    # refuses to clear bound parameters; handing it an empty set lets the widgets write them back on
    # the profile's run, so the filters come along.
    st.switch_page(PROFILE_PAGE, query_params={})


def centre_table(frame: pd.DataFrame, centre_ids: Iterable[str], key: str, **dataframe_kwargs) -> None:
    """st.dataframe of `frame` (one row per centre, in the order of `centre_ids`) where selecting a row
    opens that centre's profile. Extra keyword arguments go to st.dataframe (column_config, height ...)."""
    ids = list(centre_ids)
    if len(ids) != len(frame):
        raise ValueError(f"centre_table {key}: {len(ids)} centre ids for {len(frame)} rows")
    st.caption(tr("links.pick_row"))
    dataframe_kwargs.setdefault("hide_index", True)
    event = st.dataframe(frame, key=key, on_select="rerun", selection_mode="single-row", **dataframe_kwargs)
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    if rows and 0 <= rows[0] < len(ids):
        open_centre(ids[rows[0]])


def open_page(page: str, state: dict | None = None) -> None:
    """Switch to `page` (e.g. "pages/tickets.py") with the same filters, first setting `state` (e.g. the
    tab to open: {"tk_tab": "办理时效"}). Call it from the script body, as `open_centre`."""
    for key, value in (state or {}).items():
        st.session_state[key] = value
    st.switch_page(page, query_params={})  # the filters' widgets write their parameters back there


def page_link(label: str, page: str, key: str, state: dict | None = None, help: str | None = None) -> None:
    """A small link-like button "→ 诉求办理" that opens `page` (and its tab, via `state`) with the same filters."""
    if st.button(f"→ {label}", key=key, type="tertiary", help=help):
        open_page(page, state)
