"""便民服务 Services: volume by item, category and channel; when people come; how satisfied they are;
which listed items nobody uses; how long each item takes; how busy each centre's staff are."""

import pandas as pd
import streamlit as st

from grassroots import charts, codes, config, durations, views
from grassroots.metrics import centres
from grassroots.ui import data, filters, links, stat_cards
from grassroots.ui.chart_downloads import chart, rows
from grassroots.ui.text import duration_header, in_language, lang, tr

f = filters.current()
cfg = config.app()
st.title(tr("svc.title"))
st.caption(f.describe())
L = lang()
p = f.params()
now = data.query("services/summary", p).iloc[0]
prev = data.query("services/summary", f.params(f.previous)).iloc[0]
stat_cards.row(views.services.cards(now, prev, cfg, tr))

if not now.services:
    st.info(tr("common.no_data"))
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(tr("svc.by_channel"), help=tr("svc.by_channel_help"))
    ch = data.query("services/by_channel", p)
    view = pd.DataFrame(
        {
            tr("svc.col.channel"): codes.series("service_channel", ch.channel, L),
            tr("kpi.services"): ch.services,
            tr("svc.col.share"): ch.share.round(4),
            tr("metric.service_extended_share"): ch.extended_share.round(4),
            tr("metric.tongban_share"): ch.tongban_share.round(4),
            tr("metric.satisfaction_rate"): ch.satisfaction_rate.round(4),
        }
    )
    chart(
        charts.activity.shares_pie(view, tr("svc.col.channel"), tr("kpi.services")),
        view,
        tr("svc.by_channel"),
        key="svc_by_channel",
    )
with right:
    st.subheader(tr("svc.by_category"), help=tr("act.by_category_help"))
    cat = data.query("services/by_category", p)
    view = pd.DataFrame(
        {
            tr("act.col.category"): codes.series("service_category", cat.category, L),
            tr("kpi.services"): cat.services,
            tr("svc.col.share"): cat.share.round(4),
            tr("svc.col.items"): cat["items"],
            tr("kpi.online_share"): cat.online_share.round(4),
            tr("metric.satisfaction_rate"): cat.satisfaction_rate.round(4),
        }
    )
    chart(
        charts.activity.hbar(view, tr("act.col.category"), tr("kpi.services")),
        view,
        tr("svc.by_category"),
        key="svc_by_category",
    )

st.subheader(tr("svc.by_month"))
month = data.query("services/by_month", p)
view = pd.DataFrame(
    {
        tr("act.col.month"): pd.to_datetime(month.month).dt.strftime("%Y-%m"),
        tr("svc.col.channel"): codes.series("service_channel", month.channel, L),
        tr("kpi.services"): month.services,
    }
)
chart(
    charts.activity.stacked(
        view,
        tr("act.col.month"),
        tr("svc.col.channel"),
        tr("kpi.services"),
        codes.series("service_channel", centres.CHANNELS, L),
    ),
    view,
    tr("svc.by_month"),
    key="svc_by_month",
)

st.subheader(tr("svc.hours"), help=tr("svc.hours_help"))
groups = st.pills(
    tr("svc.hours_channels"),
    list(centres.CHANNEL_GROUPS),
    selection_mode="multi",
    default=["window", "kiosk", "proxy"],
    format_func=in_language(lambda g, tr: tr(f"svc.group.{g}")),
    key="svc_hour_groups",
) or list(centres.CHANNEL_GROUPS)
how = data.query("services/hour_of_week", p)
how["shown"] = how[[centres.CHANNEL_GROUPS[g][0] for g in groups]].sum(axis=1)
view = pd.DataFrame(
    {
        tr("svc.col.dow"): how.dow,
        tr("svc.col.weekday"): [tr("chart.weekdays").split(",")[d - 1] for d in how.dow],
        tr("svc.col.hour"): how.hour,
        tr("kpi.services"): how.shown,
    }
)
chart(
    charts.activity.hour_of_week(
        how.rename(columns={"shown": tr("kpi.services")}),
        tr("kpi.services"),
        centres.extended_spans(cfg),
        tr("chart.weekdays").split(","),
        tr("chart.extended_spans"),
        tr("svc.col.hour"),
    ),
    view,
    tr("svc.hours"),
    key="svc_hours",
)
st.caption(tr("svc.hours_caption"))

st.subheader(tr("svc.items"), help=tr("svc.items_help"))
items = centres.items_by_total(data.query("services/by_item", p))  # one bar per item code, largest first
view = pd.DataFrame(
    {
        tr("svc.col.item"): items.label,
        tr("svc.col.item_code"): items.item_code,
        tr("act.col.category"): codes.series("service_category", items.category, L),
        tr("svc.col.list_kind"): codes.series("service_list_kind", items.list_kind, L),
        tr("kpi.services"): items.services,
        tr("kpi.online_share"): items.online_share.round(4),
        tr("metric.proxy_share"): items.proxy_share.round(4),
        tr("metric.home_share"): items.home_share.round(4),
        tr("metric.satisfaction_rate"): items.satisfaction_rate.round(4),
        tr("svc.col.centres_serving"): items.centres_serving,
        tr("svc.col.centres_listing"): items.centres_listing,
    }
)
top = view.head(20)
chart(charts.activity.hbar(top, tr("svc.col.item"), tr("kpi.services")), top, tr("svc.items_top"), key="svc_items")
with st.expander(tr("svc.items_all", n=len(view))):
    pct = {
        c: st.column_config.NumberColumn(format="percent")
        for c in (
            tr("kpi.online_share"),
            tr("metric.proxy_share"),
            tr("metric.home_share"),
            tr("metric.satisfaction_rate"),
        )
    }
    st.dataframe(view, hide_index=True, column_config=pct)
    rows(view, tr("svc.items_file"), key="svc_items_all_dl")

