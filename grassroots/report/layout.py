"""The report as a document: headings, paragraphs and tables with one format per column, laid out
once and written by each file writer (docx, pdf, xlsx) the same way.

A table column says how its numbers read (decimals, a unit suffix, right-aligned); the writers never
choose a format of their own, so "82.8" never sits beside "82.62" in one column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from grassroots import fmt, i18n
from grassroots.report import build as B

SHOWN = 20  # 督办 tickets listed in the report; the 督办单 export lists them all
LIGHT_WORD = {"green": "report.light.green", "yellow": "report.light.yellow", "red": "report.light.red"}


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    decimals: int = 0
    suffix: str = ""  # e.g. "%" or " pp"
    signed: bool = False  # +1.2 / -0.4
    width: float = 1.0  # relative width
    right: bool | None = None  # aligned right (default: numbers right, text left)

    @property
    def align_right(self) -> bool:
        return self.numeric if self.right is None else self.right

    def text(self, v) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return "—"
        if not self.numeric:
            return str(v)
        fmt = f"{{:{'+' if self.signed else ''},.{self.decimals}f}}"
        return fmt.format(float(v)) + self.suffix


@dataclass
class Table:
    columns: list[Column]
    rows: list[list]
    fills: list[str | None] = field(default_factory=list)  # per row: green | yellow | red | None

    def cells(self) -> list[list[str]]:
        return [[c.text(v) for c, v in zip(self.columns, row)] for row in self.rows]


@dataclass
class Block:
    kind: str  # title | subtitle | heading | paragraph | table | note | signoff
    text: str = ""
    table: Table | None = None


def t(key: str, lang: str, **fmt) -> str:
    return i18n.t(key, lang, **fmt)


def file_stem(report: dict, lang: str = "zh") -> str:
    """官渡区_2026年10月_运行月报 - what the file holds, in words."""
    scope = re.sub(r"\s*·\s*", "", report["scope"]["name"])
    label = report["period"]["label"]
    name = {"month": "运行月报", "quarter": "运行季报", "year": "运行年报", "custom": "运行报告"}[
        report["period"]["kind"]
    ]
    if lang != "zh":
        name = {"month": "monthly_report", "quarter": "quarterly_report", "year": "annual_report", "custom": "report"}[
            report["period"]["kind"]
        ]
        label = report["period"]["text"]
    stem = f"{scope}_{label}_{name}"
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem)


def kpi_table(report: dict, lang: str) -> Table:
    """指标 | 本期 | 同比 | 环比: the value with its unit (513 件, 80.7%, 69.4 小时); changes to one decimal,
    in percent for counts and hours, in percentage points for rates (no 环比 in year mode)."""
    kind_of_period = report["period"]["kind"]
    prev_label = t("report.col.vs_preceding" if kind_of_period == "custom" else "report.col.mom", lang)
    cols = [
        Column(t("report.col.indicator", lang), width=2.2),
        Column(t("report.col.value", lang), right=True),
        Column(t("report.col.yoy", lang), right=True),
    ]
    if kind_of_period != "year":
        cols.append(Column(prev_label, right=True))
    rows = []
    for key in B.KPI_ORDER:
        kind = B.kpi_kind(key)
        c = report["comparisons"][key]
        changes = [c["yoy"]] + ([] if kind_of_period == "year" else [c["mom"]])
        rows.append(
            [B.kpi_name(key, lang), value_text(report["kpis"][key], kind, lang)]
            + [change_text(v, kind, lang) for v in changes]
        )
    return Table(cols, rows)


def value_text(v, kind: str, lang: str) -> str:
    if v is None:
        return "—"
    if kind == "count":
        return fmt.count(v)
    if kind == "rate":  # the report holds rates in percent already
        return fmt.percent_of_100(v)
    return f"{v:.1f} {t('report.unit.hours', lang)}"


def change_text(v, kind: str, lang: str) -> str:
    return fmt.change(kind, v, pp=t("report.unit.pp", lang)) or fmt.MISSING


def compare_note(report: dict, lang: str) -> str:
    p = report["period"]
    if p["kind"] == "year":
        key = "report.note.year"
    elif p["kind"] == "custom":
        key = "report.note.custom"
    else:
        key = "report.note.calendar"
    note = t(
        key,
        lang,
        yf=p["year_ago"]["from"],
        yt=p["year_ago"]["to"],
        pf=(p["previous"] or {}).get("from", ""),
        pt=(p["previous"] or {}).get("to", ""),
    )
    if not p.get("complete", True):
        short = "report.note.partial" if p.get("running", True) else "report.note.data_short"
        note = t(short, lang, to=p["to"]) + note
    return note


def target_text(v, metric: str, lang: str) -> str:
    """A target or what was reached: centres as a count, community shares in percent."""
    if v is None:
        return "—"
    if metric == "community_share":
        return f"{v * 100:.1f}%"
    return f"{v:,.0f} {t('report.unit.centres', lang)}"


def programme_table(report: dict, lang: str) -> Table:
    cols = [
        Column(t("report.col.programme", lang), width=2.4),
        Column(t("report.col.target", lang), width=2.4),
        Column(t("report.col.target_date", lang), width=1.3),
        Column(t("report.col.target_value", lang), right=True),
        Column(t("report.col.actual", lang), right=True),
        Column(t("report.col.light", lang), width=0.7),
    ]
    rows, fills = [], []
    for p in report["programmes"]:
        target = p["target"] + (f" · {p['target_for']}" if p.get("target_for") else "")
        rows.append(
            [
                p["programme"],
                target,
                p["target_date"],
                target_text(p["target_value"], p["metric"], lang),
                target_text(p["actual"], p["metric"], lang),
                t(LIGHT_WORD[p["light"]], lang) if p["light"] else t("overview.light.none", lang),
            ]
        )
        fills.append(p["light"])
    return Table(cols, rows, fills)


def _system_name(system) -> str:
    return str(system.get("name", system.get("key", ""))) if isinstance(system, dict) else str(system or "")


def ranking_tables(report: dict, lang: str) -> list[tuple[str, Table]]:
    rk = report.get("ranking")
    if not rk:
        return []
    cols = [
        Column(t("report.col.rank", lang), numeric=True, width=0.5),
        Column(t("report.col.unit_name", lang), width=2),
        Column(t("report.col.score", lang), numeric=True, decimals=1),
        Column(t("report.col.n", lang), numeric=True),
    ]
    out = []
    for key in ("red", "black"):
        rows = [[e["rank"], e["name"], e["score"], e["n"]] for e in rk.get(key, [])]
        out.append((t(f"report.ranking.{key}", lang), Table(cols, rows)))
    return out


def category_path(record: dict) -> str:
    """A record's category and subcategory, "市容环境 / 垃圾清运" (either may be missing)."""
    return " / ".join(x for x in (record.get("category"), record.get("subcategory")) if x)


