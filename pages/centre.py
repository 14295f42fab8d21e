"""中心画像 Centre profile: one centre's facts, every metric of the period beside the median of its
peers (centres of the same type), and its trend. Opened from any table or the map via
grassroots.ui.links.open_centre."""

import datetime as dt

import pandas as pd
import streamlit as st

from grassroots import charts_activity, codes, config, durations, markup
from grassroots.metrics import centres
from grassroots.ui import data, filters, links
from grassroots.ui.chart_downloads import chart, rows
from grassroots.ui.text import duration_header, in_language, lang, tr, tr_md

f = filters.current()
cfg = config.app()
st.title(tr("centre.title"))

every = f.scope.rows(data.query("common/centres"))  # a link naming a centre outside the user's scope finds nothing
if every.empty:
    st.info(tr("centre.no_centres"))
    st.stop()
names = dict(zip(every.centre_id, every.name))
pool = every[every.community_code.str.startswith(f.region)]
if f.centre_type:
    pool = pool[pool.type == f.centre_type]
if f.pilot_batch:
    pool = pool[pool.pilot_batch == f.pilot_batch]
options = pool.centre_id.tolist()
chosen = st.session_state.get(links.PROFILE_KEY)
if chosen not in names:
    chosen = f.centre_id or (options[0] if options else every.centre_id.iloc[0])
    st.session_state[links.PROFILE_KEY] = chosen
if chosen not in options:
    options = [chosen] + options  # opened from elsewhere: keep it even outside the filters
cid = st.selectbox(
    tr("centre.pick"),
    options,
    key=links.PROFILE_KEY,
    bind="query-params",
    format_func=in_language(lambda c, tr: names.get(c, c)),
    help=tr("centre.pick_help"),
)

facts = data.query("centre/facts", {"profile_centre": cid})
if facts.empty:
    st.warning(tr_md("centre.unknown", centre=cid))
    st.stop()
c = facts.iloc[0]
end = f.window.end - dt.timedelta(days=1)
ctype = codes.label("centre_type", c.type, lang())
st.caption(
    " · ".join(markup.md(x) for x in (c.district, c.street, c.community, ctype) if pd.notna(x))
    + f" · {f.window.start:%Y-%m-%d} – {end:%Y-%m-%d}"
)

st.subheader(tr("centre.facts"))
text = {k: (str(v) if pd.notna(v) else "—") for k, v in c.items()}
facts_shown = [
    (tr("centre.status"), codes.label("centre_status", text["status"], lang())),
    (tr("centre.floor_area"), centres.fmt("count", c.floor_area_m2) + " m²"),
    (
        tr("centre.office_area"),
        centres.fmt("count", c.office_area_m2)
        + " m²"
        + (f"（{centres.fmt('share', c.office_share)}）" if pd.notna(c.office_share) else ""),
    ),
    (tr("centre.staff"), centres.fmt("count", c.staff)),
    (tr("centre.pilot_batch"), text["pilot_batch"] + (f" · {text['programme']}" if pd.notna(c.programme) else "")),
    (tr("centre.opened_on"), text["opened_on"][:10]),
    (tr("centre.opening_hours"), text["opening_hours"]),
    (tr("centre.extended_hours"), text["extended_hours"]),
    (
        tr("centre.population"),
        tr(
            "centre.population_value",
            area=c.served_name or "—",
            residents=centres.fmt("count", c.residents),
            floating=centres.fmt("count", c.floating),
        ),
    ),
    (tr("centre.listed"), centres.fmt("count", c.listed_items)),
]
for col, part in zip(st.columns(3), (facts_shown[0:4], facts_shown[4:7], facts_shown[7:])):
    col.markdown("  \n".join(f"**{markup.md(label)}**：{markup.md(value)}" for label, value in part))
st.caption(tr("centre.office_share_help"))

# --- every metric beside the peers' median --------------------------------------------------------------
peer_params = {
    **f.params(),
    "region": "",
    "centre_id": None,
    "centre_type": c.type,
    "pilot_batch": None,
    "ext_spans": centres.extended_spans(cfg),
    "with_floating": False,
}
frames = [data.query(q, peer_params) for q in dict.fromkeys(m.source for m in centres.PROFILE_METRICS)]
peers = frames[0][["centre_id"]]
for fr in frames:
    peers = peers.merge(
        fr[["centre_id"] + [m.key for m in centres.PROFILE_METRICS if m.key in fr.columns]], on="centre_id", how="outer"
    )
tol = config.peers()
cmp = centres.peer_comparison(peers, cid, tolerance_pp=tol.pp, tolerance_pct=tol.pct)
n_peers = int((peers.centre_id != cid).sum())
st.subheader(
    tr("centre.vs_peers"), help=tr_md("centre.vs_peers_help", type=ctype, pp=f"{tol.pp:g}", pct=f"{tol.pct:g}")
)
st.caption(tr_md("centre.peers_caption", type=ctype, n=n_peers))
diffs = [centres.fmt_difference(d, u) for d, u in zip(cmp["diff"], cmp.diff_unit)]
view = pd.DataFrame(
    {
        tr("centre.col.metric"): [tr(f"metric.{k}") for k in cmp.key],
        tr("centre.col.value"): [centres.fmt(k, v) for k, v in zip(cmp.kind, cmp.value)],
        tr("centre.col.peer_median"): [centres.fmt(k, v) for k, v in zip(cmp.kind, cmp.peer_median)],
        tr("centre.col.vs_peers"): diffs,
        tr("centre.col.standing"): [tr(f"centre.standing.{s}") if isinstance(s, str) else "—" for s in cmp.standing],
    }
)
left, right = st.columns([3, 2])
with left:
    st.dataframe(view, hide_index=True, height=35 * (len(view) + 1) + 3)
    rows(view, tr("centre.vs_peers_file", name=c["name"]), key="centre_vs_peers_dl")
