"""数据导入 Import: upload exports, see what each file changed, download the problems."""

import tempfile
from pathlib import Path

import streamlit as st

from grassroots import config, ingest
from grassroots.ingest import report as rpt
from grassroots.ui import data, downloads, session, signin, widgets
from grassroots.ui.text import lang, tr

if not session.may("import"):  # the navigation hides this page from other roles; a direct run stops here
    st.error(tr("admin.no_access_import"))
    st.stop()

st.title(tr("import.title"))
st.caption(tr("import.intro"))

max_mb = config.app().import_max_mb
# .xls is accepted here so that the import refuses it in the UI's language, with advice
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet", "json", "geojson", "zip"]
files = st.file_uploader(
    tr("import.files"),
    accept_multiple_files=True,
    help=tr("import.files_help", mb=max_mb),
    type=UPLOAD_TYPES,
    key="import_files",
)
widgets.uploader_words("import_files", max_mb, UPLOAD_TYPES)
profiles = ingest.profiles.load_all()
labels = ingest.profiles.labels(profiles)
profile = st.selectbox(
    tr("import.profile"),
    ["auto"] + list(profiles),
    key="import_profile",
    format_func=lambda p: tr("import.profile_auto") if p == "auto" else labels.get(p, p),
)
accept_valid = st.checkbox(tr("import.accept_valid"), key="import_accept_valid", help=tr("import.accept_valid_help"))

if st.button(tr("import.run"), type="primary", disabled=not files, key="import_run"):
    bar = st.progress(0.0, text=tr("import.running"))
    was_demo = signin.is_demo()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, up in enumerate(files):
            p = Path(tmp) / f"{i:03d}_{Path(up.name).name}"
            p.write_bytes(up.getbuffer())
            paths.append(p)
        reports = ingest.import_files(
            paths,
            db=data.db_path(),
            profile=None if profile == "auto" else profile,
            accept_valid=accept_valid,
            progress=lambda done, total, label="": bar.progress(min(1.0, done / total if total else 0.0), text=label),
            original_names=[up.name for up in files],
            lang=lang(),
            max_bytes=max_mb * 2**20,
        )
    st.session_state["import_demo_off"] = session.audit_import(reports, was_demo)
    bar.progress(1.0, text=tr("import.done"))
    data.after_import(reports)  # every page shows the new numbers at once; nothing loaded: caches kept
    st.session_state["import_reports"] = reports

if st.session_state.get("import_demo_off"):
    st.warning(tr("import.demo_off"))
reports = st.session_state.get("import_reports")
if reports:
    refused = sum(r.status == "refused" for r in reports)
    already = sum(r.status == "already_imported" for r in reports)
    loaded = sum(r.loaded for r in reports)
    if loaded or refused or not already:
        (st.error if refused else st.success)(
            tr(
                "import.result",
                loaded=loaded,
                refused=refused,
                new=sum(r.new or 0 for r in reports),
                updated=sum(r.updated or 0 for r in reports),
                unchanged=sum(r.unchanged or 0 for r in reports),
            )
        )
    if already:
        st.info(tr("import.already", n=already))
    for r in reports:
        st.text(ingest.human(r, lang(), max_lines=5, profile_labels=labels))
    problems = ingest.report_frame(reports)
    if len(problems):
        shown = rpt.labelled_frame(problems, lang())
        st.subheader(tr("import.errors"), help=tr("import.errors_help"))
        st.dataframe(shown, hide_index=True)
        downloads.buttons(shown, "import_report", key="import_errors")

st.subheader(tr("import.log"))
log = data.query("common/import_log", {"limit": 50})
if log.empty:
    st.caption(tr("import.log_empty"))
else:
    st.dataframe(rpt.log_frame(log, lang(), labels), hide_index=True)