def hotspot_table(report: dict, lang: str) -> Table:
    cols = [
        Column(t("report.col.unit_name", lang), width=1.6),
        Column(t("report.col.category", lang), width=1.6),
        Column(t("report.col.keywords", lang), width=1.6),
        Column(t("report.col.count", lang), numeric=True),
        Column(t("report.col.expected", lang), numeric=True, decimals=1),
        Column(t("report.col.ratio", lang), numeric=True, decimals=1, suffix="×"),
    ]
    rows = [
        [
            h["unit_name"],
            category_path(h),
            i18n.listing(h.get("keywords") or [], lang),
            h["count"],
            h["expected"],
            h["ratio"],
        ]
        for h in report["hotspots"]
    ]
    return Table(cols, rows)


def alert_table(report: dict, lang: str) -> Table:
    cols = [
        Column(t("report.col.unit_name", lang), width=1.6),
        Column(t("report.col.rule", lang), width=2.2),
        Column(t("report.col.value", lang)),
        Column(t("report.col.threshold", lang)),
        Column(t("report.col.since", lang)),
    ]
    rows = [
        [a.get("unit_name"), a.get("rule_name"), a.get("value_text"), a.get("threshold_text"), a.get("since")]
        for a in report["alerts"]
    ]
    return Table(cols, rows)


