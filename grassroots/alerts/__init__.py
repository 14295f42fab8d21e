"""预警 alerts: rules (config/alerts.toml), their evaluation on the pages' queries, and the store of what
fired (`<database>.alerts.sqlite`) with acknowledgement and once-only sending.

    rules.py     load and validate the rules
    evaluate.py  which rules fire where at a moment
    store.py     since when, acknowledged by whom, sent or not
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from grassroots.alerts import evaluate as _evaluate
from grassroots.alerts import rules as _rules


def report_section(fetch, params: dict, context: dict) -> list[dict]:
    """The report's `alerts[]`: the rules that fire at the end of the report's window."""
    window = context["window"]
    at = min(context["as_of"], dt.datetime.combine(window.end, dt.time()) - dt.timedelta(seconds=1))
    return _evaluate.evaluate(fetch, _rules.load(), at, params)


def refresh(db_path: Path, force: bool = False) -> dict | None:
    """Evaluate every rule over the whole database at its as-of time and record what fires, unless the
    data has not changed since the last evaluation (newest record and last import the same). Called
    after every import, on schedule, and when the alerts page opens. Returns the counts, or None when
    nothing had to be done."""
    from grassroots import db, sql
    from grassroots.alerts.store import AlertStore, path_for

    store = AlertStore(path_for(Path(db_path)))
    with db.reader(db_path) as con:
        fetch = lambda name, params: sql.run(con, name, params)  # noqa: E731
        row = fetch("common/data_as_of", {}).iloc[0]
        signature = f"{row['newest_record']}|{row['last_import']}|{row['last_import_file']}"
        if not force and store.signature() == signature:
            return None
        import pandas as pd

        at = (
            pd.Timestamp(row["newest_record"]).to_pydatetime()
            if row["newest_record"] is not None and not pd.isna(row["newest_record"])
            else dt.datetime.now()
        )
        rules = _rules.load()
        fired = _evaluate.evaluate(fetch, rules, at, {"region": ""})
    counts = store.record(fired, at, {r.key for r in rules})
    store.set_signature(signature, at)
    return counts
