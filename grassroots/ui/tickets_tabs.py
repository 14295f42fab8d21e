"""The tabs of the tickets page, one function each: each draws what grassroots/views/tickets.py assembles
from the page's queries; a clicked mark or selected row drills down to the tickets behind it."""

from __future__ import annotations

import streamlit as st

from grassroots import charts, config, markup
from grassroots.metrics import ticket_score
from grassroots.ui import data, ticket_drill, ticket_forecast, ticket_hotspots
from grassroots.ui import funnel as funnel_ui
from grassroots.ui.stat_cards import row
from grassroots.ui.text import in_language, lang, tr
from grassroots.ui.tickets_context import Page
from grassroots.views import tickets as view

KIND_NAMES = ("closed", "open")


def _kinds() -> dict[str, str]:
    return {k: tr(f"tickets.kind.{k}") for k in KIND_NAMES}


def volume(pg: Page) -> None:
    st.subheader(tr("tickets.volume.flow"), help=tr("tickets.volume.flow_help"))
    flow = pg.flow
    if flow[["received", "closed", "void_n"]].to_numpy().sum() == 0 and flow["open_at_end"].sum() == 0:
        st.info(tr("common.no_data"))
    else:
        pg.chart(charts.tickets.flow(flow, view.flow_names(tr), pg.grain), "flow", "volume", view.flow_spec)
    st.subheader(tr("tickets.volume.groups"), help=tr("tickets.volume.groups_help"))
    dim = pg.pick_dim("tk_volume_dim")
    by_group = pg.labelled(dim)
    if by_group.empty:
        st.info(tr("common.no_data"))
    else:
        fig = charts.tickets.group_bars(by_group, _kinds())
        pg.chart(fig, f"groups_chart_{dim}", "volume", lambda p: pg.words.mark_spec(dim, p))
        specs = pg.words.group_specs(dim, by_group)
        pg.table(by_group, view.VOLUME_COLUMNS, f"groups_table_{dim}", "volume", specs)
    pg.drill("volume")


def turnaround(pg: Page) -> None:
    st.subheader(tr("tickets.turn.hist"), help=tr("tickets.turn.hist_help"))
    hist = pg.q("close_histogram", hour_edges=list(pg.tc.hour_buckets))
    if hist[["closed_n", "open_n"]].to_numpy().sum() == 0:
        st.info(tr("common.no_data"))
    else:
        names = {"closed": tr("tickets.turn.closed_after"), "open": tr("tickets.turn.open_for")}
        names |= {"x": tr("tickets.axis.span"), "y": tr("tickets.axis.tickets")}
        fig = charts.tickets.close_histogram(hist, names)
        pg.chart(fig, "hist", "turnaround", lambda p: view.hist_spec(p, tr))
    st.subheader(tr("tickets.turn.stages"), help=tr("tickets.turn.stages_help"))
    stages = pg.q("stages")
    stage_names = {s: tr(f"tickets.stage.{s}") for s in stages["stage"]}
    if stages["n"].sum() == 0:
        st.info(tr("tickets.not_recorded_all"))
    else:
        fig = charts.tickets.stage_boxes(stages, stage_names, tr("tickets.axis.hours"))
        st.plotly_chart(markup.plain_figure(fig), key="tk_stages")
    st.dataframe(view.stage_table(stages, stage_names, tr), hide_index=True, key="tk_stage_table")
    st.subheader(tr("tickets.turn.trend"), help=tr("tickets.turn.trend_help"))
    trend = pg.groups("period")
    if trend.empty:
        st.info(tr("common.no_data"))
    else:
        trend = view.trend_frame(trend, pg.q("km_counts", dim="period"))
        names = {"km_median": tr("tickets.m.km_median"), "median": tr("tickets.naive_median")}
        names |= {"p90": tr("tickets.m.p90"), "axis": tr("tickets.axis.hours")}
        fig = charts.tickets.trend(trend, names, pg.grain)
        pg.chart(fig, "trend", "turnaround", lambda p: view.trend_spec(p, pg.grain, pg.f.window))
    pg.drill("turnaround")


