"""The overview's KPIs: which column, whether it is a rate, how it reads, and how it changed."""

from __future__ import annotations

from dataclasses import dataclass

from grassroots import fmt
from grassroots.periods import change


@dataclass(frozen=True)
class Kpi:
    key: str  # string key kpi.<key> and column in overview/kpis
    kind: str  # count | rate | hours
    higher_is_better: bool = True


KPIS = (
    Kpi("activities", "count"),
    Kpi("person_visits", "count"),
    Kpi("services", "count"),
    Kpi("online_share", "rate"),
    Kpi("received", "count", higher_is_better=True),
    Kpi("closed", "count"),
    Kpi("median_hours_to_close", "hours", higher_is_better=False),
    Kpi("on_time_rate", "rate"),
    Kpi("satisfaction_rate", "rate"),
)


def delta(kpi: Kpi, current, base) -> float | None:
    """Change against a base: percent for counts and hours, percentage points for rates."""
    return change(fmt.number(current), fmt.number(base), kpi.kind == "rate")


# The page (and tab of it) behind each overview card: (page file, navigation label key, tab or None).
BEHIND = {
    "activities": ("pages/activities.py", "nav.activities", None),
    "person_visits": ("pages/activities.py", "nav.activities", None),
    "services": ("pages/services.py", "nav.services", None),
    "online_share": ("pages/services.py", "nav.services", None),
    "received": ("pages/tickets.py", "nav.tickets", "volume"),
    "closed": ("pages/tickets.py", "nav.tickets", "volume"),
    "median_hours_to_close": ("pages/tickets.py", "nav.tickets", "turnaround"),
    "on_time_rate": ("pages/tickets.py", "nav.tickets", "deadlines"),
    "satisfaction_rate": ("pages/tickets.py", "nav.tickets", "rates"),
    "pilots": ("pages/coverage.py", "nav.coverage", None),
}
