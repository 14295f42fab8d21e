"""An assessment result as data (the `assess` command's .json, and what an archive keeps):
`{system, system_name, period, level, scope, units:[{code, name, score, rank, n, ranked, light,
indicators{key: {value, points}}}]}` - scores to one decimal, as filed."""

from __future__ import annotations

import pandas as pd

from grassroots import fmt
from grassroots.assessment.scorecard import Scorecard


def _f(v, digits: int | None = None):
    x = fmt.number(v)
    return round(x, digits) if x is not None and digits is not None else x


def to_dict(sc: Scorecard, period: str, scope: str = "", window: tuple | None = None) -> dict:
    units = []
    for u in sc.units.itertuples():
        cells = sc.cells[sc.cells["unit_id"] == u.unit_id]
        inds = {}
        for c in cells.itertuples():
            inds[c.indicator] = {
                "value": _f(c.value, 4),
                "points": _f(c.weighted, 1),
                "numerator": _f(c.numerator),
                "denominator": _f(c.denominator),
                "excluded": bool(c.excluded),
            }
        rank = None if pd.isna(u.rank) else int(u.rank)
        units.append(
            {
                "code": str(u.unit_id),
                "name": str(u.unit_name),
                "score": _f(u.total, 1),
                "rank": rank,
                "n": None if pd.isna(u.cases) else int(u.cases),
                "ranked": bool(u.ranked),
                "light": u.light if isinstance(u.light, str) else None,
                "indicators": inds,
            }
        )
    out = {
        "system": sc.system.key,
        "system_name": sc.system.name,
        "period": period,
        "level": sc.level,
        "scope": scope,
        "min_n": sc.min_n,
        "max_total": sc.system.max_total,
        "units": units,
    }
    if window:
        out["window"] = {"from": str(window[0]), "to": str(window[1])}
    return out
