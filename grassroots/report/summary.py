"""The report's written summary ("10月共受理诉求N件，同比增长x%……"), built only from the report's
numbers: every figure in a sentence is a value of the report's JSON, rounded as shown. A value that is
missing (no tickets, no comparison, no hot spot) drops its clause instead of printing a guess.

One walk over SENTENCES writes either language: each clause names its wording ("report.summary.<key>" in
grassroots/strings/report.toml, Chinese and English side by side), so both languages state the same facts
from the same numbers. A wording with a ".zero" or ".one" form is written in that form when its number is 0 or 1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from grassroots import codes, i18n
from grassroots.i18n import t


def _pct(v: float) -> str:
    return f"{v:.1f}"


def _count(v) -> str:
    return f"{int(v):,}"


def _say(key: str, lang: str, number=None, /, **fields) -> str:
    """The wording `report.summary.<key>` in `lang` with `fields` written in; its ".zero" or ".one" form
    when `number` is 0 or 1 and the wording has one."""
    name = f"report.summary.{key}"
    form = name + {0: ".zero", 1: ".one"}.get(number, "")
    return t(form if form in i18n.table() else name, lang, **fields)


def _trend(change: float | None, kind: str, label: str, lang: str) -> str:
    """ "同比增长12.5%" / "同比下降3.0个百分点" / "同比持平"; "up 12.5% year on year" (the report.summary strings)."""
    if change is None:
        return ""
    if abs(change) < 0.05:
        return t("report.summary.flat", lang, label=label)
    word = t(f"report.summary.{'up' if change > 0 else 'down'}.{kind}", lang)
    unit = t("report.summary.pp", lang) if kind == "rate" else "%"
    return t("report.summary.phrase", lang, label=label, word=word, n=_pct(abs(change)), unit=unit)


def _changes(report: dict, key: str, kind: str, lang: str) -> str:
    """ "，同比增长…，环比…" / " (up … year on year, …)"; "" when nothing is compared."""
    c = report["comparisons"][key]
    previous = t(
        "report.summary.preceding" if report["period"]["kind"] == "custom" else "report.summary.previous", lang
    )
    parts = [_trend(c["yoy"], kind, t("report.summary.yoy", lang), lang), _trend(c.get("mom"), kind, previous, lang)]
    text = t("report.summary.and", lang).join(p for p in parts if p)
    return _say("changes", lang, changes=text) if text else ""


def _part(value, key: str, lang: str, fmt: Callable = _pct) -> str:
    """The optional part `key` with `value` written in, or nothing when the value is missing."""
    return "" if value is None else _say(key, lang, value, n=fmt(value))


@dataclass(frozen=True)
class Clause:
    """One fact: `value(report)` is its number (None drops the clause), written with `fmt` into the
    wording `key`; `kpi` with `change` adds how that KPI changed ("count", "rate" or "hours");
    `parts(report, lang)` gives the wording's other fields (names, optional tails)."""

    key: str
    value: Callable[[dict], Any]
    fmt: Callable = _pct
    kpi: str | None = None
    change: str | None = None
    parts: Callable[[dict, str], dict] = lambda r, lang: {}

    def write(self, r: dict, lang: str, where: str) -> str:
        v = self.value(r)
        if v is None:
            return ""
        changes = _changes(r, self.kpi, self.change, lang) if self.kpi and self.change else ""
        return _say(self.key, lang, v, n=self.fmt(v), where=where, changes=changes, **self.parts(r, lang))


@dataclass(frozen=True)
class Sentence:
    """Clauses joined by `join` ("report.summary.<join>"); with `opens`, a sentence that comes first
    opens with the period and the scope."""

    clauses: tuple[Clause, ...]
    join: str = "join"
    opens: bool = False


def _kpi(key: str, wording: str, fmt: Callable = _pct, change: str | None = None, parts=None) -> Clause:
    return Clause(wording, lambda r: r["kpis"][key], fmt, key, change, parts or (lambda r, lang: {}))


def _visits(r: dict, lang: str) -> dict:
    v = r["kpis"]["person_visits"] or 0
    return {"visits": _say("visits", lang, v, n=_count(v))}


def _ranking(r: dict):
    red = (r.get("ranking") or {}).get("red")
    return red[0]["score"] if red else None


