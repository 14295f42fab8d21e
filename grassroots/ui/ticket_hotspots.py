"""The tickets page's hot-spot tab: 热点诉求 (what is suddenly rising, and where, with its keywords),
重复诉求 (the same place and problem again, after a closure above all) and 未诉先办 candidates (cells hot
in most of the last months). The numbers come from grassroots.metrics.hotspots and .repeats through
the page's gated, cached queries; this module only lays them out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from grassroots import charts, fmt, i18n
from grassroots.cards import Card
from grassroots.metrics import hotspots as hs
from grassroots.metrics import repeats as rp
from grassroots.metrics.hotspot_config import hotspots as hotspot_config
from grassroots.metrics.ticket_config import TicketConfig
from grassroots.ui import data, downloads, stat_cards, ticket_drill
from grassroots.ui.text import default_for, lang, tr

AREA = "hotspots"


def _month_label(m) -> str:
    m = pd.Timestamp(m)
    return tr("period.month_fmt", y=m.year, m=m.month)


def _p_text(p: float) -> str:
    return "< 1e-12" if p < 1e-12 else f"{p:.1e}"


def _sub_label(cat: str, sub: str) -> str:
    return f"{cat or tr('tickets.unknown.category')} · {sub or tr('tickets.unknown.subcategory')}"


def _month_end(m) -> dt.date:
    return (pd.Timestamp(m) + pd.DateOffset(months=1)).date()


def _tip(r) -> str:
    return tr(
        "hotspots.tip",
        month=_month_label(r.month),
        community=r.community or r.community_code,
        sub=_sub_label(r.category, r.subcategory),
        n=int(r.n),
        expected=f"{r.expected:.2f}",
        ratio=f"{r.ratio:.1f}",
        p=_p_text(r.p_value) if r.p_value < 1e-12 else "= " + _p_text(r.p_value),
    )


def _hot_section(params: dict, picks: ticket_drill.Picks, cfg) -> None:
    st.subheader(
        tr("hotspots.hot.title"),
        help=tr(
            "hotspots.hot.help",
            months=cfg.baseline_months,
            min_months=cfg.min_baseline_months,
            floor=f"{cfg.min_expected:g}",
            min_count=cfg.min_count,
            ratio=f"{cfg.min_ratio:g}",
            p=f"{cfg.max_p:g}",
        ),
    )
    hot = hs.hot_frame(data.query, params, cfg)
    st.caption(
        tr(
            "hotspots.hot.caption",
            min_count=cfg.min_count,
            months=cfg.baseline_months,
            ratio=f"{cfg.min_ratio:g}",
            p=f"{cfg.max_p:g}",
        )
    )
    if hot.empty:
        st.info(tr("hotspots.hot.none", min_count=cfg.min_count))
        return
    labels = [f"{_month_label(r.month)} {r.community or r.community_code} · {r.subcategory}" for r in hot.itertuples()]
    tips = [_tip(r) for r in hot.itertuples()]

    def spec_of(i: int) -> dict:
        r = hot.iloc[i]
        return {
            "title": labels[i],
            "kind": "received",
            "params": {
                "region": r["community_code"],
                "date_from": pd.Timestamp(r["month"]).date(),
                "date_to": _month_end(r["month"]),
                "category": r["category"] or None,
                "dim": "subcategory",
                "group": f"{r['category']} · {r['subcategory']}",
            },
        }

    picks.chart(
        charts.hotspots.hotspot_bars(
            hot,
            labels,
            tips,
            {
                "count": tr("hotspots.col.n"),
                "expected": tr("hotspots.col.expected"),
                "axis": tr("tickets.axis.tickets"),
            },
        ),
        "hot_chart",
        AREA,
        lambda p: spec_of(int(p["customdata"])),
    )
    view = pd.DataFrame(
        {
            tr("hotspots.col.month"): [_month_label(m) for m in hot["month"]],
            tr("hotspots.col.street"): hot["street"],
            tr("hotspots.col.community"): hot["community"].fillna(hot["community_code"]),
            tr("hotspots.col.category"): hot["category"],
            tr("hotspots.col.subcategory"): hot["subcategory"],
            tr("hotspots.col.n"): hot["n"],
            tr("hotspots.col.expected"): hot["expected"],
            tr("hotspots.col.ratio"): hot["ratio"],
            tr("hotspots.col.p"): [_p_text(p) for p in hot["p_value"]],
            tr("hotspots.col.keywords"): [i18n.listing(k, lang()) for k in hot["keywords"]],
        }
    )
    picks.table(
        view,
        "hot_table",
        AREA,
        [spec_of(i) for i in range(len(hot))],
        {
            tr("hotspots.col.expected"): st.column_config.NumberColumn(format="%.2f"),
            tr("hotspots.col.ratio"): st.column_config.NumberColumn(format="%.1f"),
        },
    )
    downloads.buttons(view, "hotspots", key="hs_dl_hot")


def _proactive_section(params: dict, cfg) -> None:
    st.subheader(
        tr("hotspots.pro.title"), help=tr("hotspots.pro.help", months=cfg.proactive_months, hot=cfg.min_hot_months)
    )
    pro = hs.proactive(data.query, params, cfg)
    if pro.empty:
        st.info(tr("hotspots.pro.none", months=cfg.proactive_months, hot=cfg.min_hot_months))
        return
    history = [
        "  ".join(
            f"{tr('hotspots.month_fmt', m=int(h['month'][5:7]))} {h['count']}{'▲' if h['hot'] else ''}" for h in row
        )
        for row in pro["history"]
    ]
    view = pd.DataFrame(
        {
            tr("hotspots.col.street"): pro["street"],
            tr("hotspots.col.community"): pro["community"].fillna(pro["community_code"]),
            tr("hotspots.col.category"): pro["category"],
            tr("hotspots.col.subcategory"): pro["subcategory"],
            tr("hotspots.col.hot_months"): [f"{h} / {cfg.proactive_months}" for h in pro["hot_months"]],
            tr("hotspots.col.total"): pro["total"],
            tr("hotspots.col.history"): history,
        }
    )
    st.dataframe(view, hide_index=True, key="hs_proactive")
    st.caption(tr("hotspots.pro.legend"))
    downloads.buttons(view, "proactive", key="hs_dl_pro")


def _repeat_section(params: dict, cfg, tc: TicketConfig) -> None:
    st.subheader(
        tr("hotspots.rep.title"), help=tr("hotspots.rep.help", days=cfg.repeat_days, sim=f"{cfg.text_similarity:g}")
    )
    result = rp.analyse(data.query, params, cfg)
    cards = [
        Card(tr("hotspots.rep.count"), fmt.count(result.count), tr("hotspots.rep.count_help")),
        Card(
            tr("hotspots.rep.rate"),
            fmt.percent_of_100(result.rate_pct),
            tr("hotspots.rep.rate_help", received=f"{result.received:,}"),
        ),
        Card(tr("hotspots.rep.after"), fmt.count(result.after_closure), tr("hotspots.rep.after_help")),
        Card(tr("hotspots.rep.groups"), fmt.count(len(result.groups)), tr("hotspots.rep.groups_help")),
    ]
    stat_cards.row(cards, per_row=4, fit=False)
    if result.count == 0:
        st.info(tr("hotspots.rep.none", days=cfg.repeat_days))
        return
    by = (
        st.segmented_control(
            tr("tickets.by"),
            ["community", "department"],
            default=default_for("hs_rep_by", "community"),
            key="hs_rep_by",
            required=True,
            format_func=lambda d: tr(f"tickets.dim.{d}"),
        )
        or "community"
    )
    rates = rp.rates_by(result, by)
    rates = rates[rates["repeats"] > 0]
    if by == "community":
        unit = {
            tr("hotspots.col.street"): rates["street"],
            tr("hotspots.col.community"): rates["community"].fillna(rates["community_code"]),
        }
    else:
        unit = {tr("tickets.dim.department"): [d or tr("tickets.unknown.department") for d in rates["department"]]}
    st.dataframe(
        pd.DataFrame(
            {
                **unit,
                tr("hotspots.col.received"): rates["received"],
                tr("hotspots.col.repeats"): rates["repeats"],
                tr("hotspots.col.after"): rates["after_closure"],
                tr("hotspots.col.rate"): rates["rate_pct"],
            }
        ),
        hide_index=True,
        key=f"hs_rep_rates_{by}",
        column_config={tr("hotspots.col.rate"): st.column_config.NumberColumn(format="%.2f%%")},
    )
    st.markdown(f"**{tr('hotspots.rep.list')}**", help=tr("hotspots.rep.list_help"))
    g = result.groups
    # the address came through the gated query: masked for roles that may not see personal data
    place = [
        a if isinstance(a, str) and a else tr("hotspots.rep.same_grid", grid=grid)
        for a, grid in zip(g["address"], g["grid_code"])
    ]
    view = pd.DataFrame(
        {
            tr("hotspots.col.community"): g["unit_name"].fillna(g["unit_code"]),
            tr("hotspots.col.place"): place,
            tr("hotspots.col.subcategory"): g["subcategory"],
            tr("hotspots.col.tickets"): g["tickets"],
            tr("hotspots.col.after"): [tr("tickets.yes") if a else tr("tickets.no") for a in g["after_closure"]],
            tr("hotspots.col.first"): pd.to_datetime(g["first_reported"]).dt.strftime("%Y-%m-%d"),
            tr("hotspots.col.last"): pd.to_datetime(g["last_reported"]).dt.strftime("%Y-%m-%d"),
        }
    )
    event = st.dataframe(view, hide_index=True, key="hs_rep_groups", on_select="rerun", selection_mode="single-row")
    downloads.buttons(view, "repeat_groups", key="hs_dl_rep")
    rows = event.selection.rows if event else []
    if not rows or rows[0] >= len(g):
        st.caption(tr("hotspots.rep.drill_hint"))
        return
    chosen = g.iloc[rows[0]]
    with st.container(border=True):
        st.markdown(
            f"**{view.iloc[rows[0], 0]} · {place[rows[0]]} · {chosen['subcategory']}** — "
            f"{tr('tickets.drill.count', n=len(chosen['ticket_ids']))}"
        )
        recs = data.query("tickets/repeat_records", {**params, "ticket_ids": list(chosen["ticket_ids"])})
        recs = recs.assign(status=[tr(f"tickets.status.{s}") for s in recs["status"]])
        st.dataframe(recs.rename(columns=lambda c: tr(f"hotspots.rcol.{c}")), hide_index=True, key="hs_rep_records")


def render(params: dict, picks: ticket_drill.Picks, tc: TicketConfig) -> None:
    """The tab's body. `params`: the page's query parameters (window, scope, category)."""
    cfg = hotspot_config()
    with st.spinner(tr("hotspots.working")):
        _hot_section(params, picks, cfg)
        ticket_drill.panel(picks, AREA, params, tc)
        _proactive_section(params, cfg)
        _repeat_section(params, cfg, tc)
