"""The assessment page's (考核评估) assembly without streamlit: its cards."""

from __future__ import annotations

from collections.abc import Callable

from grassroots.assessment.scorecard import Scorecard
from grassroots.assessment.system import System
from grassroots.cards import Card


def cards(sc: Scorecard, system: System, tr: Callable[..., str]) -> list[Card]:
    """Units assessed and ranked, the ranked units' average total, and how many of each light."""
    u = sc.units
    avg = u.loc[u["ranked"], "total"].mean()
    counts = u["light"].value_counts()
    lights = tr("asm.kpi.lights_value", g=counts.get("green", 0), y=counts.get("yellow", 0), r=counts.get("red", 0))
    return [
        Card(tr("asm.kpi.units"), f"{len(u)}", tr("asm.kpi.units_help", n=sc.min_n)),
        Card(tr("asm.kpi.ranked"), f"{int(u['ranked'].sum())}", tr("asm.kpi.units_help", n=sc.min_n)),
        Card(
            tr("asm.kpi.average"),
            "—" if avg != avg else f"{avg:.1f} / {system.max_total:g}",
            tr("asm.kpi.average_help"),
        ),
        Card(
            tr("asm.kpi.lights"),
            lights,
            tr("asm.kpi.lights_help", green=f"{system.lights.green:g}", yellow=f"{system.lights.yellow:g}"),
        ),
    ]