def _ranking_parts(r: dict, lang: str) -> dict:
    rk = r["ranking"]
    black = rk.get("black")
    last = _say("black", lang, name=black[0]["name"], score=_pct(black[0]["score"])) if black else ""
    return {"name": rk["red"][0]["name"], "black": last}


def _hotspots(r: dict):
    return len(r["hotspots"]) if r.get("hotspots") else None


def _hotspot_parts(r: dict, lang: str) -> dict:
    h = r["hotspots"][0]
    kind, value = ("ticket_subcategory", h["subcategory"]) if h.get("subcategory") else ("ticket_category", None)
    category = codes.label(kind, value or h.get("category"), lang)
    words = i18n.listing(h.get("keywords", [])[:3], lang)
    return {
        "unit": h["unit_name"],
        "category": category,
        "count": _say("requests", lang, h["count"], n=_count(h["count"])),
        "words": _say("keywords", lang, words=words) if words else "",
    }


def _repeats(r: dict):
    return (r.get("repeats") or {}).get("count") or None


def _repeat_parts(r: dict, lang: str) -> dict:
    return {"share": _part(r["repeats"].get("rate_pct"), "repeats.share", lang)}


def _behind_parts(r: dict, lang: str) -> dict:
    items = [_say("behind.item", lang, table=b["name"], last=b["last"]) for b in r["period"]["behind"]]
    return {"items": i18n.listing(items, lang)}


def _listed(section: str) -> Callable[[dict], int | None]:
    return lambda r: len(r[section]) if r.get(section) else None


# the summary, sentence by sentence
SENTENCES = (
    Sentence(
        (
            _kpi("tickets_received", "received", _count, "count"),
            _kpi("tickets_closed", "closed", _count),
            _kpi("on_time_pct", "on_time", change="rate"),
            _kpi("closure_rate_pct", "closure_rate"),
            _kpi(
                "median_hours_to_close",
                "median_hours",
                parts=lambda r, lang: {"p90": _part(r["kpis"]["p90_hours_to_close"], "p90_hours", lang)},
            ),
        )
    ),
    Sentence(
        (
            _kpi("activities", "activities", _count, parts=_visits),
            _kpi(
                "services",
                "services",
                _count,
                parts=lambda r, lang: {"online": _part(r["kpis"]["online_share_pct"], "online", lang)},
            ),
        ),
        join="join.activities",
        opens=True,
    ),
    Sentence((_kpi("satisfaction_pct", "satisfaction", change="rate"),)),
    Sentence((Clause("ranking", _ranking, parts=_ranking_parts),)),
    Sentence((Clause("hotspots", _hotspots, _count, parts=_hotspot_parts),)),
    Sentence((Clause("repeats", _repeats, _count, parts=_repeat_parts),)),
    Sentence((Clause("alerts", _listed("alerts"), _count),)),
    Sentence((Clause("supervision", _listed("supervision"), _count),)),
    Sentence((Clause("behind", lambda r: len(r["period"].get("behind") or []) or None, _count, parts=_behind_parts),)),
)


def where(r: dict, lang: str) -> str:
    """ "2026年10月，官渡区" / "In October 2026, 官渡区"; a running period says up to which day."""
    p = r["period"]
    label = _say("label.custom", lang, label=p["label"]) if p["kind"] == "custom" else p["label"]
    # the whole area is a phrase inside the sentence ("In October 2026, all districts received ..."), a unit its name
    scope = r["scope"]["name"] if r["scope"].get("code") else _say("all", lang)
    if p.get("complete", True):
        return _say("where", lang, label=label, scope=scope)
    day = dt.date.fromisoformat(p["to"])
    to = _say("day", lang, m=day.month, d=day.day, month=f"{day:%B}")
    return _say("where.running", lang, label=label, scope=scope, day=to)


def write(report: dict, lang: str = "zh") -> str:
    """The summary in `lang` ("zh" or "en"); "" when the report holds nothing to say."""
    opening = where(report, lang)
    stop = _say("stop", lang)
    out: list[str] = []
    for s in SENTENCES:
        clauses = [text for c in s.clauses if (text := c.write(report, lang, opening))]
        if not clauses:
            continue
        text = _say(s.join, lang).join(clauses) + stop
        if s.opens and not out:
            text = _say("opening", lang, where=opening) + text
        out.append(text)
    return "".join(out).rstrip()
