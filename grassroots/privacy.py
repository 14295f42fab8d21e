"""Masking of personal data (docs/domain.md): phone 180****1999, ID first 6 + last 4, names keep the
surname, addresses to the community."""

from __future__ import annotations

import re

import pandas as pd

# two-character compound surnames that must stay whole
_COMPOUND = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
)


def mask_phone(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return v
    if re.fullmatch(r"\d{3}\*+\d{4}", str(v)):
        return v  # already masked
    s = re.sub(r"\D", "", str(v))
    if len(s) < 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def mask_id(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return v
    s = str(v).strip()
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


def mask_name(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return v
    s = str(v).strip()
    if not s:
        return s
    if re.fullmatch(r"[A-Za-z .'-]+", s):  # western name: keep the family name (last word)
        parts = s.split()
        return " ".join(["*"] * (len(parts) - 1) + parts[-1:]) if len(parts) > 1 else s[0] + "*" * (len(s) - 1)
    keep = 2 if s[:2] in _COMPOUND else 1
    return s[:keep] + "*" * max(1, len(s) - keep)


_COMMUNITY = re.compile(r"^(.*?(?:社区|村委会|村|居委会))")


def mask_address(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return v
    m = _COMMUNITY.match(str(v))
    return (m.group(1) + "***") if m else "***"


MASKS = {
    "reporter_name": mask_name,
    "reporter_phone": mask_phone,
    "reporter_id_number": mask_id,
    "reporter_address": mask_address,
}


def mask_frame(df: pd.DataFrame, may_see_personal: bool) -> pd.DataFrame:
    """A copy of `df` with every personal column masked, unless the role may see personal data."""
    if may_see_personal:
        return df
    cols = [c for c in df.columns if c in MASKS]
    if not cols:
        return df
    out = df.copy()
    for c in cols:
        out[c] = out[c].map(MASKS[c])
    return out
