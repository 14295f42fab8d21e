"""预警 alerts: rules (config/alerts.toml), their evaluation on the pages' queries, and the store of what
fired (`<database>.alerts.sqlite`) with acknowledgement and once-only sending.

    rules.py     load and validate the rules
    evaluate.py  which rules fire where at a moment
    store.py     since when, acknowledged by whom, sent or not
"""

from __future__ import annotations

import datetime as dt

from grassroots.alerts import evaluate as _evaluate
from grassroots.alerts import rules as _rules


def report_section(fetch, params: dict, context: dict) -> list[dict]:
    """The report's `alerts[]`: the rules that fire at the end of the report's window."""
    window = context["window"]
    at = min(context["as_of"], dt.datetime.combine(window.end, dt.time()) - dt.timedelta(seconds=1))
    return _evaluate.evaluate(fetch, _rules.load(), at, params)
