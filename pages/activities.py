"""活动开展 Activities: how many, for whom, when, by whom, and where a centre is busy or idle."""

import pandas as pd
import streamlit as st

from grassroots import charts, codes, config, views
from grassroots.metrics import centres
from grassroots.ui import data, filters, links, stat_cards
from grassroots.ui.chart_downloads import chart, rows
from grassroots.ui.text import lang, tr

f = filters.current()
cfg = config.app()
st.title(tr("act.title"))
st.caption(f.describe())

with_floating = st.toggle(tr("act.with_floating"), key="act_with_floating", help=tr("act.with_floating_help"))
p = {**f.params(), "ext_spans": centres.extended_spans(cfg), "with_floating": with_floating}
now = data.query("activities/summary", p).iloc[0]
prev = data.query("activities/summary", {**p, **f.params(f.previous)}).iloc[0]

stat_cards.row(views.activities.cards(now, prev, with_floating, cfg, tr))
st.caption(
    tr(
        "act.population_caption",
        pop=f"{int(now.population):,}",
        residents=f"{int(now.residents):,}",
        floating=f"{int(now.floating):,}",
        which=tr("act.pop_" + str(with_floating).lower()),
    )
)

if not now.activities:
    st.info(tr("common.no_data"))
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(tr("act.by_category"), help=tr("act.by_category_help"))
    cat = data.query("activities/by_category", p)
    view = pd.DataFrame(
        {
            tr("act.col.category"): codes.series("activity_category", cat.category, lang()),
            tr("kpi.activities"): cat.activities,
            tr("kpi.person_visits"): cat.person_visits,
            tr("act.col.activity_share"): cat.activity_share.round(4),
        }
    )
    chart(
        charts.activity.bars_with_line(view, tr("act.col.category"), tr("kpi.activities"), tr("kpi.person_visits")),
        view,
        tr("act.by_category"),
        key="act_by_category",
    )
with right:
    st.subheader(tr("act.by_month"))
    month = data.query("activities/by_month", p)
    view = pd.DataFrame(
        {
            tr("act.col.month"): pd.to_datetime(month.month).dt.strftime("%Y-%m"),
            tr("act.col.category"): codes.series("activity_category", month.category, lang()),
            tr("kpi.activities"): month.activities,
            tr("kpi.person_visits"): month.person_visits,
        }
    )
    chart(
        charts.activity.stacked(
            view,
            tr("act.col.month"),
            tr("act.col.category"),
            tr("kpi.activities"),
            codes.series("activity_category", centres.CATEGORIES, lang()),
        ),
        view,
        tr("act.by_month"),
        key="act_by_month",
    )

st.subheader(tr("act.calendar"), help=tr("act.calendar_help"))
days = data.query("activities/by_day", p)
view = pd.DataFrame(
    {
        tr("act.col.date"): pd.to_datetime(days.date).dt.date,
        tr("kpi.activities"): days.activities,
        tr("kpi.person_visits"): days.person_visits,
    }
)
chart(
    charts.activity.calendar(
        view, tr("act.col.date"), tr("kpi.activities"), f.window.start, f.window.end, tr("chart.weekdays").split(",")
    ),
    view,
    tr("act.calendar"),
    key="act_calendar",
)

st.subheader(tr("act.by_street"), help=tr("metric_help.per_1000", pop=tr("act.pop_" + str(with_floating).lower())))
streets = data.query("activities/by_street", p).sort_values("activities_per_1000", ascending=False, na_position="last")
view = pd.DataFrame(
    {
        tr("act.col.street"): streets.street,
        tr("act.col.population"): streets.population,
        tr("act.col.centres"): streets.centres,
        tr("kpi.activities"): streets.activities,
        tr("kpi.person_visits"): streets.person_visits,
        tr("metric.activities_per_1000"): streets.activities_per_1000.round(3),
        tr("metric.visits_per_1000"): streets.visits_per_1000.round(2),
    }
)
chart(
    charts.activity.hbar(view, tr("act.col.street"), tr("metric.activities_per_1000"), fmt=",.2f"),
    view,
    tr("act.by_street"),
    key="act_by_street",
)

