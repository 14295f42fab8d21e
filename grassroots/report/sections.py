"""The report's sections that other parts of the engine compute. Each is `(fetch, params, context) ->
JSON value`, where params are the report window's query parameters and context holds the period, the
windows, the language and the as-of time."""

from __future__ import annotations

from collections.abc import Callable

from grassroots import alerts, privacy, supervision
from grassroots.assessment import official
from grassroots.metrics import explain, forecast, hotspots, repeats


def _repeats(fetch, params: dict, context: dict) -> dict:
    """Repeat groups with their addresses masked to the community: a report travels to chat groups and
    mailboxes, so it carries no resident's address, whoever made it."""
    out = repeats.report_section(fetch, params, context)
    for g in out.get("groups", []):
        if g.get("address"):
            g["address"] = privacy.mask_address(g["address"])
    return out


def _supervision(fetch, params: dict, context: dict) -> list[dict]:
    """The 督办 list at the window's end, with the tickets of repeat groups still open then."""
    groups = (context.get("sections") or {}).get("repeats", {}).get("groups", [])
    return supervision.report_section(
        fetch, params, context, repeat_ids={t for g in groups for t in g.get("ticket_ids", [])}
    )


ALL: dict[str, Callable] = {
    "ranking": official.report_section,
    "alerts": alerts.report_section,
    "hotspots": hotspots.report_section,
    "repeats": _repeats,
    "supervision": _supervision,  # after repeats: repeat complaints go on the list
    "explain": explain.report_section,
    "forecast": forecast.report_section,
}
