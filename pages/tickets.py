"""诉求与网格事件 Requests & tickets: volume, turnaround, deadlines, the open backlog with survival
curves, the 接诉即办 rates and rankings, escalation (吹哨报到) and wishes (微心愿). Every chart and
table drills down to the records behind it, masked for the viewer's role, with CSV and .xlsx."""

import datetime as dt

import pandas as pd
import streamlit as st

from grassroots import charts_tickets as ct
from grassroots import codes, config, durations, markup
from grassroots.metrics import catalogue, kpis, survival, ticket_config, ticket_score
from grassroots.ui import data, filters, ticket_drill, ticket_forecast, ticket_hotspots
from grassroots.ui import funnel as funnel_ui
from grassroots.ui.text import cards_per_row, duration_header, in_language, lang, tr

f = filters.current()
tc = ticket_config.tickets()
min_n = config.app().min_n
EARLIEST = dt.date(1900, 1, 1)  # "any time before": the backlog and closings reach back past the window
DIMS = ("category", "subcategory", "source", "street", "community", "grid", "department")
KINDS = ("received", "closed", "open", "on_time", "late", "overdue", "no_due", "escalated", "void", "all")
HOURS, RATE = kpis.Kpi("hours", "hours"), kpis.Kpi("rate", "rate")
L = lang()
# the groups of a dimension that are a fixed code list, shown in the page's language
DIM_LISTS = {"category": "ticket_category", "subcategory": "ticket_subcategory", "source": "ticket_source"}
WISH_LISTS = {"category": "wish_category", "claimer_type": "claimer_type"}

st.title(tr("tickets.title"))
st.caption(f.describe())

# ---- the page's own filters: category and time grain ------------------------------------------
cats = data.query("tickets/categories", f.params())["category"].tolist()
left, right = st.columns([3, 2])
if st.session_state.get("tk_category", "") not in [""] + cats:
    st.session_state["tk_category"] = ""  # a category of the scope the user just left
category = left.selectbox(
    tr("tickets.category"),
    [""] + cats,
    key="tk_category",
    bind="query-params",
    format_func=codes.formatter("ticket_category", L, blank=tr("filter.all")),
)
grain = (
    right.segmented_control(
        tr("tickets.grain"),
        ["day", "week", "month"],
        key="tk_grain",
        bind="query-params",
        default="month",
        required=True,
        format_func=in_language(lambda g, tr: tr(f"tickets.grain.{g}")),
    )
    or "month"
)

own_due_only = st.toggle(
    tr("tickets.own_due_only"), key="tk_own_due", bind="query-params", help=tr("tickets.own_due_only_help")
)
P = {
    **f.params(),
    "category": category or None,
    "grain": grain,
    "dim": "",
    "escalated_only": False,
    "response_hours": tc.response_hours,
    "own_due_only": own_due_only,
}
SIG = repr(sorted((k, str(v)) for k, v in P.items() if k not in ("dim", "escalated_only")))


def q(name: str, **extra) -> pd.DataFrame:
    return data.query(f"tickets/{name}", {**P, **extra})