def supervision_table(report: dict, lang: str) -> Table:
    return supervision_list(report["supervision"], lang)


def supervision_list(entries: list[dict], lang: str, full: bool = False) -> Table:
    """Tickets under supervision: ticket, reason, days overdue, department, responsible unit; `full` (the
    督办单) adds the category and when the ticket was reported and is due."""
    wide = 1.3 if full else 1.2  # the ticket's and the reason's columns
    cols = [
        Column(t("report.col.ticket", lang), width=wide),
        Column(t("report.col.reason", lang), width=wide),
        Column(t("report.col.days_overdue", lang), numeric=True, decimals=1),
        Column(t("report.col.department", lang), width=1.4),
        Column(t("report.col.unit_name", lang), width=1.6 if full else 1.4),
    ]
    if full:
        cols += [
            Column(t("report.col.category", lang), width=1.4),
            Column(t("supervision.col.reported", lang), width=1.2),
            Column(t("supervision.col.due", lang), width=1.2),
        ]
    keys = ("ticket_id", "reason_text", "days_overdue", "department", "unit_name")
    rows = [
        [e.get(k) for k in keys] + ([category_path(e), e.get("reported_at"), e.get("due_at")] if full else [])
        for e in entries
    ]
    return Table(cols, rows)


def department_table(entries: list[dict], lang: str) -> Table:
    from grassroots import supervision

    g = supervision.by_unit(entries, "department")
    cols = [
        Column(t("report.col.department", lang), width=2),
        Column(t("report.col.listed", lang), numeric=True),
        Column(t("supervision.reason.overdue", lang), numeric=True),
        Column(t("supervision.reason.escalated", lang), numeric=True),
        Column(t("report.col.max_days_overdue", lang), numeric=True, decimals=1),
    ]
    rows = [
        [r.department or t("report.unknown", lang), r.tickets, r.overdue, r.escalated, r.max_days_overdue]
        for r in g.itertuples()
    ]
    return Table(cols, rows)


def band_text(lo, hi) -> str:
    return "—" if lo is None or hi is None else f"{int(lo):,} – {int(hi):,}"


def forecast_table(report: dict, lang: str) -> Table:
    """周起始 | 预计受理 | 80% 区间 | 预计办结 | 预计积压 | 80% 区间."""
    cols = [
        Column(t("forecast.col.week", lang), width=1.2),
        Column(t("forecast.col.arrivals", lang), numeric=True, decimals=1),
        Column(t("forecast.col.arrivals_band", lang), right=True),
        Column(t("forecast.col.closures", lang), numeric=True, decimals=1),
        Column(t("forecast.col.backlog", lang), numeric=True, decimals=1),
        Column(t("forecast.col.backlog_band", lang), right=True),
    ]
    rows = [
        [
            w["week_start"],
            w["arrivals"],
            band_text(w["arrivals_lo"], w["arrivals_hi"]),
            w["closures"],
            w["backlog"],
            band_text(w["backlog_lo"], w["backlog_hi"]),
        ]
        for w in (report.get("forecast") or {}).get("weeks", [])
    ]
    return Table(cols, rows)


def forecast_notes(fc: dict, lang: str) -> list[str]:
    """The forecast's origin, its model in words and its backtest coverage (the page says the same)."""
    m = fc["model"]
    out = [
        t("forecast.origin", lang, origin=fc["origin"], backlog=f"{fc['backlog_now']:,}"),
        t(
            "forecast.model",
            lang,
            level_weeks=m["level_weeks"],
            dispersion=f"{m['dispersion']:.2f}",
            dispersion_weeks=m["dispersion_weeks"],
            cohort_weeks=m["cohort_weeks"],
            simulations=f"{m['simulations']:,}",
        ),
    ]
    cov = fc.get("backtest_coverage")
    if cov and cov.get("origins"):
        out.append(
            t(
                "forecast.coverage",
                lang,
                frm=cov["from"],
                to=cov["to"],
                origins=cov["origins"],
                weeks=cov["weeks"],
                arrivals=f"{cov['arrivals']:.1f}%",
                backlog=f"{cov['backlog']:.1f}%",
            )
        )
    elif cov is not None:
        out.append(t("forecast.no_backtest", lang))
    return out


