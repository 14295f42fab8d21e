"""The assessment page's list of filed results (`python -m grassroots assess --archive`): what was filed,
when, by whom, under which indicator system (its checksum), and whether the filing is intact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from grassroots.assessment import archive
from grassroots.ui.text import tr


def frame(rows: list[dict], store: archive.Archive) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("asm.archive.col.id"): [r["filed_id"] for r in rows],
            tr("asm.archive.col.filed_at"): [r["filed_at"] for r in rows],
            tr("asm.archive.col.by"): [r["filed_by"] for r in rows],
            tr("asm.archive.col.system"): [r["system_name"] for r in rows],
            tr("asm.archive.col.period"): [r["period"] for r in rows],
            tr("asm.archive.col.level"): [tr(f"asm.level_name.{r['level']}") for r in rows],
            tr("asm.archive.col.scope"): [r["scope"] or tr("filter.all") for r in rows],
            tr("asm.archive.col.checksum"): [r["system_sha256"][:12] for r in rows],
            tr("asm.archive.col.intact"): [
                tr("asm.archive.intact") if store.get(r["filed_id"])["intact"] else tr("asm.archive.changed")
                for r in rows
            ],
        }
    )


def listing(db_path: str, region: str = "") -> None:
    """The filed results inside the user's area: a filing's scope within `region` (a user of one street
    never sees another street's, nor the whole district's)."""
    path = archive.path_for(Path(db_path))
    st.subheader(tr("asm.archive.title"), help=tr("asm.archive.help"))
    if not path.exists():
        st.caption(tr("asm.archive.none"))
        return
    store = archive.Archive(path)
    rows = [r for r in store.list() if (r["scope"] or "").startswith(region or "")]
    if not rows:
        st.caption(tr("asm.archive.none"))
        return
    st.dataframe(frame(rows, store), hide_index=True)