def num(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{int(v):,}"


def pct(v) -> str:
    return kpis.fmt_value(RATE, v)


def hrs(v) -> str:
    return kpis.fmt_value(HOURS, v)


def groups(dim: str, **extra) -> pd.DataFrame:
    """tickets/rates per group of `dim` (its total row is the headline's)."""
    found = q("rates", dim=dim, **extra)
    return found[~found["is_total"]].reset_index(drop=True)


def unknown(dim: str, label: str) -> str:
    if not label:
        return tr(f"tickets.unknown.{dim}")
    return codes.label(DIM_LISTS[dim], label, L) if dim in DIM_LISTS else label


picks = ticket_drill.Picks(SIG)
chart, selectable_table = picks.chart, picks.table


def drill_panel(area: str, kinds: tuple[str, ...] = (), spec: dict | None = None) -> None:
    ticket_drill.panel(picks, area, P, tc, kinds, spec)


def group_spec(dim: str, grp: str, label: str, kind: str = "received", **extra) -> dict:
    return {
        "title": f"{tr('tickets.dim.' + dim)}：{unknown(dim, label)}",
        "kind": kind,
        "params": {"dim": dim, "group": grp, **extra},
    }


def helps(key: str) -> str:
    """A card's tooltip: the metric catalogue's formula and population."""
    return catalogue.get(key).help()


RATE_COLS = {
    c: st.column_config.NumberColumn(format="percent")
    for c in (
        "on_time_rate",
        "closure_rate",
        "on_time_closure_rate",
        "response_rate",
        "resolution_rate",
        "satisfaction_rate",
        "rework_rate",
        "reopen_rate",
        "escalated_share",
        "claim_rate",
        "fulfil_rate",
    )
}


def hrs_column(values, unit: str | None = None, missing: str = "—") -> tuple[list[str], str]:
    """A column of durations (hours) as text in one unit, chosen for the column unless given."""
    unit = unit or durations.unit_for(values)
    return [durations.text(v, unit, missing) for v in values], unit


def table(frame: pd.DataFrame, cols: list[str]) -> tuple[pd.DataFrame, dict]:
    """The columns `cols` of a group frame, labelled, with rates shown in percent and each duration
    column in one unit, named in its header."""
    out = frame[cols].copy()
    names = {c: tr(f"tickets.col.{c}") for c in cols}
    for c in cols:
        if c.endswith("_hours") or c.startswith("km_"):
            out[c], unit = hrs_column(out[c])
            names[c] = duration_header(names[c], unit)
    config_ = {names[c]: RATE_COLS[c] for c in cols if c in RATE_COLS}
    return out.rename(columns=names), config_


# ---- headline ------------------------------------------------------------------------------------
rates_by_category = q("rates", dim="category")  # also the volume tab's default breakdown
head = rates_by_category[rates_by_category["is_total"]]
flow = q("flow")
backlog = q("backlog", age_edges=list(tc.age_buckets))
km_all = survival.curve(q("km_counts"))
if head.empty:
    head = pd.DataFrame([{}], columns=head.columns)
h = head.iloc[0]
km_median = survival.median(km_all) if len(km_all) else None
score = ticket_score.score(head, tc.weights).iloc[0]
weights_text = tr("tickets.sep").join(f"{tr('tickets.rate.' + r)} {w:g}" for r, w in tc.weights)

cards = [
    (tr("kpi.received"), num(flow["received"].sum()), helps("received")),
    (tr("kpi.closed"), num(flow["closed"].sum()), helps("closed")),
    (
        tr("tickets.m.void"),
        num(h["void_n"] if pd.notna(h["void_n"]) else 0),
        tr("tickets.h.void", cancelled=num(h["cancelled_n"]), duplicate=num(h["duplicate_n"])),
    ),
    (tr("tickets.m.open"), num(h["open_n"] if pd.notna(h["open_n"]) else 0), helps("open_tickets")),
    (
        tr("tickets.m.overdue_now"),
        num(backlog["overdue_n"].sum()),
        tr("tickets.h.overdue_now", open=num(backlog["open_n"].sum()), as_of=f"{f.as_of:%Y-%m-%d %H:%M}"),
    ),
    (tr("kpi.median_hours_to_close"), hrs(h["median_hours"]), helps("median_hours_to_close")),
    (tr("tickets.m.p90"), hrs(h["p90_hours"]), helps("p90_hours_to_close")),
    (
        tr("tickets.m.km_median"),
        hrs(km_median) if km_median is not None else tr("tickets.not_reached"),
        helps("km_median_hours"),
    ),
    (
        tr("kpi.on_time_rate"),
        pct(h["on_time_rate"]),
        helps("on_time_rate") + tr("tickets.h.fraction", n=num(h["on_time_n"]), d=num(h["on_time_d"])),
    ),
    (
        tr("tickets.m.sla_due_share"),
        pct(h["sla_due_share"]),
        helps("sla_due_share") + tr("tickets.h.fraction", n=num(h["sla_due_n"]), d=num(h["on_time_d"])),
    ),
    (
        tr("tickets.m.closure_rate"),
        pct(h["closure_rate"]),
        helps("closure_rate") + tr("tickets.h.fraction", n=num(h["closed_n"]), d=num(h["due_to_close"])),
    ),
    (
        tr("tickets.m.on_time_closure_rate"),
        pct(h["on_time_closure_rate"]),
        helps("on_time_closure_rate") + tr("tickets.h.fraction", n=num(h["on_time_n"]), d=num(h["due_to_close"])),
    ),
    (
        tr("tickets.m.response_rate"),
        pct(h["response_rate"]),
        tr("tickets.h.response_rate", hours=f"{tc.response_hours:g}")
        + tr("tickets.h.fraction", n=num(h["response_n"]), d=num(h["response_d"])),
    ),
    (
        tr("tickets.m.resolution_rate"),
        pct(h["resolution_rate"]),
        helps("resolution_rate") + tr("tickets.h.fraction", n=num(h["resolved_n"]), d=num(h["due_to_close"])),
    ),
    (
        tr("kpi.satisfaction_rate"),
        pct(h["satisfaction_rate"]),
        helps("satisfaction_rate") + tr("tickets.h.fraction", n=num(h["satisfied_n"]), d=num(h["rated_n"])),
    ),
    (tr("tickets.m.score"), "—" if pd.isna(score) else f"{score:.1f}", tr("tickets.h.score", weights=weights_text)),
    (
        tr("tickets.m.rework_rate"),
        pct(h["rework_rate"]),
        helps("rework_rate") + tr("tickets.h.fraction", n=num(h["rework_n"]), d=num(h["closed_n"])),
    ),
    (
        tr("tickets.m.reopen_rate"),
        pct(h["reopen_rate"]),
        helps("reopen_rate") + tr("tickets.h.fraction", n=num(h["reopen_n"]), d=num(h["closed_n"])),
    ),
    (
        tr("tickets.m.escalated_share"),
        pct(h["escalated_share"]),
        helps("escalated_share") + tr("tickets.h.fraction", n=num(h["escalated_n"]), d=num(h["n"])),
    ),
]
PER_ROW = cards_per_row(5)
for start in range(0, len(cards), PER_ROW):
    for col, (label, value, help_text) in zip(st.columns(PER_ROW), cards[start : start + PER_ROW]):
        col.metric(label, value, help=help_text, border=True)

TABS = ("volume", "turnaround", "deadlines", "backlog", "rates", "escalation", "hotspots", "wishes", "records")
tabs = dict(zip(TABS, st.tabs([tr(f"tickets.tab.{t}") for t in TABS], key="tk_tab", on_change="rerun")))


def is_open(name: str) -> bool:
    return tabs[name].open is not False


def pick_dim(key: str, options=DIMS, default: str = "category") -> str:
    return (
        st.segmented_control(
            tr("tickets.by"),
            list(options),
            default=default,
            key=key,
            required=True,
            format_func=in_language(lambda d, tr: tr(f"tickets.dim.{d}")),
        )
        or default
    )


def labelled(frame: pd.DataFrame, dim: str) -> pd.DataFrame:
    return frame.assign(label=[unknown(dim, lbl) for lbl in frame["label"]])


# ---- volume --------------------------------------------------------------------------------------
with tabs["volume"]:
    if is_open("volume"):
        st.subheader(tr("tickets.volume.flow"), help=tr("tickets.volume.flow_help"))
        if flow[["received", "closed", "void_n"]].to_numpy().sum() == 0 and flow["open_at_end"].sum() == 0:
            st.info(tr("common.no_data"))
        else:
            names = {
                "received": tr("kpi.received"),
                "closed": tr("kpi.closed"),
                "open": tr("tickets.open_at_end"),
                "axis": tr("tickets.axis.tickets"),
            }

            def flow_spec(p):
                kind, start, end = p["customdata"]
                start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
                title = f"{start:%Y-%m-%d} – {end - dt.timedelta(days=1):%Y-%m-%d}"
                if kind == "received":
                    return {"title": title, "kind": "received", "params": {"date_from": start, "date_to": end}}
                if kind == "closed_in":
                    return {
                        "title": title,
                        "kind": "closed_in",
                        "params": {"date_from": EARLIEST, "date_to": end, "closed_from": start, "closed_to": end},
                    }
                return {
                    "title": f"{end - dt.timedelta(days=1):%Y-%m-%d} 24:00",
                    "kind": "open_at",
                    "params": {"date_from": EARLIEST, "date_to": end, "closed_from": end},
                }

            chart(ct.flow(flow, names, grain), "flow", "volume", flow_spec)
        st.subheader(tr("tickets.volume.groups"), help=tr("tickets.volume.groups_help"))
        dim = pick_dim("tk_volume_dim")
        by_group = labelled(groups(dim), dim)
        if by_group.empty:
            st.info(tr("common.no_data"))
        else:
            chart(
                ct.group_bars(by_group, {"closed": tr("tickets.kind.closed"), "open": tr("tickets.kind.open")}),
                f"groups_chart_{dim}",
                "volume",
                lambda p: group_spec(dim, p["customdata"][1], p["customdata"][2], p["customdata"][0]),
            )
            view, cc = table(
                by_group,
                [
                    "label",
                    "n",
                    "closed_n",
                    "open_n",
                    "void_n",
                    "escalated_n",
                    "median_hours",
                    "p90_hours",
                    "on_time_rate",
                ],
            )
            selectable_table(
                view,
                f"groups_table_{dim}",
                "volume",
                [group_spec(dim, g, lbl) for g, lbl in zip(by_group["grp"], by_group["label"])],
                cc,
            )
        drill_panel("volume", KINDS)

# ---- turnaround ----------------------------------------------------------------------------------
with tabs["turnaround"]:
    if is_open("turnaround"):
        st.subheader(tr("tickets.turn.hist"), help=tr("tickets.turn.hist_help"))
        hist = q("close_histogram", hour_edges=list(tc.hour_buckets))
        if hist[["closed_n", "open_n"]].to_numpy().sum() == 0:
            st.info(tr("common.no_data"))
        else:

            def hist_spec(p):
                kind, lo, hi = p["customdata"]
                hi = None if hi in ("", None) else float(hi)
                label = ct.hour_bucket_labels([int(float(lo))] + ([int(hi)] if hi is not None else []))[0]
                return {
                    "title": f"{tr('tickets.turn.bucket')} {label}",
                    "kind": kind,
                    "params": {"hours_min": float(lo), "hours_max": hi},
                }

            chart(
                ct.close_histogram(
                    hist,
                    {
                        "closed": tr("tickets.turn.closed_after"),
                        "open": tr("tickets.turn.open_for"),
                        "x": tr("tickets.axis.span"),
                        "y": tr("tickets.axis.tickets"),
                    },
                ),
                "hist",
                "turnaround",
                hist_spec,
            )
        st.subheader(tr("tickets.turn.stages"), help=tr("tickets.turn.stages_help"))
        stages = q("stages")
        stage_names = {s: tr(f"tickets.stage.{s}") for s in stages["stage"]}
        if stages["n"].sum() == 0:
            st.info(tr("tickets.not_recorded_all"))
        else:
            st.plotly_chart(
                markup.plain_figure(ct.stage_boxes(stages, stage_names, tr("tickets.axis.hours"))), key="tk_stages"
            )
        medians, m_unit = hrs_column(
            [v if n else None for v, n in zip(stages["median"], stages["n"])], missing=tr("tickets.not_recorded")
        )
        p90s, p_unit = hrs_column([v if n else None for v, n in zip(stages["p90"], stages["n"])])
        view = pd.DataFrame(
            {
                tr("tickets.col.stage"): [stage_names[s] for s in stages["stage"]],
                tr("tickets.col.recorded"): stages["n"],
                duration_header(tr("tickets.col.median"), m_unit): medians,
                duration_header(tr("tickets.col.p90_hours"), p_unit): p90s,
                tr("tickets.col.missing"): stages["missing"],
                tr("tickets.col.out_of_order"): stages["out_of_order"],
            }
        )
        st.dataframe(view, hide_index=True, key="tk_stage_table")
        st.subheader(tr("tickets.turn.trend"), help=tr("tickets.turn.trend_help"))
        trend = groups("period")
        if trend.empty:
            st.info(tr("common.no_data"))
        else:
            km_t = survival.curve(q("km_counts", dim="period"), by="grp")
            kmm = (
                survival.summary(km_t, "grp")[["grp", "km_median"]]
                if len(km_t)
                else pd.DataFrame(columns=["grp", "km_median"])
            )
            trend = (
                trend.merge(kmm, on="grp", how="left")
                .assign(bucket=lambda d: pd.to_datetime(d["grp"]))
                .sort_values("bucket")
            )
            step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1)}[
                grain
            ]

            def trend_spec(p):
                start = pd.Timestamp(p["customdata"][1])
                end = min((start + step).date(), f.window.end)
                start = max(start.date(), f.window.start)
                return {
                    "title": f"{start:%Y-%m-%d} – {end - dt.timedelta(days=1):%Y-%m-%d}",
                    "kind": "closed",
                    "params": {"date_from": start, "date_to": end},
                }

            chart(
                ct.trend(
                    trend,
                    {
                        "km_median": tr("tickets.m.km_median"),
                        "median": tr("tickets.naive_median"),
                        "p90": tr("tickets.m.p90"),
                        "axis": tr("tickets.axis.hours"),
                    },
                    grain,
                ),
                "trend",
                "turnaround",
                trend_spec,
            )
        drill_panel("turnaround", KINDS)