def definitions_table(report: dict, lang: str) -> Table:
    cols = [Column(t("report.col.indicator", lang), width=1.2), Column(t("report.col.definition", lang), width=4)]
    return Table(cols, [[d["name"], d["definition"]] for d in report["definitions"]])


def blocks(report: dict, lang: str = "zh", issuer: str | None = None) -> list[Block]:
    p = report["period"]
    out = [
        Block("title", report["title"]),
        Block(
            "subtitle",
            t(
                "report.subtitle",
                lang,
                unit=issuer or report["scope"]["name"],
                frm=p["from"],
                to=p["to"],
                as_of=p["as_of"],
                made=report["generated_at"][:10],
            ),
        ),
    ]
    out.append(Block("heading", t("report.h.summary", lang)))
    out.append(Block("paragraph", report["summary"] or t("report.none", lang)))
    out.append(Block("heading", t("report.h.kpis", lang)))
    out.append(Block("table", table=kpi_table(report, lang)))
    out.append(Block("note", compare_note(report, lang)))
    out.append(Block("heading", t("report.h.programmes", lang)))
    if report["programmes"]:
        out.append(Block("table", table=programme_table(report, lang)))
    else:
        out.append(Block("paragraph", t("report.none", lang)))
    out.append(Block("heading", t("report.h.ranking", lang)))
    rk = report.get("ranking")
    if rk:
        out.append(
            Block(
                "note",
                t(
                    "report.ranking.note",
                    lang,
                    system=_system_name(rk.get("system")),
                    level=t(f"report.level.{rk.get('level', 'street')}", lang),
                ),
            )
        )
        for title, table in ranking_tables(report, lang):
            out.append(Block("paragraph", title))
            out.append(Block("table", table=table))
        if rk.get("unranked"):
            out.append(
                Block(
                    "note",
                    t("report.ranking.unranked", lang, names=i18n.listing((e["name"] for e in rk["unranked"]), lang)),
                )
            )
    else:
        out.append(Block("paragraph", t("report.none", lang)))
    out.append(Block("heading", t("report.h.hotspots", lang)))
    out.append(
        Block("table", table=hotspot_table(report, lang))
        if report["hotspots"]
        else Block("paragraph", t("report.none", lang))
    )
    rp = report["repeats"]
    out.append(
        Block(
            "paragraph",
            t(
                "report.repeats",
                lang,
                n=rp.get("count", 0),
                rate="—" if rp.get("rate_pct") is None else f"{rp['rate_pct']:.1f}%",
            ),
        )
    )
    out.append(Block("heading", t("report.h.alerts", lang)))
    out.append(
        Block("table", table=alert_table(report, lang))
        if report["alerts"]
        else Block("paragraph", t("report.none", lang))
    )
    out.append(Block("heading", t("report.h.supervision", lang)))
    if report["supervision"]:
        entries = report["supervision"]
        out.append(
            Block("paragraph", t("report.supervision.count", lang, n=len(entries), shown=min(len(entries), SHOWN)))
        )
        out.append(Block("table", table=department_table(entries, lang)))
        out.append(Block("table", table=supervision_table({"supervision": entries[:SHOWN]}, lang)))
    else:
        out.append(Block("paragraph", t("report.none", lang)))
    fc = report.get("forecast")
    if fc:
        out.append(Block("heading", t("report.h.forecast", lang)))
        out.append(Block("table", table=forecast_table(report, lang)))
        out.extend(Block("note", text) for text in forecast_notes(fc, lang))
    if report["definitions"]:
        out.append(Block("heading", t("report.h.definitions", lang)))
        out.append(Block("table", table=definitions_table(report, lang)))
    out.append(Block("signoff", t("report.signoff", lang)))
    return out
