"""总览 Overview: the leader's first screen."""

import streamlit as st

from grassroots import config
from grassroots.assessment import official
from grassroots.assessment.system import IndicatorConfigError
from grassroots.metrics import kpis, targets
from grassroots.ui import data, filters, ranking, report_button, widgets
from grassroots.ui.text import in_language, lang, tr
from grassroots.views import freshness, overview

f = filters.current()
cfg = config.app()
st.title(tr("overview.title"))
st.caption(f.describe())
filters.behind_note(f, *freshness.TABLES)  # a table whose export is late would pull its cards down

st.subheader(tr("overview.kpis"))
progress, trend = widgets.overview_cards(f)

st.subheader(tr("overview.programmes"), help=tr("overview.light_help", gap=f"{cfg.yellow_gap:.0%}"))
if progress.empty:
    st.info(tr("common.no_data"))
else:
    widgets.programme_table(progress, targets.lights(progress, f.as_of.date(), cfg.yellow_gap))

try:
    official_ranking = data.shared("official_ranking", lambda: official.compute(data.query, f.params()), f.params())
except IndicatorConfigError as err:
    st.subheader(tr("rank.heading", level=tr("asm.level_name." + official.level_for(f.params()))))
    st.error(tr("rank.cfg_refused", msg=err.message(lang())))
else:
    st.subheader(
        tr("rank.heading", level=tr(f"asm.level_name.{official_ranking.level}")),
        help=tr(
            "rank.heading_help",
            system=official_ranking.system.label(lang()),
            max=f"{official_ranking.system.max_total:g}",
            n=official_ranking.min_n,
        ),
    )
    ranking.lists(
        official_ranking,
        "overview_rank",
        on_pick=ranking.set_filter(official_ranking.level),
        hint=tr("rank.click_hint"),
    )

st.subheader(tr("overview.trend"))
pick = st.selectbox(
    tr("overview.trend_pick"),
    [k.key for k in kpis.KPIS],
    format_func=in_language(lambda k, tr: tr(f"kpi.{k}")),
    key="overview_trend_kpi",
)
kpi = next(k for k in kpis.KPIS if k.key == pick)
figure = data.shared(  # built once per data version, scope, window, indicator and language, for every session
    overview.trend_key(pick, lang()),
    lambda: overview.trend_figure(trend, pick, kpi.kind == "rate", f.window, lang(), f.as_of),
    f.params(),
)
st.plotly_chart(figure, key="overview_trend")

report_button.offer(f)  # the same report as `python -m grassroots report`, for these filters
