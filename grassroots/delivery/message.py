"""What a delivery says, built from the report's own .json (never from the other files) or from the
alert store's entries: the title, the headline numbers with their 同比/环比, the summary, and the
names of the files."""

from __future__ import annotations

import json
from pathlib import Path

from grassroots import i18n
from grassroots.delivery.destinations import Message
from grassroots.report import build as B
from grassroots.report import layout

HEADLINE = (
    "tickets_received",
    "tickets_closed",
    "on_time_pct",
    "closure_rate_pct",
    "median_hours_to_close",
    "satisfaction_pct",
    "activities",
    "services",
)


def t(key: str, lang: str, **fmt) -> str:
    return i18n.t(key, lang, **fmt)


def report_json(files: list[Path]) -> Path | None:
    """The report's .json: one of the files, or the .json of the same name beside the first file."""
    for f in files:
        if f.suffix.lower() == ".json":
            return f
    for f in files:
        beside = f.with_suffix(".json")
        if beside.exists():
            return beside
    return None


def headline_lines(report: dict, lang: str) -> list[tuple[str, str]]:
    """(label, "value（同比 +x%，环比 +y%）") for the headline numbers, worded as the report's own table."""
    out = []
    year = report["period"]["kind"] == "year"
    for key in HEADLINE:
        if key not in report.get("kpis", {}):
            continue
        kind = B.kpi_kind(key)
        value = layout.value_text(report["kpis"][key], kind, lang)
        c = (report.get("comparisons") or {}).get(key) or {}
        changes = [f"{t('delivery.yoy', lang)} {layout.change_text(c.get('yoy'), kind, lang)}"]
        if not year:
            changes.append(f"{t('delivery.mom', lang)} {layout.change_text(c.get('mom'), kind, lang)}")
        sep = "，" if lang == "zh" else ", "
        out.append(
            (
                t(f"report.kpi.{key}", lang),
                f"{value}（{sep.join(changes)}）" if lang == "zh" else f"{value} ({sep.join(changes)})",
            )
        )
    return out


def for_report(files: list[Path], lang: str = "zh", sends_files: bool = True) -> Message:
    """The message for report files; the headline numbers come from the report's .json when present."""
    path = report_json(files)
    report = None
    if path is not None:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            report = None
    names = [f.name for f in files]
    title = (report or {}).get("title") or files[0].stem
    md = [f"## {title}"]
    text = [title, ""]
    if report:
        p = report["period"]
        span = t("delivery.span", lang, frm=p["from"], to=p["to"], as_of=p.get("as_of", ""))
        md.append(f"> {span}")
        text.append(span)
        text.append("")
        for label, value in headline_lines(report, lang):
            md.append(t("common.labelled", lang, label=f"**{label}**", value=value))
            text.append(t("common.labelled", lang, label=label, value=value))
        if report.get("summary"):
            md += ["", report["summary"]]
            text += ["", report["summary"]]
    listed = i18n.listing(names, lang)
    notes = {k: t(f"delivery.files_{k}", lang, files=listed) for k in ("follow", "filed", "attached")}
    return Message(title=title, markdown="\n".join(md), text="\n".join(text), files=list(files), notes=notes, lang=lang)


def for_alerts(alerts: list[dict], lang: str = "zh") -> Message:
    title = t("delivery.alerts_title", lang, n=len(alerts))
    md = [f"## {title}"]
    text = [title, ""]
    for a in alerts:
        rule = a.get("rule_name") if lang == "zh" else (a.get("rule_name_en") or a.get("rule_name"))
        line = t(
            "delivery.alert_line",
            lang,
            unit=a.get("unit_name") or a.get("unit_code"),
            rule=rule,
            value=a.get("value_text", a.get("value")),
            threshold=a.get("threshold_text", a.get("threshold")),
            since=a.get("since", ""),
        )
        md.append(f"- {line}")
        text.append(f"- {line}")
    return Message(title=title, markdown="\n".join(md), text="\n".join(text), files=[], lang=lang)
