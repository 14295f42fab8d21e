"""What the alerts page shows, without Streamlit: alerts within a scope, as a labelled table."""

from __future__ import annotations

import pandas as pd

from grassroots import codes, i18n


def in_scope(entries: list[dict], region: str) -> list[dict]:
    """Alerts about units inside `region` (a code prefix; '' everything). A district-level alert (a
    programme's region) shows to the district and to the streets inside it."""
    region = region or ""
    return [e for e in entries if str(e["unit_code"]).startswith(region) or region.startswith(str(e["unit_code"]))]


def frame(entries: list[dict], lang: str = "zh") -> pd.DataFrame:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    rows = []
    for e in entries:
        ack = (
            ""
            if not e.get("acknowledged_at")
            else i18n.t("alerts.ack.by", lang, who=e["acknowledged_by"], at=e["acknowledged_at"])
        )
        rows.append(
            {
                t("alerts.col.rule"): e["rule_name"] if lang == "zh" else (e.get("rule_name_en") or e["rule_name"]),
                t("alerts.col.unit"): e["unit_name"],
                t("alerts.col.value"): e["value_text"],
                t("alerts.col.threshold"): e["threshold_text"],
                t("alerts.col.n"): "" if e.get("n") is None else f"{e['n']:,}",
                t("alerts.col.since"): e.get("since") or "",
                t("alerts.col.ack"): ack,
                t("alerts.col.note"): e.get("note") or "",
            }
        )
    return pd.DataFrame(rows)


def supervision_frame(entries: list[dict], lang: str = "zh") -> pd.DataFrame:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("report.col.ticket"): e["ticket_id"],
                t("report.col.reason"): e["reason_text"],
                t("report.col.days_overdue"): e["days_overdue"],
                t("report.col.department"): e["department"],
                t("report.col.unit_name"): e["unit_name"],
                t("report.col.category"): " / ".join(
                    str(codes.label(k, x, lang))
                    for k, x in (("ticket_category", e.get("category")), ("ticket_subcategory", e.get("subcategory")))
                    if x
                ),
                t("supervision.col.reported"): e["reported_at"],
                t("supervision.col.due"): e["due_at"],
            }
            for e in entries
        ]
    )


def counts_frame(counts: pd.DataFrame, key: str, names: dict[str, str], lang: str = "zh") -> pd.DataFrame:
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    label = t("report.col.department") if key == "department" else t("alerts.col.street")
    return pd.DataFrame(
        {
            label: [names.get(x, x) or t("report.unknown") for x in counts[key]],
            t("report.col.listed"): counts["tickets"],
            t("supervision.reason.overdue"): counts["overdue"],
            t("supervision.reason.escalated"): counts["escalated"],
            t("report.col.max_days_overdue"): counts["max_days_overdue"].round(1),
        }
    )