# ---- deadlines -----------------------------------------------------------------------------------
with tabs["deadlines"]:
    if is_open("deadlines"):
        st.subheader(tr("tickets.due.sources"), help=tr("tickets.due.sources_help"))
        cols = st.columns(3)
        for col, key in zip(cols, ("due_ticket", "due_sla", "due_none")):
            col.metric(
                tr(f"tickets.col.{key}"),
                num(h[key] if pd.notna(h[key]) else 0),
                border=True,
                help=tr(f"tickets.h.{key}"),
            )
        default_sla, by_cat = config.sla()

        def rule(cat: str) -> str:
            r = by_cat.get(cat, default_sla)
            return tr(f"tickets.sla.{r.unit}", amount=f"{r.amount:g}")

        st.subheader(tr("tickets.due.by_category"), help=tr("tickets.due.by_category_help"))
        bycat = labelled(groups("category"), "category")
        if bycat.empty:
            st.info(tr("common.no_data"))
        else:
            bycat["sla_rule"] = [rule(c) if c else rule("") for c in bycat["grp"]]
            view, cc = table(
                bycat,
                [
                    "label",
                    "sla_rule",
                    "n",
                    "due_ticket",
                    "due_sla",
                    "due_none",
                    "on_time_rate",
                    "closure_rate",
                    "on_time_closure_rate",
                    "late_n",
                    "overdue_n",
                ],
            )
            selectable_table(
                view,
                "due_table",
                "deadlines",
                [group_spec("category", g, lbl, "late") for g, lbl in zip(bycat["grp"], bycat["label"])],
                cc,
            )
        with st.expander(tr("tickets.due.sla_table")):
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("tickets.col.category"): codes.series("ticket_category", by_cat, L)
                        + [tr("tickets.sla.default")],
                        tr("tickets.col.sla_rule"): [rule(c) for c in by_cat] + [rule("")],
                    }
                ),
                hide_index=True,
                key="tk_sla_table",
            )
        drill_panel("deadlines", KINDS)

