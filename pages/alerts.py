"""预警与督办 Alerts and supervision: the alert rules firing in the user's area (since when, acknowledged
by whom) and the 督办 list with its 督办单 downloads."""

import re

import streamlit as st

from grassroots import alerts, supervision
from grassroots.alerts import store as alert_store
from grassroots.alerts import view
from grassroots.report import supervision_sheet
from grassroots.ui import data, downloads, filters, session
from grassroots.ui.text import lang, tr

f = filters.current()
L = lang()
st.title(tr("alerts.title"), help=tr("alerts.rules_help"))
st.caption(f.describe())
region = f.params()["region"] or ""
path = data.db_path()
alerts.refresh(path)  # nothing to do unless the data changed since the last evaluation
store = alert_store.AlertStore(alert_store.path_for(path))

tab_alerts, tab_sup = st.tabs([tr("alerts.tab.alerts"), tr("alerts.tab.supervision")])
with tab_alerts:
    firing = view.in_scope(store.open_alerts(), region)
    if not firing:
        st.info(tr("alerts.none"))
    else:
        waiting = [a for a in firing if not a.get("acknowledged_at")]
        st.caption(tr("alerts.open_n", n=len(firing), m=len(waiting)))
        st.dataframe(view.frame(firing, L), hide_index=True)
        if waiting:
            with st.form("alert_ack"):
                names = {a["alert_id"]: f"{a['unit_name']} · {a['rule_name']}" for a in waiting}
                pick = st.selectbox(tr("alerts.ack.pick"), list(names), format_func=names.get)
                note = st.text_input(tr("alerts.ack.note"), max_chars=500)
                if st.form_submit_button(tr("alerts.ack.button")):
                    user = session.user()
                    store.acknowledge(pick, user.username if user else "?", note)
                    session.audit("alert_ack", str(pick), {"note": note[:200]})
                    st.success(tr("alerts.ack.done"))
                    st.rerun()
        else:
            st.caption(tr("alerts.none_to_ack"))

with tab_sup:
    margin = supervision.margin_days()
    entries = supervision.listing(data.query, f.params(), f.as_of, L, margin)
    st.caption(tr("alerts.sup.count", at=f"{f.as_of:%Y-%m-%d %H:%M}", n=len(entries), margin=f"{margin:g}"))
    regions = data.query("common/regions")
    names = dict(zip(regions["code"], regions["name"]))
    left, right = st.columns(2)
    left.markdown(f"**{tr('alerts.sup.by_department')}**")
    left.dataframe(view.counts_frame(supervision.by_unit(entries, "department"), "department", {}, L), hide_index=True)
    right.markdown(f"**{tr('alerts.sup.by_street')}**")
    right.dataframe(
        view.counts_frame(supervision.by_unit(entries, "street_code"), "street_code", names, L), hide_index=True
    )
    st.markdown(f"**{tr('alerts.sup.list')}**")
    st.dataframe(view.supervision_frame(entries[:2000], L), hide_index=True)
    unit = re.sub(r"\s*·\s*", "", f.region_name or tr("filter.all"))
    a, b = st.columns(2)
    downloads.button(
        tr("alerts.sup.download_docx"),
        lambda: supervision_sheet.docx(entries, unit, f.as_of, L),
        f"{unit}_督办单.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "sup_docx",
        "📝",
        a,
    )
    downloads.button(
        tr("alerts.sup.download_xlsx"),
        lambda: supervision_sheet.workbook(entries, unit, f.as_of, L),
        f"{unit}_督办单.xlsx",
        downloads.XLSX,
        "sup_xlsx",
        "📊",
        b,
    )
