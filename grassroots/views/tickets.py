"""The tickets page's (诉求工单) assembly without streamlit: the headline cards, the tables of each tab
(labelled groups, stage durations, survival summaries, the oldest open tickets), and the drill specs
that turn a clicked mark or row into the tickets behind it ({"title", "kind", "params"}, see
grassroots/ui/ticket_drill.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from grassroots import charts, codes, durations, fmt, periods
from grassroots.cards import Card
from grassroots.metrics import catalogue, survival
from grassroots.metrics.ticket_config import TicketConfig

EARLIEST = dt.date(1900, 1, 1)  # "any time before": the backlog and closings reach back past the window
DIMS = ("category", "subcategory", "source", "street", "community", "grid", "department")
RANK_DIMS = ("street", "community", "grid", "department", "source", "category")
WISH_DIMS = ("category", "street", "community", "claimer_type")
KINDS = ("received", "closed", "open", "on_time", "late", "overdue", "no_due", "escalated", "void", "all")
TABS = ("volume", "turnaround", "deadlines", "backlog", "rates", "escalation", "hotspots", "wishes", "records")
# the groups of a dimension that are a fixed code list, shown in the page's language
DIM_LISTS = {"category": "ticket_category", "subcategory": "ticket_subcategory", "source": "ticket_source"}
WISH_LISTS = {"category": "wish_category", "claimer_type": "claimer_type"}
RATE_COLUMNS = (
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
# the tickets page's parameters as it opens: all categories, by month, the headline group, the response limit (hours)
PAGE_DEFAULTS = {
    "category": None,
    "grain": "month",
    "dim": "",
    "escalated_only": False,
    "own_due_only": False,
    "response_hours": 2.0,
}
# drill-down parameters of queries/tickets/records*.sql (ticket_drill) that a spec may override
DRILL_DEFAULTS = {
    "group": None,
    "kind": "received",
    "closed_from": None,
    "closed_to": None,
    "age_min": None,
    "age_max": None,
    "hours_min": None,
    "hours_max": None,
}
# the columns of each tab's group table
VOLUME_COLUMNS = ["label", "n", "closed_n", "open_n", "void_n", "escalated_n", "median_hours", "p90_hours"]
VOLUME_COLUMNS += ["on_time_rate"]
DEADLINE_COLUMNS = ["label", "sla_rule", "n", "due_ticket", "due_sla", "due_none", "on_time_rate", "closure_rate"]
DEADLINE_COLUMNS += ["on_time_closure_rate", "late_n", "overdue_n"]
RANK_COLUMNS = ["rank", "label", "n", "score", "response_rate", "resolution_rate", "satisfaction_rate"]
RANK_COLUMNS += ["on_time_rate", "closure_rate", "rework_rate", "reopen_rate", "note"]
ESCALATION_COLUMNS = ["label", "n", "closed_n", "open_n", "median_hours", "p90_hours", "km_median"]
ESCALATION_COLUMNS += ["on_time_rate", "satisfaction_rate"]
WISH_COLUMNS = ["label", "collected", "claimed", "fulfilled", "claim_rate", "fulfil_rate"]
WISH_COLUMNS += ["median_days_to_claim", "median_days_to_fulfil"]
KM_COLUMNS = ["label", "n", "closed", "open", "median_hours", "km_median_text", "km_ci", "km_p90", "note"]


def page_params(
    filter_params: dict, tc: TicketConfig, category: str | None = None, grain: str = "month", own_due_only: bool = False
) -> dict:
    """The parameters of queries/tickets/*.sql for the shared filters and the page's own (category,
    time grain, own deadlines only); the defaults are what the page opens with."""
    return {
        **filter_params,
        "category": category or None,
        "grain": grain,
        "dim": "",
        "escalated_only": False,
        "response_hours": tc.response_hours,
        "own_due_only": own_due_only,
    }


def first_queries(filter_params: dict, tc: TicketConfig, P: dict | None = None) -> dict[str, tuple[str, dict]]:
    """The queries every opening of the page runs, by role: the category list and the headline's
    (for the page's parameters `P`, by default those it opens with)."""
    P = page_params(filter_params, tc) if P is None else P
    return {
        "categories": ("tickets/categories", filter_params),
        "rates": ("tickets/rates", {**P, "dim": "category"}),
        "flow": ("tickets/flow", P),
        "backlog": ("tickets/backlog", {**P, "age_edges": list(tc.age_buckets)}),
        "km_counts": ("tickets/km_counts", P),
    }


@dataclass(frozen=True)
class Words:
    """The reader's language: `tr` (string key -> text) and its code, for labels of groups."""

    tr: Callable[..., str]
    lang: str

    def unknown(self, dim: str, label: str) -> str:
        """A group's label as shown: its code list's name, or the dimension's word for "not known"."""
        if not label:
            return self.tr(f"tickets.unknown.{dim}")
        return codes.label(DIM_LISTS[dim], label, self.lang) if dim in DIM_LISTS else label

    def labelled(self, frame: pd.DataFrame, dim: str) -> pd.DataFrame:
        return frame.assign(label=[self.unknown(dim, lbl) for lbl in frame["label"]])

    def group_spec(self, dim: str, grp: str, label: str, kind: str = "received", **extra) -> dict:
        """The tickets of one group of `dim` (of one drill kind)."""
        return {
            "title": self.tr("common.labelled", label=self.tr("tickets.dim." + dim), value=self.unknown(dim, label)),
            "kind": kind,
            "params": {"dim": dim, "group": grp, **extra},
        }

    def group_specs(self, dim: str, frame: pd.DataFrame, kind: str = "received", **extra) -> list[dict]:
        return [self.group_spec(dim, g, lbl, kind, **extra) for g, lbl in zip(frame["grp"], frame["label"])]

    def mark_spec(self, dim: str, point: dict, **extra) -> dict:
        """The group behind a clicked bar: its customdata is [kind, group, label]."""
        kind, grp, label = point["customdata"][:3]
        return self.group_spec(dim, grp, label, kind, **extra)

    def table(self, frame: pd.DataFrame, cols: list[str]) -> tuple[pd.DataFrame, list[str]]:
        """The columns `cols` of a group frame, labelled, each duration column in one unit named in its
        header; with the headers of the rate columns (shown in percent)."""
        out = frame[cols].copy()
        names = {c: self.tr(f"tickets.col.{c}") for c in cols}
        for c in cols:
            if c.endswith("_hours") or c.startswith("km_"):
                out[c], unit = hours_column(out[c])
                names[c] = self.tr(f"unit.col.{unit}", label=names[c])
        return out.rename(columns=names), [names[c] for c in cols if c in RATE_COLUMNS]


def hours_column(values, unit: str | None = None, missing: str = "—") -> tuple[list[str], str]:
    """A column of durations (hours) as text in one unit, chosen for the column unless given."""
    unit = unit or durations.unit_for(values)
    return [durations.text(v, unit, missing) for v in values], unit


def weights_text(tc: TicketConfig, tr: Callable[..., str]) -> str:
    return tr("tickets.sep").join(f"{tr('tickets.rate.' + r)} {w:g}" for r, w in tc.weights)


def flow_names(tr: Callable[..., str]) -> dict[str, str]:
    """The flow chart's series and axis, named."""
    names = {"received": tr("kpi.received"), "closed": tr("kpi.closed"), "open": tr("tickets.open_at_end")}
    return names | {"axis": tr("tickets.axis.tickets")}


def _count0(v) -> str:
    return fmt.count(v if pd.notna(v) else 0)


def headline_cards(
    h: pd.Series,
    flow: pd.DataFrame,
    backlog: pd.DataFrame,
    km_median: float | None,
    score: float,
    tc: TicketConfig,
    as_of: dt.datetime,
    tr: Callable[..., str],
) -> list[Card]:
    """The page's cards: the headline row of tickets/rates (`h`), the flow's totals, the backlog now,
    the Kaplan-Meier median and the composite score; each rate's help ends with its fraction."""

    def helps(key: str) -> str:
        return catalogue.get(key).help()

    def rate(label: str, col: str, n: str, d: str, metric: str | None = None, help_text: str | None = None) -> Card:
        base = help_text if help_text is not None else helps(metric or col)
        return Card(
            tr(label),
            fmt.percent(h[col]),
            base + tr("tickets.h.fraction", n=fmt.count(h[n]), d=fmt.count(h[d])),
        )

    return [
        Card(tr("kpi.received"), fmt.count(flow["received"].sum()), helps("received")),
        Card(tr("kpi.closed"), fmt.count(flow["closed"].sum()), helps("closed")),
        Card(
            tr("tickets.m.void"),
            _count0(h["void_n"]),
            tr("tickets.h.void", cancelled=fmt.count(h["cancelled_n"]), duplicate=fmt.count(h["duplicate_n"])),
        ),
        Card(tr("tickets.m.open"), _count0(h["open_n"]), helps("open_tickets")),
        Card(
            tr("tickets.m.overdue_now"),
            fmt.count(backlog["overdue_n"].sum()),
            tr("tickets.h.overdue_now", open=fmt.count(backlog["open_n"].sum()), as_of=f"{as_of:%Y-%m-%d %H:%M}"),
        ),
        Card(tr("kpi.median_hours_to_close"), fmt.hours(h["median_hours"]), helps("median_hours_to_close")),
        Card(tr("tickets.m.p90"), fmt.hours(h["p90_hours"]), helps("p90_hours_to_close")),
        Card(
            tr("tickets.m.km_median"),
            fmt.hours(km_median) if km_median is not None else tr("tickets.not_reached"),
            helps("km_median_hours"),
        ),
        rate("kpi.on_time_rate", "on_time_rate", "on_time_n", "on_time_d"),
        rate("tickets.m.sla_due_share", "sla_due_share", "sla_due_n", "on_time_d"),
        rate("tickets.m.closure_rate", "closure_rate", "closed_n", "due_to_close"),
        rate("tickets.m.on_time_closure_rate", "on_time_closure_rate", "on_time_n", "due_to_close"),
        rate(
            "tickets.m.response_rate",
            "response_rate",
            "response_n",
            "response_d",
            help_text=tr("tickets.h.response_rate", hours=f"{tc.response_hours:g}"),
        ),
        rate("tickets.m.resolution_rate", "resolution_rate", "resolved_n", "due_to_close"),
        rate("kpi.satisfaction_rate", "satisfaction_rate", "satisfied_n", "rated_n"),
        Card(
            tr("tickets.m.score"),
            "—" if pd.isna(score) else f"{score:.1f}",
            tr("tickets.h.score", weights=weights_text(tc, tr)),
        ),
        rate("tickets.m.rework_rate", "rework_rate", "rework_n", "closed_n"),
        rate("tickets.m.reopen_rate", "reopen_rate", "reopen_n", "closed_n"),
        rate("tickets.m.escalated_share", "escalated_share", "escalated_n", "n"),
    ]


def due_cards(h: pd.Series, tr: Callable[..., str]) -> list[Card]:
    """Where the tickets' deadlines come from: their own, the SLA's, none."""
    keys = ("due_ticket", "due_sla", "due_none")
    return [Card(tr(f"tickets.col.{k}"), _count0(h[k]), tr(f"tickets.h.{k}")) for k in keys]


def escalation_cards(h: pd.Series, departments: int, tr: Callable[..., str]) -> list[Card]:
    return [
        Card(tr("tickets.esc.count"), _count0(h["escalated_n"])),
        Card(
            tr("tickets.m.escalated_share"), fmt.percent(h["escalated_share"]), catalogue.get("escalated_share").help()
        ),
        Card(tr("tickets.esc.departments"), fmt.count(departments)),
    ]


def wish_cards(w: pd.Series, tr: Callable[..., str]) -> list[Card]:
    """微心愿: collected, claimed, fulfilled, the two rates and the median days to a claim."""
    days = w.get("median_days_to_claim")
    return [
        Card(tr("tickets.wish.collected"), fmt.count(w.get("collected", 0))),
        Card(tr("tickets.wish.claimed"), fmt.count(w.get("claimed", 0))),
        Card(tr("tickets.wish.fulfilled"), fmt.count(w.get("fulfilled", 0))),
        Card(tr("tickets.wish.claim_rate"), fmt.percent(w.get("claim_rate")), tr("tickets.wish.claim_rate_help")),
        Card(tr("tickets.wish.fulfil_rate"), fmt.percent(w.get("fulfil_rate")), tr("tickets.wish.fulfil_rate_help")),
        Card(
            tr("tickets.wish.days_to_claim"),
            "—" if days is None or pd.isna(days) else tr("tickets.days", d=f"{days:g}"),
            tr("tickets.wish.days_to_claim_help"),
        ),
    ]


# ---- drill specs of the charts' marks ------------------------------------------------------------
def _span(start: dt.date, end: dt.date) -> str:
    return periods.Window(start, end).text()


def flow_spec(point: dict) -> dict:
    """A bar of the flow chart: the tickets received, or closed, in its period; or open at its end."""
    kind, start, end = point["customdata"]
    start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if kind == "received":
        return {"title": _span(start, end), "kind": "received", "params": {"date_from": start, "date_to": end}}
    if kind == "closed_in":
        params = {"date_from": EARLIEST, "date_to": end, "closed_from": start, "closed_to": end}
        return {"title": _span(start, end), "kind": "closed_in", "params": params}
    return {
        "title": f"{end - dt.timedelta(days=1):%Y-%m-%d} 24:00",
        "kind": "open_at",
        "params": {"date_from": EARLIEST, "date_to": end, "closed_from": end},
    }


def hist_spec(point: dict, tr: Callable[..., str]) -> dict:
    """A bar of the time-to-close histogram: the tickets closed (or open) for that many hours."""
    kind, lo, hi = point["customdata"]
    hi = None if hi in ("", None) else float(hi)
    label = charts.tickets.hour_bucket_labels([int(float(lo))] + ([int(hi)] if hi is not None else []))[0]
    return {
        "title": f"{tr('tickets.turn.bucket')} {label}",
        "kind": kind,
        "params": {"hours_min": float(lo), "hours_max": hi},
    }


STEPS = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1)}


def trend_spec(point: dict, grain: str, window) -> dict:
    """A point of the turnaround trend: the tickets closed of those received in its period (within
    the window)."""
    start = pd.Timestamp(point["customdata"][1])
    end = min((start + STEPS[grain]).date(), window.end)
    start = max(start.date(), window.start)
    return {"title": _span(start, end), "kind": "closed", "params": {"date_from": start, "date_to": end}}


def age_spec(point: dict, tc: TicketConfig, tr: Callable[..., str]) -> dict:
    """A bar of the backlog's ages: the tickets open that many days."""
    kind, lo, hi = point["customdata"]
    hi = None if hi in ("", None) else int(hi)
    label = tc.bucket_labels()[tc.age_buckets.index(int(lo))]
    return {
        "title": tr("tickets.backlog.aged", days=label),
        "kind": kind,
        "params": {"date_from": EARLIEST, "age_min": int(lo), "age_max": hi},
    }


def wish_spec(wdim: str, grp, label: str, tr: Callable[..., str], kind: str = "all") -> dict:
    return {
        "title": tr("common.labelled", label=tr("tickets.wdim." + wdim), value=label),
        "kind": kind,
        "params": {"wish_dim": wdim, "wish_group": grp},
    }


# ---- tables --------------------------------------------------------------------------------------
def stage_table(stages: pd.DataFrame, names: dict[str, str], tr: Callable[..., str]) -> pd.DataFrame:
    """Each stage of handling: how many recorded, the median and 90th percentile in one unit each."""
    recorded = [v if n else None for v, n in zip(stages["median"], stages["n"])]
    medians, m_unit = hours_column(recorded, missing=tr("tickets.not_recorded"))
    p90s, p_unit = hours_column([v if n else None for v, n in zip(stages["p90"], stages["n"])])
    return pd.DataFrame(
        {
            tr("tickets.col.stage"): [names[s] for s in stages["stage"]],
            tr("tickets.col.recorded"): stages["n"],
            tr(f"unit.col.{m_unit}", label=tr("tickets.col.median")): medians,
            tr(f"unit.col.{p_unit}", label=tr("tickets.col.p90_hours")): p90s,
            tr("tickets.col.missing"): stages["missing"],
            tr("tickets.col.out_of_order"): stages["out_of_order"],
        }
    )


def with_km_median(frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Groups with their Kaplan-Meier median (from tickets/km_counts by group) beside them."""
    curves = survival.curve(counts, by="grp") if len(counts) else pd.DataFrame()
    kms = (
        survival.summary(curves, "grp")[["grp", "km_median"]]
        if len(curves)
        else pd.DataFrame(columns=["grp", "km_median"])
    )
    return frame.merge(kms, on="grp", how="left")


def trend_frame(trend: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """The turnaround per period with its Kaplan-Meier median, in time order."""
    return with_km_median(trend, counts).assign(bucket=lambda d: pd.to_datetime(d["grp"])).sort_values("bucket")


@dataclass
class Survival:
    drawn: list  # the groups drawn: the largest of those ranked
    curves: pd.DataFrame  # their curves
    labels: dict  # group -> label
    x_max_days: float | None  # up to where 90% of the slowest drawn group has closed
    summary: pd.DataFrame  # a row per group, ranked (n >= min_n) first
    table: pd.DataFrame  # the summary as shown


def survival_view(
    counts: pd.DataFrame, groups: pd.DataFrame, min_n: int, max_curves: int, tr: Callable[..., str]
) -> Survival:
    """Kaplan-Meier curves and their summary per group: `counts` is tickets/km_counts by group, `groups`
    the labelled tickets/rates of the same dimension. Groups under `min_n` tickets are listed, not
    drawn nor ranked."""
    curves = survival.curve(counts, by="grp")
    summ = survival.summary(curves, "grp").merge(groups[["grp", "label", "median_hours"]], on="grp", how="left")
    summ["label"] = summ["label"].fillna(summ["grp"])
    summ["ranked"] = summ["n"] >= min_n
    summ = summ.sort_values(["ranked", "n"], ascending=[False, False]).reset_index(drop=True)
    drawn = summ[summ["ranked"]].head(max_curves)["grp"].tolist()
    p90s = summ.loc[summ["grp"].isin(drawn), "km_p90"].dropna()
    summ["note"] = ["" if r else tr("common.not_ranked") for r in summ["ranked"]]
    km_unit = durations.unit_for(summ["km_median"])  # the median and its interval in one unit
    summ["km_median_text"], _ = hours_column(summ["km_median"], km_unit, tr("tickets.not_reached"))
    summ["km_ci"] = [
        f"{durations.text(a, km_unit)} – {durations.text(b, km_unit, '…')}"
        for a, b in zip(summ["km_median_low"], summ["km_median_high"])
    ]
    view = summ[KM_COLUMNS].copy()
    view["median_hours"], median_unit = hours_column(view["median_hours"])
    view["km_p90"], p90_unit = hours_column(view["km_p90"], missing=tr("tickets.not_reached"))
    units = {"median_hours": median_unit, "km_median_text": km_unit, "km_ci": km_unit, "km_p90": p90_unit}
    view = view.rename(
        columns=lambda c: (
            tr(f"unit.col.{units[c]}", label=tr(f"tickets.col.{c}")) if c in units else tr(f"tickets.col.{c}")
        )
    )
    return Survival(
        drawn,
        curves[curves["grp"].isin(drawn)],
        dict(zip(summ["grp"], summ["label"])),
        1.5 * p90s.max() / 24 if len(p90s) else None,
        summ,
        view,
    )


def oldest_table(oldest: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """The oldest open tickets, their codes and flags in words."""
    return (
        codes.frame_values(oldest, "tickets", lang)
        .assign(
            community=[c if isinstance(c, str) else tr("tickets.unknown.community") for c in oldest["community"]],
            due_source=[tr(f"tickets.due_source.{s}") if isinstance(s, str) else None for s in oldest["due_source"]],
            escalated=[tr("tickets.yes") if b else tr("tickets.no") for b in oldest["escalated"]],
            age_days=oldest["age_days"].round(1),
            overdue_days=oldest["overdue_days"].round(1),
        )
        .drop(columns=["community_code"])
        .rename(columns=lambda c: tr(f"tickets.col.{c}"))
    )


def sla_rule(cat: str, default_sla, by_cat: dict, tr: Callable[..., str]) -> str:
    """A category's SLA (config/sla.toml) in words: 5个工作日."""
    r = by_cat.get(cat, default_sla)
    return tr(f"tickets.sla.{r.unit}", amount=f"{r.amount:g}")


def sla_table(default_sla, by_cat: dict, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("tickets.col.category"): codes.series("ticket_category", by_cat, lang) + [tr("tickets.sla.default")],
            tr("tickets.col.sla_rule"): [sla_rule(c, default_sla, by_cat, tr) for c in by_cat]
            + [sla_rule("", default_sla, by_cat, tr)],
        }
    )


def wish_labels(frame: pd.DataFrame, wdim: str, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    """The wishes' groups of `wdim` labelled in the reader's language."""
    labels = [
        (codes.label(WISH_LISTS[wdim], lbl, lang) if wdim in WISH_LISTS else lbl)
        if lbl
        else tr("tickets.unknown.generic")
        for lbl in frame["label"]
    ]
    return frame.assign(label=labels)