# ---- backlog and survival ------------------------------------------------------------------------
with tabs["backlog"]:
    if is_open("backlog"):
        st.subheader(
            tr("tickets.backlog.ages"), help=tr("tickets.backlog.ages_help", as_of=f"{f.as_of:%Y-%m-%d %H:%M}")
        )
        labels = tc.bucket_labels()
        if backlog["open_n"].sum() == 0:
            st.info(tr("tickets.backlog.none"))
        else:

            def age_spec(p):
                kind, lo, hi = p["customdata"]
                hi = None if hi in ("", None) else int(hi)
                label = labels[tc.age_buckets.index(int(lo))]
                return {
                    "title": tr("tickets.backlog.aged", days=label),
                    "kind": kind,
                    "params": {"date_from": EARLIEST, "age_min": int(lo), "age_max": hi},
                }

            chart(
                ct.age_buckets(
                    backlog,
                    [tr("tickets.days", d=b) for b in labels],
                    {
                        "overdue": tr("tickets.kind.overdue"),
                        "not_overdue": tr("tickets.backlog.not_overdue"),
                        "x": tr("tickets.axis.age"),
                        "y": tr("tickets.axis.tickets"),
                    },
                ),
                "ages",
                "backlog",
                age_spec,
            )
            oldest = q("oldest_open", max_rows=tc.oldest_listed)
            st.markdown(f"**{tr('tickets.backlog.oldest', n=len(oldest))}**")
            st.dataframe(
                codes.frame_values(oldest, "tickets", L)
                .assign(
                    community=[
                        c if isinstance(c, str) else tr("tickets.unknown.community") for c in oldest["community"]
                    ],
                    due_source=[
                        tr(f"tickets.due_source.{s}") if isinstance(s, str) else None for s in oldest["due_source"]
                    ],
                    escalated=[tr("tickets.yes") if b else tr("tickets.no") for b in oldest["escalated"]],
                    age_days=oldest["age_days"].round(1),
                    overdue_days=oldest["overdue_days"].round(1),
                )
                .drop(columns=["community_code"])
                .rename(columns=lambda c: tr(f"tickets.col.{c}")),
                hide_index=True,
                key="tk_oldest",
            )
        st.subheader(tr("tickets.km.title"), help=tr("tickets.km.help", n=min_n))
        kdim = pick_dim("tk_km_dim")
        counts = q("km_counts", dim=kdim)
        if counts.empty:
            st.info(tr("common.no_data"))
        else:
            curves = survival.curve(counts, by="grp")
            summ = survival.summary(curves, "grp")
            rates = labelled(groups(kdim), kdim)[["grp", "label", "median_hours"]]
            summ = summ.merge(rates, on="grp", how="left")
            summ["label"] = summ["label"].fillna(summ["grp"])
            summ["ranked"] = summ["n"] >= min_n
            summ = summ.sort_values(["ranked", "n"], ascending=[False, False]).reset_index(drop=True)
            drawn = summ[summ["ranked"]].head(tc.max_curves)["grp"].tolist()
            if drawn:
                shown_curves = curves[curves["grp"].isin(drawn)]
                # up to where 90% of the slowest drawn group has closed (the flat tail says nothing more)
                p90s = summ.loc[summ["grp"].isin(drawn), "km_p90"].dropna()
                x_max = 1.5 * p90s.max() / 24 if len(p90s) else None
                st.plotly_chart(
                    markup.plain_figure(
                        ct.km_curves(
                            shown_curves,
                            dict(zip(summ["grp"], summ["label"])),
                            {"x": tr("tickets.axis.days_since"), "y": tr("tickets.axis.still_open")},
                            x_max_days=x_max,
                        )
                    ),
                    key="tk_km",
                )
            else:
                st.info(tr("tickets.km.too_few", n=min_n))
            summ["note"] = ["" if r else tr("common.not_ranked") for r in summ["ranked"]]
            km_unit = durations.unit_for(summ["km_median"])  # the median and its interval in one unit
            summ["km_median_text"], _ = hrs_column(summ["km_median"], km_unit, tr("tickets.not_reached"))
            summ["km_ci"] = [
                f"{durations.text(a, km_unit)} – {durations.text(b, km_unit, '…')}"
                for a, b in zip(summ["km_median_low"], summ["km_median_high"])
            ]
            view = summ[
                ["label", "n", "closed", "open", "median_hours", "km_median_text", "km_ci", "km_p90", "note"]
            ].copy()
            view["median_hours"], median_unit = hrs_column(view["median_hours"])
            view["km_p90"], p90_unit = hrs_column(view["km_p90"], missing=tr("tickets.not_reached"))
            units = {"median_hours": median_unit, "km_median_text": km_unit, "km_ci": km_unit, "km_p90": p90_unit}
            view = view.rename(
                columns=lambda c: (
                    duration_header(tr(f"tickets.col.{c}"), units[c]) if c in units else tr(f"tickets.col.{c}")
                )
            )
            selectable_table(
                view,
                f"km_table_{kdim}",
                "backlog",
                [group_spec(kdim, g, lbl, "open") for g, lbl in zip(summ["grp"], summ["label"])],
            )
        ticket_forecast.render(P)
        drill_panel("backlog", KINDS)

