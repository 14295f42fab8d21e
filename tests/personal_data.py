"""A copy of the tiny database whose every personal column (grassroots/schema/personal.toml) holds a
recognisable value, and a finder for those values in any frame."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from grassroots import privacy

NAME, PHONE, IDNO, ROOM = "龙傲天", "13987654321", "530111199001019876", "9栋9单元909"
SENTINELS = (NAME, PHONE, IDNO, ROOM)
VALUES = {
    "name": NAME,
    "phone": PHONE,
    "id": IDNO,
    "address": "关上街道小街社区" + ROOM,
    "free_text": f"请回电{PHONE}，身份证{IDNO}",
}


def leaks(frame: pd.DataFrame) -> list[str]:
    """The cells of `frame` that show a personal value as it was stored."""
    out = []
    for col in frame.columns:
        for v in frame[col].dropna().astype(str).unique():
            if any(s in v for s in SENTINELS):
                out.append(f"{col}={v}")
    return out


def build(tiny_db: Path, path: Path) -> Path:
    """The tiny database (and three wishes) with every personal column of every row holding a known value (free text
    and identifiers keep a row number, so keys stay unique)."""
    shutil.copy(tiny_db, path)
    cat = privacy.catalogue()
    con = duckdb.connect(str(path))
    try:
        # the tiny database has no wishes: three, claimed by people in October
        con.execute(
            "insert into wishes (wish_id, community_code, raised_on, category, claimed_on, status) "
            "select 'W-' || i, (select min(community_code) from tickets), date '2026-10-05', '生活帮扶', "
            "date '2026-10-06', '已认领' from range(3) r(i)"
        )
        for table in cat.tables:
            for column, entry in cat.personal(table).items():
                suffix = " || '#' || cast(rowid as varchar)" if entry.kind == "free_text" else ""
                con.execute(f'update "{table}" set "{column}" = $v{suffix}', {"v": VALUES[entry.kind]})
                if entry.named_when:  # every claimer a person
                    con.execute(f'update "{table}" set "{entry.named_when[0]}" = $v', {"v": "党员"})
    finally:
        con.close()
    return path