def deadlines(pg: Page) -> None:
    st.subheader(tr("tickets.due.sources"), help=tr("tickets.due.sources_help"))
    row(view.due_cards(pg.h, tr), per_row=3, fit=False)
    default_sla, by_cat = config.sla()
    st.subheader(tr("tickets.due.by_category"), help=tr("tickets.due.by_category_help"))
    bycat = pg.labelled("category")
    if bycat.empty:
        st.info(tr("common.no_data"))
    else:
        bycat["sla_rule"] = [view.sla_rule(c or "", default_sla, by_cat, tr) for c in bycat["grp"]]
        specs = pg.words.group_specs("category", bycat, "late")
        pg.table(bycat, view.DEADLINE_COLUMNS, "due_table", "deadlines", specs)
    with st.expander(tr("tickets.due.sla_table")):
        st.dataframe(view.sla_table(default_sla, by_cat, tr, lang()), hide_index=True, key="tk_sla_table")
    pg.drill("deadlines")


def backlog(pg: Page) -> None:
    as_of = f"{pg.f.as_of:%Y-%m-%d %H:%M}"
    st.subheader(tr("tickets.backlog.ages"), help=tr("tickets.backlog.ages_help", as_of=as_of))
    if pg.backlog["open_n"].sum() == 0:
        st.info(tr("tickets.backlog.none"))
    else:
        names = {"overdue": tr("tickets.kind.overdue"), "not_overdue": tr("tickets.backlog.not_overdue")}
        names |= {"x": tr("tickets.axis.age"), "y": tr("tickets.axis.tickets")}
        ages = [tr("tickets.days", d=b) for b in pg.tc.bucket_labels()]
        fig = charts.tickets.age_buckets(pg.backlog, ages, names)
        pg.chart(fig, "ages", "backlog", lambda p: view.age_spec(p, pg.tc, tr))
        oldest = pg.q("oldest_open", max_rows=pg.tc.oldest_listed)
        st.markdown(f"**{tr('tickets.backlog.oldest', n=len(oldest))}**")
        st.dataframe(view.oldest_table(oldest, tr, lang()), hide_index=True, key="tk_oldest")
    st.subheader(tr("tickets.km.title"), help=tr("tickets.km.help", n=pg.min_n))
    kdim = pg.pick_dim("tk_km_dim")
    counts = pg.q("km_counts", dim=kdim)
    if counts.empty:
        st.info(tr("common.no_data"))
    else:
        sv = view.survival_view(counts, pg.labelled(kdim), pg.min_n, pg.tc.max_curves, tr)
        if sv.drawn:
            axes = {"x": tr("tickets.axis.days_since"), "y": tr("tickets.axis.still_open")}
            fig = charts.tickets.km_curves(sv.curves, sv.labels, axes, x_max_days=sv.x_max_days)
            st.plotly_chart(markup.plain_figure(fig), key="tk_km")
        else:
            st.info(tr("tickets.km.too_few", n=pg.min_n))
        specs = pg.words.group_specs(kdim, sv.summary, "open")
        pg.picks.table(sv.table, f"km_table_{kdim}", "backlog", specs)
    ticket_forecast.render(pg.P)
    pg.drill("backlog")


def rates(pg: Page) -> None:
    weights = view.weights_text(pg.tc, tr)
    hours = f"{pg.tc.response_hours:g}"
    st.subheader(tr("tickets.rank.title"), help=tr("tickets.rank.help", weights=weights, n=pg.min_n, hours=hours))
    unit = pg.pick_dim("tk_rank_dim", view.RANK_DIMS, "street")
    units = pg.labelled(unit)
    if units.empty:
        st.info(tr("common.no_data"))
    else:
        ranked = ticket_score.rank(units, pg.tc.weights, "n", pg.min_n)
        if ranked["ranked"].any():
            fig = charts.tickets.score_bars(ranked, {"x": tr("tickets.m.score")})
            pg.chart(fig, f"score_{unit}", "rates", lambda p: pg.words.group_spec(unit, *p["customdata"][1:3]))
        else:
            st.info(tr("tickets.rank.none", n=pg.min_n))
        ranked["note"] = ["" if r else tr("common.not_ranked") for r in ranked["ranked"]]
        ranked["score"] = ranked["score"].round(1)
        pg.table(ranked, view.RANK_COLUMNS, f"rank_table_{unit}", "rates", pg.words.group_specs(unit, ranked))
        previous = pg.labelled(unit, **pg.f.previous.params())
        funnel_ui.ticket_rates(units, f"tk_funnel_{unit}", previous=previous)
    pg.drill("rates")


