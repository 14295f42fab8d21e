"""Who is looking: the signed-in user of this session and what the role may see."""

from __future__ import annotations

import streamlit as st

USER_KEY = "_user"
# roles that may see residents' names, phones and ID numbers unmasked
PERSONAL_ROLES = frozenset({"admin"})


def user():
    return st.session_state.get(USER_KEY)


def role() -> str | None:
    u = user()
    return getattr(u, "role", None)


def may_see_personal() -> bool:
    return role() in PERSONAL_ROLES
