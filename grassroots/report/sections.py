"""The report's sections that other parts of the engine compute. Each is `(fetch, params, context) ->
JSON value`, where params are the report window's query parameters and context holds the period, the
windows, the language and the as-of time."""

from __future__ import annotations

from typing import Callable

from grassroots import alerts, supervision
from grassroots.assessment import official
from grassroots.metrics import hotspots, repeats

ALL: dict[str, Callable] = {
    "ranking": official.report_section,
    "alerts": alerts.report_section,
    "supervision": supervision.report_section,
    "hotspots": hotspots.report_section,
    "repeats": repeats.report_section,
}
