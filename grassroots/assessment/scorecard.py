"""Scorecards: every unit's indicator values, points, total, rank and colour for one period, and the
change against the previous period.

`compute` asks for data through a `fetch(query_name, params) -> DataFrame` callable (the page passes
its cached query function; tests pass `sql.run` on a connection), so this module knows no database.

- value: numerator / denominator x scale (a ratio), or the numerator x scale (no denominator), or a
  value column; a deduction rule scores the numerator itself (the number of cases).
- no value (nothing to divide by, no records): the indicator's if_missing - 0 points ("zero"), full
  points ("full"), or left out with the unit's total rescaled to the system's full marks ("exclude").
- total = sum of weight x points; rank 1 = highest total, ties share a rank; a unit whose cases
  (the system's `cases` column) fall under the minimum n is shown, flagged and not ranked.
- change: total and rank against the previous period, each value against its previous value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from grassroots.assessment import rules
from grassroots.assessment.system import Indicator, System
from grassroots.progress import NULL, Progress

Fetch = Callable[[str, dict], pd.DataFrame]


@dataclass(frozen=True)
class Scorecard:
    system: System
    level: str
    min_n: int
    # one row per unit, best first: unit_id, unit_name, parent_name, cases, ranked, total, max_total,
    # light, rank, prev_total, total_change, prev_rank, rank_change
    units: pd.DataFrame
    # one row per unit and indicator: unit_id, indicator, numerator, denominator, value, score,
    # weighted, excluded, light, prev_value, value_change
    cells: pd.DataFrame

    def cell(self, unit_id: str, indicator: str) -> pd.Series:
        m = self.cells[(self.cells["unit_id"] == unit_id) & (self.cells["indicator"] == indicator)]
        if m.empty:
            raise KeyError((unit_id, indicator))
        return m.iloc[0]

    def unit(self, unit_id: str) -> pd.Series:
        m = self.units[self.units["unit_id"] == unit_id]
        if m.empty:
            raise KeyError(unit_id)
        return m.iloc[0]

    def ranked(self) -> pd.DataFrame:
        return self.units[self.units["ranked"]].sort_values(["rank", "unit_id"])

    def top(self, n: int = 5) -> pd.DataFrame:
        """红榜: the n best ranked units, best first."""
        return self.ranked().head(n)

    def bottom(self, n: int = 5) -> pd.DataFrame:
        """黑榜: the n worst ranked units, worst first."""
        return self.ranked().iloc[::-1].head(n)

    def wide(self, units: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per unit (best first; or the rows of `units`, e.g. top(5)) with
        <indicator>.<numerator|denominator|value|score|light|value_change>."""
        out = (self.units if units is None else units).copy()
        for ind in self.system.indicators:
            c = self.cells[self.cells["indicator"] == ind.key].set_index("unit_id")
            for col in ("numerator", "denominator", "value", "score", "light", "value_change"):
                out[f"{ind.key}.{col}"] = out["unit_id"].map(c[col])
        return out


def _num(v) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _column(frame: pd.DataFrame, name: str, query: str) -> pd.Series:
    if name not in frame.columns:
        raise ValueError(f"assessment/{query} returned no column {name!r}")
    return frame[name]


def value_of(ind: Indicator, numerator: float | None, denominator: float | None, value: float | None) -> float | None:
    """An indicator's value from its parts (see the module docstring)."""
    if ind.rule.kind == "deduction":
        return numerator if numerator is not None else 0.0
    if ind.value is not None:
        return None if value is None else value * ind.scale
    if ind.denominator is not None:
        if not denominator:
            return None
        return (numerator or 0.0) / denominator * ind.scale
    return (numerator or 0.0) * ind.scale


