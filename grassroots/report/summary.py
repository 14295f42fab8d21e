"""The report's written summary ("10月共受理诉求N件，同比增长x%……"), built only from the report's
numbers: every figure in a sentence is a value of the report's JSON, rounded as shown. A value that is
missing (no tickets, no comparison) drops its clause instead of printing a guess."""

from __future__ import annotations

from grassroots.i18n import t


def _pct(v: float) -> str:
    return f"{v:.1f}"


def _count(v) -> str:
    return f"{int(v):,}"


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
    c = report["comparisons"][key]
    previous = t(
        "report.summary.preceding" if report["period"]["kind"] == "custom" else "report.summary.previous", lang
    )
    parts = [_trend(c["yoy"], kind, t("report.summary.yoy", lang), lang), _trend(c.get("mom"), kind, previous, lang)]
    return t("report.summary.and", lang).join(p for p in parts if p)


def _clause(value, template: str, fmt=_pct) -> str:
    """`template` with the value written in, or nothing when the value is missing."""
    return "" if value is None else template.format(fmt(value))


def _with_changes(text: str, report: dict, key: str, kind: str, lang: str) -> str:
    """`text`, then the changes of the report's `key` when there are any: "，同比增长…" / " (up … year on year)"."""
    ch = _changes(report, key, kind, lang)
    if not ch:
        return text
    return f"{text}，{ch}" if lang == "zh" else f"{text} ({ch})"


# the tickets' clauses, in order: (kpi, how its value is written, how its change reads or None, the clause in
# each language, a tail added when another kpi has a value); a language without the clause leaves it out
TICKET_CLAUSES = (
    ("tickets_received", _count, "count", {"zh": "{where}共受理诉求{}件", "en": "{where} received {} requests"}, None),
    ("tickets_closed", _count, None, {"zh": "期内办结{}件", "en": "{} were closed in the period"}, None),
    ("on_time_pct", _pct, "rate", {"zh": "按期结案率{}%", "en": "on-time closure {}%"}, None),
    ("closure_rate_pct", _pct, None, {"zh": "结案率{}%"}, None),
    (
        "median_hours_to_close",
        _pct,
        None,
        {"zh": "办结用时中位数{}小时", "en": "median time to close {} h"},
        ("p90_hours_to_close", {"zh": "，九成诉求在{}小时内办结"}),
    ),
)
# how the clauses are joined and the sentence ends
SENTENCE = {"zh": ("，", "。"), "en": ("; ", ".")}


def _tickets(r: dict, where: str, lang: str) -> str:
    """The tickets' sentence in `lang`, opening with `where`; "" when none of its kpis has a value."""
    k = r["kpis"]
    out = []
    for key, fmt, change, texts, tail in TICKET_CLAUSES:
        if k[key] is None or lang not in texts:
            continue
        text = texts[lang].format(fmt(k[key]), where=where)
        if change:
            text = _with_changes(text, r, key, change, lang)
        if tail and lang in tail[1]:
            text += _clause(k[tail[0]], tail[1][lang])
        out.append(text)
    join, stop = SENTENCE[lang]
    return join.join(out) + stop if out else ""


def write(report: dict, lang: str = "zh") -> str:
    return _zh(report) if lang == "zh" else _en(report)


def _zh(r: dict) -> str:
    k = r["kpis"]
    where = f"{r['period']['label']}，{r['scope']['name']}"
    if not r["period"].get("complete", True):
        where = f"{r['period']['label']}（截至{_day_zh(r['period']['to'])}），{r['scope']['name']}"
    text = _tickets(r, where, "zh")
    act = []
    if k["activities"] is not None:
        act.append(f"开展阵地活动{_count(k['activities'])}场、服务{_count(k['person_visits'] or 0)}人次")
    if k["services"] is not None:
        act.append(f"办理政务服务{_count(k['services'])}件" + _clause(k["online_share_pct"], "，其中网上办理占{}%"))
    if act:
        text += ("" if text else f"{where}") + "；".join(act) + "。"
    if k["satisfaction_pct"] is not None:
        text += _with_changes(f"群众满意率{_pct(k['satisfaction_pct'])}%", r, "satisfaction_pct", "rate", "zh") + "。"
    rk = r.get("ranking") or {}
    if rk.get("red"):
        first = rk["red"][0]
        text += f"综合考核红榜第一为{first['name']}（{_pct(first['score'])}分）"
        if rk.get("black"):
            last = rk["black"][0]
            text += f"，黑榜末位为{last['name']}（{_pct(last['score'])}分）"
        text += "。"
    hs = r.get("hotspots") or []
    if hs:
        h = hs[0]
        words = "、".join(h.get("keywords", [])[:3])
        text += (
            f"热点诉求{len(hs)}处，最突出的是{h['unit_name']}的“{h.get('subcategory') or h.get('category')}”"
            f"（{_count(h['count'])}件" + (f"，涉及{words}" if words else "") + "）。"
        )
    rp = r.get("repeats") or {}
    if rp.get("count"):
        text += f"重复诉求{_count(rp['count'])}件" + _clause(rp.get("rate_pct"), "，占{}%") + "。"
    if r.get("alerts"):
        text += f"触发预警{_count(len(r['alerts']))}条。"
    if r.get("supervision"):
        text += f"列入督办{_count(len(r['supervision']))}件。"
    return text


def _day_zh(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{m}月{d}日"


def _en(r: dict) -> str:
    k = r["kpis"]
    text = _tickets(r, f"In {r['period']['label']}, {r['scope']['name']}", "en")
    if k["activities"] is not None:
        text += (
            f" {_count(k['activities'])} activities served {_count(k['person_visits'] or 0)} person-visits;"
            f" {_count(k['services'] or 0)} services were handled"
        )
        text += _clause(k["online_share_pct"], ", {}% online") + "."
    if k["satisfaction_pct"] is not None:
        text += f" Satisfaction {_pct(k['satisfaction_pct'])}%."
    return text.strip()