st.subheader(tr("act.ranking"), help=tr("act.ranking_help", n=cfg.min_n))
by_centre = data.query("activities/by_centre", p)
ranked = centres.rank_min_n(by_centre, "activities_per_1000", "activities", cfg.min_n)


def centre_view(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("act.col.rank"): frame["rank"],
            tr("act.col.centre"): frame.centre,
            tr("act.col.street"): frame.street,
            tr("kpi.activities"): frame.activities,
            tr("kpi.person_visits"): frame.person_visits,
            tr("metric.activities_per_1000"): frame.activities_per_1000.round(3),
            tr("metric.visits_per_1000"): frame.visits_per_1000.round(2),
            tr("metric.weekend_share"): frame.weekend_share,
            tr("metric.extended_share"): frame.extended_share,
            tr("metric.activity_volunteers"): frame.activity_volunteers,
        }
    )


share_cols = {
    tr("metric.weekend_share"): st.column_config.NumberColumn(format="percent"),
    tr("metric.extended_share"): st.column_config.NumberColumn(format="percent"),
}
good = ranked[ranked.ranked]
if good.empty:
    st.info(tr("act.none_ranked", n=cfg.min_n))
brief = [tr("act.col.rank"), tr("act.col.centre"), tr("kpi.activities"), tr("metric.activities_per_1000")]
narrow = {
    tr("act.col.rank"): st.column_config.NumberColumn(width=48),
    tr("act.col.centre"): st.column_config.TextColumn(width=190),
    tr("kpi.activities"): st.column_config.NumberColumn(width=72),
    tr("metric.activities_per_1000"): st.column_config.NumberColumn(format="%.2f", width=96),
}
left, right = st.columns(2)
with left:
    st.markdown(f"**{tr('act.most_active')}**")
    top = good.head(5)
    links.centre_table(centre_view(top)[brief], top.centre_id, key="act_top", column_config=narrow)
with right:
    st.markdown(f"**{tr('act.least_active')}**")
    bottom = good.tail(5).iloc[::-1]
    links.centre_table(centre_view(bottom)[brief], bottom.centre_id, key="act_bottom", column_config=narrow)
unranked = ranked[~ranked.ranked]
if len(unranked):
    st.caption(tr("act.not_ranked", n=cfg.min_n, k=len(unranked)))
with st.expander(tr("act.all_centres", n=len(ranked))):
    links.centre_table(centre_view(ranked), ranked.centre_id, key="act_all_centres", column_config=share_cols)
    rows(
        centre_view(ranked).assign(**{codes.column_label(None, "centre_id", lang()): ranked.centre_id.values}),
        tr("act.all_centres_file"),
        key="act_all_centres_dl",
    )

st.subheader(tr("act.partners_title"), help=tr("act.partners_title_help"))
partners = data.query("activities/partners", p)
if partners.empty:
    st.info(tr("act.no_partners"))
else:
    view = pd.DataFrame(
        {
            tr("act.col.partner"): partners.partner,
            tr("kpi.activities"): partners.activities,
            tr("kpi.person_visits"): partners.person_visits,
            tr("metric.activity_volunteers"): partners.volunteers,
            tr("act.col.centres"): partners.centres,
            tr("act.col.categories"): [
                tr("act.list_sep").join(codes.series("activity_category", str(c).split("、"), lang()))
                if isinstance(c, str)
                else c
                for c in partners.categories
            ],
        }
    )
    top = view.head(15)
    chart(
        charts.activity.hbar(top, tr("act.col.partner"), tr("kpi.activities")),
        top,
        tr("act.partners_top"),
        key="act_partners",
    )
    with st.expander(tr("act.partners_all", n=len(view))):
        st.dataframe(view, hide_index=True)