def _cells(system: System, units: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    by_unit = {name: frame.set_index("unit_id").to_dict("index") for name, frame in sources.items()}
    for ind in system.indicators:
        src = by_unit[ind.query]
        for uid in units["unit_id"]:
            rec = src.get(uid)

            def get(col, rec=rec, ind=ind):
                if col is None:
                    return None
                if rec is None:
                    return None if col == ind.value else 0.0
                return _num(rec[col])

            num, den, val = get(ind.numerator), get(ind.denominator), get(ind.value)
            value = value_of(ind, num, den, val)
            pts = rules.score(ind, value)
            excluded = False
            if pts is None:
                if ind.if_missing == "full":
                    pts = ind.points
                elif ind.if_missing == "zero":
                    pts = 0.0
                else:
                    excluded = True
            rows.append(
                {
                    "unit_id": uid,
                    "indicator": ind.key,
                    "numerator": num,
                    "denominator": den,
                    "value": value,
                    "score": pts,
                    "weighted": None if pts is None else pts * ind.weight,
                    "excluded": excluded,
                    "light": rules.light(ind.lights, value, ind.higher_is_better),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["unit_id", "indicator", "numerator", "denominator", "value", "score", "weighted", "excluded", "light"],
    )


def _totals(system: System, cells: pd.DataFrame) -> pd.Series:
    maxima = {i.key: i.max_weighted for i in system.indicators}
    out: dict[str, float | None] = {}
    for uid, g in cells.groupby("unit_id", sort=False):
        kept = g[~g["excluded"]]
        if kept.empty:
            out[uid] = None
            continue
        got = float(kept["weighted"].sum())
        possible = sum(maxima[k] for k in kept["indicator"])
        if possible <= 0:  # only indicators weighted 0 (a what-if) have a value: nothing to score
            out[uid] = None
            continue
        out[uid] = round(got if len(kept) == len(g) else got / possible * system.max_total, 6)
    return pd.Series(out, dtype="float64")


def _rank(units: pd.DataFrame) -> pd.Series:
    pool = units["total"].where(units["ranked"] & units["total"].notna())
    return pool.rank(ascending=False, method="min").astype("Int64")


def _one_period(
    system: System, level: str, fetch: Fetch, params: dict, min_n: int, progress: Progress
) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = {**params, "unit_level": level}
    units = fetch("assessment/units", p)[["unit_id", "unit_name", "parent_name"]].copy()
    needed = sorted({i.query for i in system.indicators} | {system.cases[0]})
    sources = {}
    for k, name in enumerate(needed):
        progress(k, len(needed), name)
        sources[name] = fetch(f"assessment/{name}", p)
        _column(sources[name], "unit_id", name)
    progress(len(needed), len(needed), "")
    cells = _cells(system, units, sources)
    src, col = system.cases
    case_frame = sources[src]
    cases = (
        case_frame.set_index("unit_id")[_column(case_frame, col, src).name]
        if len(case_frame)
        else pd.Series(dtype=float)
    )
    units["cases"] = units["unit_id"].map(cases).fillna(0).astype(int)
    units["ranked"] = units["cases"] >= min_n
    totals = _totals(system, cells)
    units["total"] = units["unit_id"].map(totals).astype("float64")
    units["max_total"] = system.max_total
    units["light"] = [rules.light(system.lights, _num(t)) for t in units["total"]]
    units["rank"] = _rank(units)
    return units, cells


def compute(
    system: System,
    level: str,
    fetch: Fetch,
    params: dict,
    previous_params: dict | None = None,
    min_n: int = 20,
    progress: Progress = NULL,
    weights: Mapping[str, float] | None = None,
) -> Scorecard:
    """The scorecard of `system` at `level` for the window in `params` (the shared filter params);
    with `previous_params`, also the change against that window; with `weights`, as if the system
    weighted its indicators so (System.with_weights: a what-if, nothing saved)."""
    if weights:
        system = system.with_weights(weights)
    if level not in system.levels:
        raise ValueError(f"{system.file} does not assess at level {level!r}")
    min_n = system.min_n or min_n
    half = progress if previous_params is None else (lambda d, t, label="": progress(d / 2, t, label))
    units, cells = _one_period(system, level, fetch, params, min_n, half)
    if previous_params is not None:
        rest = lambda d, t, label="": progress(t / 2 + d / 2, t, label)  # noqa: E731
        prev_units, prev_cells = _one_period(system, level, fetch, previous_params, min_n, rest)
        prev_total = prev_units.set_index("unit_id")["total"]
        prev_rank = prev_units.set_index("unit_id")["rank"]
        units["prev_total"] = units["unit_id"].map(prev_total).astype("float64")
        units["prev_rank"] = units["unit_id"].map(prev_rank).astype("Int64")
        pv = prev_cells.set_index(["unit_id", "indicator"])["value"]
        cells["prev_value"] = [_num(pv.get((u, k))) for u, k in zip(cells["unit_id"], cells["indicator"])]
    else:
        units["prev_total"] = float("nan")
        units["prev_rank"] = pd.array([pd.NA] * len(units), dtype="Int64")
        cells["prev_value"] = None
    units["total_change"] = units["total"] - units["prev_total"]
    units["rank_change"] = (units["prev_rank"] - units["rank"]).astype("Int64")  # + : moved up
    cells["value_change"] = [
        None if v is None or p is None or pd.isna(v) or pd.isna(p) else v - p
        for v, p in zip(cells["value"], cells["prev_value"])
    ]
    units = units.sort_values(
        ["ranked", "rank", "total", "unit_id"], ascending=[False, True, False, True], na_position="last"
    ).reset_index(drop=True)
    return Scorecard(system, level, min_n, units, cells)