def escalation(pg: Page) -> None:
    st.subheader(tr("tickets.esc.title"), help=tr("tickets.esc.help"))
    depts = pg.labelled("department", escalated_only=True)
    row(view.escalation_cards(pg.h, len(depts), tr), per_row=3, fit=False)
    if depts.empty:
        st.info(tr("tickets.esc.none"))
    else:
        depts = view.with_km_median(depts, pg.q("km_counts", dim="department", escalated_only=True))
        fig = charts.tickets.group_bars(depts, _kinds())
        pg.chart(fig, "esc_chart", "escalation", lambda p: pg.words.mark_spec("department", p, escalated_only=True))
        st.caption(tr("tickets.esc.caption"))
        specs = pg.words.group_specs("department", depts, escalated_only=True)
        pg.table(depts, view.ESCALATION_COLUMNS, "esc_table", "escalation", specs)
    pg.drill("escalation")


def hotspots(pg: Page) -> None:
    ticket_hotspots.render(pg.P, pg.picks, pg.tc)


def wishes(pg: Page) -> None:
    st.subheader(tr("tickets.wish.title"), help=tr("tickets.wish.help"))
    wall = data.query("tickets/wishes_rates", {**pg.P, "wish_dim": ""})
    row(view.wish_cards(wall.iloc[0] if len(wall) else {}, tr), per_row=6, fit=False)
    if wall.empty:
        st.info(tr("common.no_data"))
        return
    wdim = pg.pick_dim("tk_wish_dim", view.WISH_DIMS, word="wdim")
    wg = view.wish_labels(data.query("tickets/wishes_rates", {**pg.P, "wish_dim": wdim}), wdim, tr, lang())
    fig = charts.tickets.wishes_bars(wg, {c: tr(f"tickets.wish.{c}") for c in ("collected", "claimed", "fulfilled")})

    def mark(p):
        kind, grp, label = p["customdata"][:3]
        return view.wish_spec(wdim, grp, label, tr, kind)

    pg.chart(fig, f"wish_chart_{wdim}", "wishes", mark)
    specs = [view.wish_spec(wdim, g, lbl, tr) for g, lbl in zip(wg["grp"], wg["label"])]
    pg.table(wg, view.WISH_COLUMNS, f"wish_table_{wdim}", "wishes", specs)
    ticket_drill.wish_panel(pg.picks, pg.P, pg.tc)


def records(pg: Page) -> None:
    st.subheader(tr("tickets.records.title"), help=tr("tickets.records.help"))
    c1, c2 = st.columns(2)
    rdim = c1.selectbox(
        tr("tickets.by"),
        [""] + list(view.DIMS),
        key="tk_rec_dim",
        format_func=in_language(lambda d, tr: tr(f"tickets.dim.{d}") if d else tr("filter.all")),
    )
    rgroup, names = None, {}
    if rdim:
        options = pg.labelled(rdim)
        names = dict(zip(options["grp"], options["label"]))
        if st.session_state.get("tk_rec_group") not in names:
            st.session_state.pop("tk_rec_group", None)
        rgroup = c2.selectbox(
            tr(f"tickets.dim.{rdim}"), list(names), key="tk_rec_group", format_func=lambda g: names.get(g, g)
        )
    title = (
        tr("tickets.records.everything")
        if not rdim
        else tr("common.labelled", label=tr("tickets.dim." + rdim), value=names.get(rgroup, ""))
    )
    pg.drill("records", {"title": title, "kind": "received", "params": {"dim": rdim or "", "group": rgroup}})


TABS = {
    "volume": volume,
    "turnaround": turnaround,
    "deadlines": deadlines,
    "backlog": backlog,
    "rates": rates,
    "escalation": escalation,
    "hotspots": hotspots,
    "wishes": wishes,
    "records": records,
}