# ---- rates and rankings --------------------------------------------------------------------------
with tabs["rates"]:
    if is_open("rates"):
        st.subheader(
            tr("tickets.rank.title"),
            help=tr("tickets.rank.help", weights=weights_text, n=min_n, hours=f"{tc.response_hours:g}"),
        )
        unit = pick_dim("tk_rank_dim", ("street", "community", "grid", "department", "source", "category"), "street")
        units = labelled(groups(unit), unit)
        if units.empty:
            st.info(tr("common.no_data"))
        else:
            ranked = ticket_score.rank(units, tc.weights, "n", min_n)
            if ranked["ranked"].any():
                chart(
                    ct.score_bars(ranked, {"x": tr("tickets.m.score")}),
                    f"score_{unit}",
                    "rates",
                    lambda p: group_spec(unit, p["customdata"][1], p["customdata"][2]),
                )
            else:
                st.info(tr("tickets.rank.none", n=min_n))
            ranked["note"] = ["" if r else tr("common.not_ranked") for r in ranked["ranked"]]
            ranked["score"] = ranked["score"].round(1)
            view, cc = table(
                ranked,
                [
                    "rank",
                    "label",
                    "n",
                    "score",
                    "response_rate",
                    "resolution_rate",
                    "satisfaction_rate",
                    "on_time_rate",
                    "closure_rate",
                    "rework_rate",
                    "reopen_rate",
                    "note",
                ],
            )
            selectable_table(
                view,
                f"rank_table_{unit}",
                "rates",
                [group_spec(unit, g, lbl) for g, lbl in zip(ranked["grp"], ranked["label"])],
                cc,
            )
            funnel_ui.ticket_rates(
                units, f"tk_funnel_{unit}", previous=labelled(groups(unit, **f.previous.params()), unit)
            )
        drill_panel("rates", KINDS)