left, right = st.columns(2)
with left:
    st.subheader(tr("svc.ratings"), help=tr("svc.satisfaction_help", rated=f"{int(now.rated):,}"))
    ratings = data.query("services/ratings", p)
    view = pd.DataFrame(
        {
            tr("svc.col.rating"): [tr(f"svc.rating.{r}") for r in ratings.rating],
            tr("kpi.services"): ratings.services,
            tr("svc.col.share"): ratings.share.round(4),
        }
    )
    chart(
        charts.activity.hbar(view, tr("svc.col.rating"), tr("kpi.services")), view, tr("svc.ratings"), key="svc_ratings"
    )
with right:
    st.subheader(tr("svc.processing"), help=tr("svc.processing_help", n=cfg.min_n))
    proc = data.query("services/processing_time", p)
    proc = proc.assign(label=centres.item_labels(proc.item_name, proc.item_code))
    enough = proc[proc.finished >= cfg.min_n].head(15)
    # the median and its P90 share one axis, so one unit (the median's)
    view = durations.tabulate(
        pd.DataFrame(
            {
                tr("svc.col.item"): enough.label,
                tr("svc.col.finished"): enough.finished,
                "median_hours": enough.median_hours,
                "p90_hours": enough.p90_hours,
            }
        ),
        {"median_hours": tr("svc.col.median"), "p90_hours": tr("svc.col.p90")},
        duration_header,
        unit=durations.unit_for(enough.median_hours),
    )
    if view.empty:
        st.info(tr("svc.processing_none", n=cfg.min_n))
    else:
        median_col, p90_col = view.columns[2], view.columns[3]
        chart(
            charts.activity.quantile_bars(view, tr("svc.col.item"), median_col, p90_col),
            view,
            tr("svc.processing"),
            key="svc_processing",
        )
with st.expander(tr("svc.processing_all", n=len(proc))):
    view = durations.tabulate(
        pd.DataFrame(
            {
                tr("svc.col.item"): proc.item_name,
                tr("svc.col.item_code"): proc.item_code,
                tr("act.col.category"): codes.series("service_category", proc.category, L),
                tr("svc.col.finished"): proc.finished,
                "median_hours": proc.median_hours,
                "p90_hours": proc.p90_hours,
                tr("svc.col.enough"): proc.finished >= cfg.min_n,
            }
        ),
        {"median_hours": tr("svc.col.median"), "p90_hours": tr("svc.col.p90")},
        duration_header,
    )
    st.dataframe(view, hide_index=True)
    rows(view, tr("svc.processing_file"), key="svc_processing_dl")

st.subheader(tr("svc.by_centre"), help=tr("svc.by_centre_help"))
by_centre = data.query("services/by_centre", p)
view = pd.DataFrame(
    {
        tr("act.col.centre"): by_centre.centre,
        tr("act.col.street"): by_centre.street,
        tr("svc.col.staff"): by_centre.staff,
        tr("kpi.services"): by_centre.services,
        tr("metric.services_per_staff"): by_centre.services_per_staff.round(1),
        tr("kpi.online_share"): by_centre.online_share,
        tr("metric.proxy_share"): by_centre.proxy_share,
        tr("metric.home_share"): by_centre.home_share,
        tr("metric.tongban_share"): by_centre.tongban_share,
        tr("metric.service_extended_share"): by_centre.service_extended_share,
        tr("metric.satisfaction_rate"): by_centre.satisfaction_rate,
        tr("svc.col.listed"): by_centre.listed_items,
        tr("svc.col.unused"): by_centre.unused_items,
    }
)
pct = {
    c: st.column_config.NumberColumn(format="percent")
    for c in (
        tr("kpi.online_share"),
        tr("metric.proxy_share"),
        tr("metric.home_share"),
        tr("metric.tongban_share"),
        tr("metric.service_extended_share"),
        tr("metric.satisfaction_rate"),
    )
}
links.centre_table(view, by_centre.centre_id, key="svc_centres", column_config=pct)
rows(
    view.assign(**{codes.column_label(None, "centre_id", L): by_centre.centre_id.values}),
    tr("svc.by_centre_file"),
    key="svc_centres_dl",
)

st.subheader(tr("svc.unused"), help=tr("svc.unused_help"))
unused = data.query("services/unused_items", p)
if unused.empty:
    st.success(tr("svc.unused_none"))
else:
    per_centre = unused.groupby(["centre_id", "centre"], sort=False).size().reset_index(name="n")
    st.caption(tr("svc.unused_caption", items=len(unused), centres=len(per_centre)))
    view = pd.DataFrame(
        {
            tr("act.col.centre"): unused.centre,
            tr("act.col.street"): unused.street,
            tr("svc.col.item"): unused.item_name,
            tr("svc.col.item_code"): unused.item_code,
            tr("act.col.category"): codes.series("service_category", unused.category, L),
            tr("svc.col.list_kind"): codes.series("service_list_kind", unused.list_kind, L),
        }
    )
    st.dataframe(view, hide_index=True, height=320)
    rows(view, tr("svc.unused_file"), key="svc_unused_dl")