with right:
    # one chart per unit: percentage points of the shares, percent of the median for the rest
    for unit, axis_key in (("%", "centre.axis.vs_peers_pct"), ("pp", "centre.axis.vs_peers_pp")):
        has = (cmp["diff"].notna() & (cmp.diff_unit == unit)).to_numpy()
        if not has.any():
            continue
        axis = tr(axis_key)
        shown = pd.DataFrame(
            {
                tr("centre.col.metric"): view[tr("centre.col.metric")][has].to_numpy(),
                axis: cmp["diff"][has].round(1).to_numpy(),
                tr("centre.col.vs_peers"): view[tr("centre.col.vs_peers")][has].to_numpy(),
                tr("centre.col.standing"): view[tr("centre.col.standing")][has].to_numpy(),
            }
        )
        chart(
            charts_activity.vs_peers(
                shown.assign(_s=cmp.standing[has].to_numpy()),
                tr("centre.col.metric"),
                axis,
                "_s",
                text=tr("centre.col.vs_peers"),
            ),
            shown,
            tr("centre.vs_peers_chart", name=c["name"]) + f" · {axis}",
            key="centre_vs_peers" + ("_pp" if unit == "pp" else ""),
        )

# --- trend ----------------------------------------------------------------------------------------------
st.subheader(tr("centre.trend"), help=tr("centre.trend_help"))
last_month = (f.window.end - dt.timedelta(days=1)).replace(day=1)
trend_from = (pd.Timestamp(last_month) - pd.DateOffset(months=23)).date()
own = {**f.params(), "date_from": trend_from, "region": "", "centre_id": cid, "centre_type": None, "pilot_batch": None}
act = data.query("activities/by_month", own).groupby("month", as_index=False)[["activities", "person_visits"]].sum()
svc = data.query("services/by_month", own)
svc = svc.assign(online=svc.services.where(svc.channel.isin(["网上办", "掌上办"]), 0))
svc = svc.groupby("month", as_index=False)[["services", "online", "rated", "satisfied"]].sum()
vol = data.query("volunteers/by_month", own)[["month", "hours"]]
months = pd.DataFrame({"month": pd.date_range(trend_from, f.window.end - dt.timedelta(days=1), freq="MS").date})
trend = (
    months.merge(act.assign(month=pd.to_datetime(act.month).dt.date), on="month", how="left")
    .merge(svc.assign(month=pd.to_datetime(svc.month).dt.date), on="month", how="left")
    .merge(vol.assign(month=pd.to_datetime(vol.month).dt.date), on="month", how="left")
)
trend["online_share"] = trend.online / trend.services.where(trend.services > 0)
trend["satisfaction_rate"] = trend.satisfied / trend.rated.where(trend.rated > 0)
trend = trend.rename(columns={"hours": "volunteer_hours"})
choices = ["activities", "person_visits", "services", "online_share", "satisfaction_rate", "volunteer_hours"]
pick = (
    st.segmented_control(
        tr("centre.trend_pick"),
        choices,
        default="services",
        required=True,
        format_func=in_language(lambda k, tr: tr(f"metric.{k}")),
        key="centre_trend_metric",
    )
    or "services"
)
is_rate = pick in ("online_share", "satisfaction_rate")
label = tr(f"metric.{pick}") + (" (%)" if is_rate else "")
view = pd.DataFrame(
    {
        tr("act.col.month"): pd.to_datetime(trend.month).dt.strftime("%Y-%m"),
        label: (trend[pick] * 100).round(2) if is_rate else trend[pick].fillna(0),
    }
)
chart(
    charts_activity.lines(view, tr("act.col.month"), [label]),
    view,
    tr("centre.trend_file", name=c["name"], metric=tr(f"metric.{pick}")),
    key="centre_trend",
)

# --- the centre's items ---------------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(tr("centre.processing"), help=tr("svc.processing_help", n=cfg.min_n))
    proc = data.query(
        "services/processing_time",
        {**f.params(), "region": "", "centre_id": cid, "centre_type": None, "pilot_batch": None},
    )
    view = durations.tabulate(
        pd.DataFrame(
            {
                tr("svc.col.item"): centres.item_labels(proc.item_name, proc.item_code),
                tr("svc.col.finished"): proc.finished,
                "median_hours": proc.median_hours,
                "p90_hours": proc.p90_hours,
                tr("svc.col.enough"): proc.finished >= cfg.min_n,
            }
        ),
        {"median_hours": tr("svc.col.median"), "p90_hours": tr("svc.col.p90")},
        duration_header,
    )
    st.dataframe(view, hide_index=True, height=320)
    rows(view, tr("centre.processing_file", name=c["name"]), key="centre_processing_dl")
with right:
    st.subheader(tr("centre.unused"), help=tr("svc.unused_help"))
    unused = data.query(
        "services/unused_items",
        {**f.params(), "region": "", "centre_id": cid, "centre_type": None, "pilot_batch": None},
    )
    if unused.empty:
        st.success(tr("centre.unused_none"))
    else:
        view = pd.DataFrame(
            {
                tr("svc.col.item"): unused.item_name,
                tr("act.col.category"): codes.series("service_category", unused.category, lang()),
                tr("svc.col.list_kind"): codes.series("service_list_kind", unused.list_kind, lang()),
            }
        )
        st.dataframe(view, hide_index=True, height=320)
        rows(view, tr("centre.unused_file", name=c["name"]), key="centre_unused_dl")