# ---- escalation (吹哨报到) -----------------------------------------------------------------------
with tabs["escalation"]:
    if is_open("escalation"):
        st.subheader(tr("tickets.esc.title"), help=tr("tickets.esc.help"))
        cols = st.columns(3)
        cols[0].metric(tr("tickets.esc.count"), num(h["escalated_n"] if pd.notna(h["escalated_n"]) else 0), border=True)
        cols[1].metric(
            tr("tickets.m.escalated_share"), pct(h["escalated_share"]), help=helps("escalated_share"), border=True
        )
        depts = labelled(groups("department", escalated_only=True), "department")
        cols[2].metric(tr("tickets.esc.departments"), num(len(depts)), border=True)
        if depts.empty:
            st.info(tr("tickets.esc.none"))
        else:
            kc = q("km_counts", dim="department", escalated_only=True)
            kms = survival.summary(survival.curve(kc, by="grp"), "grp")[["grp", "km_median"]] if len(kc) else None
            if kms is not None:
                depts = depts.merge(kms, on="grp", how="left")
            else:
                depts["km_median"] = None
            chart(
                ct.group_bars(depts, {"closed": tr("tickets.kind.closed"), "open": tr("tickets.kind.open")}),
                "esc_chart",
                "escalation",
                lambda p: group_spec(
                    "department", p["customdata"][1], p["customdata"][2], p["customdata"][0], escalated_only=True
                ),
            )
            view, cc = table(
                depts,
                [
                    "label",
                    "n",
                    "closed_n",
                    "open_n",
                    "median_hours",
                    "p90_hours",
                    "km_median",
                    "on_time_rate",
                    "satisfaction_rate",
                ],
            )
            st.caption(tr("tickets.esc.caption"))
            selectable_table(
                view,
                "esc_table",
                "escalation",
                [group_spec("department", g, lbl, escalated_only=True) for g, lbl in zip(depts["grp"], depts["label"])],
                cc,
            )
        drill_panel("escalation", KINDS)

