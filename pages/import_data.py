"""数据导入 Import: upload exports, see the report per file, download the errors."""

import tempfile
from pathlib import Path

import streamlit as st

from grassroots import ingest
from grassroots.auth import audit
from grassroots.ui import data, downloads, session
from grassroots.ui.text import lang, tr

if not session.may("import"):  # the navigation hides this page from other roles; a direct run stops here
    st.error(tr("admin.no_access_import"))
    st.stop()

st.title(tr("import.title"))
st.caption(tr("import.intro"))

files = st.file_uploader(tr("import.files"), accept_multiple_files=True,
                         type=["csv", "txt", "xlsx", "parquet", "json", "geojson"], key="import_files")
profiles = ["auto"] + list(ingest.profiles.load_all())
profile = st.selectbox(tr("import.profile"), profiles, key="import_profile",
                       format_func=lambda p: tr("import.profile_auto") if p == "auto" else p)
accept_valid = st.checkbox(tr("import.accept_valid"), key="import_accept_valid", help=tr("import.accept_valid_help"))

if st.button(tr("import.run"), type="primary", disabled=not files, key="import_run"):
    bar = st.progress(0.0, text=tr("import.running"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, up in enumerate(files):
            p = Path(tmp) / f"{i:03d}_{Path(up.name).name}"
            p.write_bytes(up.getbuffer())
            paths.append(p)
        reports = ingest.import_files(
            paths, db=data.db_path(), profile=None if profile == "auto" else profile, accept_valid=accept_valid,
            progress=lambda done, total, label="": bar.progress(min(1.0, done / total if total else 0.0), text=label),
            original_names=[up.name for up in files], lang=lang(),
        )
    session.audit("import", audit.import_target(reports), audit.import_detail(reports),
                  ok=all(r.status != "refused" for r in reports))
    bar.progress(1.0, text=tr("import.done"))
    data.clear()  # every page shows the new numbers at once
    st.session_state["import_reports"] = reports

reports = st.session_state.get("import_reports")
if reports:
    refused = sum(r.status == "refused" for r in reports)
    (st.error if refused else st.success)(tr("import.result", loaded=len(reports) - refused, refused=refused))
    for r in reports:
        st.text(ingest.human(r, lang(), max_lines=5))
    errors = ingest.report_frame(reports)
    if len(errors):
        st.subheader(tr("import.errors"))
        st.dataframe(errors, hide_index=True)
        downloads.buttons(errors, "import_errors", key="import_errors")

st.subheader(tr("import.log"))
st.dataframe(data.query("common/import_log", {"limit": 50}), hide_index=True)