# ---- hot spots, repeats, proactive candidates (热点诉求, 重复诉求, 未诉先办) -----------------------------
with tabs["hotspots"]:
    if is_open("hotspots"):
        ticket_hotspots.render(P, picks, tc)

# ---- wishes (微心愿) ------------------------------------------------------------------------------
WISH_DIMS = ("category", "street", "community", "claimer_type")

with tabs["wishes"]:
    if is_open("wishes"):
        st.subheader(tr("tickets.wish.title"), help=tr("tickets.wish.help"))
        wall = data.query("tickets/wishes_rates", {**P, "wish_dim": ""})
        w = wall.iloc[0] if len(wall) else pd.Series(dtype=object)
        cols = st.columns(6)
        cols[0].metric(tr("tickets.wish.collected"), num(w.get("collected", 0)), border=True)
        cols[1].metric(tr("tickets.wish.claimed"), num(w.get("claimed", 0)), border=True)
        cols[2].metric(tr("tickets.wish.fulfilled"), num(w.get("fulfilled", 0)), border=True)
        cols[3].metric(
            tr("tickets.wish.claim_rate"),
            pct(w.get("claim_rate")),
            help=tr("tickets.wish.claim_rate_help"),
            border=True,
        )
        cols[4].metric(
            tr("tickets.wish.fulfil_rate"),
            pct(w.get("fulfil_rate")),
            help=tr("tickets.wish.fulfil_rate_help"),
            border=True,
        )
        days = w.get("median_days_to_claim")
        cols[5].metric(
            tr("tickets.wish.days_to_claim"),
            "—" if days is None or pd.isna(days) else tr("tickets.days", d=f"{days:g}"),
            help=tr("tickets.wish.days_to_claim_help"),
            border=True,
        )
        if wall.empty:
            st.info(tr("common.no_data"))
        else:
            wdim = (
                st.segmented_control(
                    tr("tickets.by"),
                    list(WISH_DIMS),
                    default="category",
                    key="tk_wish_dim",
                    required=True,
                    format_func=in_language(lambda d, tr: tr(f"tickets.wdim.{d}")),
                )
                or "category"
            )
            wg = data.query("tickets/wishes_rates", {**P, "wish_dim": wdim})
            wg["label"] = [
                (codes.label(WISH_LISTS[wdim], lbl, L) if wdim in WISH_LISTS else lbl)
                if lbl
                else tr("tickets.unknown.generic")
                for lbl in wg["label"]
            ]

            def wish_spec(grp, label, kind="all"):
                return {
                    "title": f"{tr('tickets.wdim.' + wdim)}：{label}",
                    "kind": kind,
                    "params": {"wish_dim": wdim, "wish_group": grp},
                }

            chart(
                ct.wishes_bars(wg, {c: tr(f"tickets.wish.{c}") for c in ("collected", "claimed", "fulfilled")}),
                f"wish_chart_{wdim}",
                "wishes",
                lambda p: wish_spec(p["customdata"][1], p["customdata"][2], p["customdata"][0]),
            )
            view, cc = table(
                wg,
                [
                    "label",
                    "collected",
                    "claimed",
                    "fulfilled",
                    "claim_rate",
                    "fulfil_rate",
                    "median_days_to_claim",
                    "median_days_to_fulfil",
                ],
            )
            selectable_table(
                view, f"wish_table_{wdim}", "wishes", [wish_spec(g, lbl) for g, lbl in zip(wg["grp"], wg["label"])], cc
            )
            ticket_drill.wish_panel(picks, P, tc)

# ---- records: every ticket of the filters, by group and kind -------------------------------------
with tabs["records"]:
    if is_open("records"):
        st.subheader(tr("tickets.records.title"), help=tr("tickets.records.help"))
        c1, c2 = st.columns(2)
        rdim = c1.selectbox(
            tr("tickets.by"),
            [""] + list(DIMS),
            key="tk_rec_dim",
            format_func=in_language(lambda d, tr: tr(f"tickets.dim.{d}") if d else tr("filter.all")),
        )
        rgroup = None
        if rdim:
            options = labelled(groups(rdim), rdim)
            names = dict(zip(options["grp"], options["label"]))
            if st.session_state.get("tk_rec_group") not in names:
                st.session_state.pop("tk_rec_group", None)
            rgroup = c2.selectbox(
                tr(f"tickets.dim.{rdim}"), list(names), key="tk_rec_group", format_func=lambda g: names.get(g, g)
            )
        title = (
            tr("tickets.records.everything") if not rdim else f"{tr('tickets.dim.' + rdim)}：{names.get(rgroup, '')}"
        )
        drill_panel(
            "records",
            KINDS,
            {"title": title, "kind": "received", "params": {"dim": rdim or "", "group": rgroup if rdim else None}},
        )
