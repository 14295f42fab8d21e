"""The official 红榜/黑榜: one ranking for a period, a level and a scope, computed from the indicator
system config/app.toml [ranking] names (default: config/indicators/default.toml). The overview, the
assessment page, its workbook and PDF, and the monthly report all take their lists from here, so a
unit never stands on one page's 红榜 and another page's 黑榜 for the same period.

- Level follows the filter (`level_for`): no region or a district ranks streets; a street ranks its
  communities; a community ranks its centres. A chosen centre has nothing to be ranked against.
- Scores and ranks are the scorecard's (grassroots/assessment/scorecard.py): the system's total, rank
  1 = best, ties share a rank, units under the minimum n (the system's cases count) are listed as
  unranked and never on either list.
- The lists: `top_n` each when at least 2 x top_n units are ranked; otherwise the ranked units are
  split in halves (an odd middle unit is on neither list), so no unit stands on both. A tie at the
  cut takes every tied unit onto the list; a tie that straddles the middle of the ranking (the same
  score would put units on both lists) leaves those units off both. With fewer than 2 ranked units,
  or when every ranked unit has the same total, there are no lists, and `reason` says why.
- Any other system's ordering is the same computation under another name (`official` False): the
  page calls its lists "按〈体系名〉排序 前5/后5", never 红榜/黑榜 (`titles`).

`compute` asks for data through a `fetch(query_name, params) -> DataFrame` callable, like
scorecard.compute; `to_dict()` gives the JSON the report embeds:
{"system": {"key", "name"}, "level", "red": [...], "black": [...], "unranked": [...]}, each entry
{"code", "name", "score", "rank", "n", "rank_interval", "uncertain"}.

- rank_interval: the 95% interval [lo, hi] of a ranked unit's rank, by a parametric bootstrap over
  its counts (grassroots/assessment/intervals.py); None for an unranked unit. `uncertain`: the
  interval spans more than half of the ranked list.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from grassroots import config, i18n
from grassroots.assessment import intervals, scorecard
from grassroots.assessment import system as systems
from grassroots.assessment.scorecard import Fetch, Scorecard
from grassroots.assessment.system import System
from grassroots.progress import NULL, Progress

# why a ranking has no lists (an i18n key each: rank.reason.<reason>)
TOO_FEW = "too_few"  # fewer than 2 units reach the minimum n
CENTRE_CHOSEN = "centre_chosen"  # the filter is one centre
NOT_ASSESSED = "not_assessed"  # the system does not assess this level
NO_UNITS = "no_units"  # no unit of this level in scope
ALL_TIED = "all_tied"  # every ranked unit has the same total
NO_CASES = "no_cases"  # no unit has a case in the window (e.g. a shared link to a month not imported yet)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    score: float | None  # the system's total, to one decimal
    rank: int | None  # 1 = best among the ranked units; None when not ranked
    n: int  # the system's cases count (e.g. tickets reported in the period)
    rank_interval: tuple[int, int] | None = None  # 95% interval of the rank; None when not ranked
    uncertain: bool = False  # the interval spans more than half the ranked list

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "score": self.score,
            "rank": self.rank,
            "n": self.n,
            "rank_interval": None if self.rank_interval is None else list(self.rank_interval),
            "uncertain": self.uncertain,
        }

    def rank_text(self, lang: str = "zh") -> str:
        """The rank with its interval as a list shows it: 3（2–9）, 3（2–9，不确定）; "—" when not ranked."""
        if self.rank is None:
            return "—"
        if self.rank_interval is None:
            return str(self.rank)
        lo, hi = self.rank_interval
        key = "rank.with_interval_uncertain" if self.uncertain else "rank.with_interval"
        return i18n.t(key, lang, rank=self.rank, lo=lo, hi=hi)


@dataclass(frozen=True)
class Ranking:
    system: System
    level: str
    official: bool  # the system config/app.toml [ranking] names
    top_n: int
    min_n: int
    red: tuple[Entry, ...] = ()
    black: tuple[Entry, ...] = ()
    unranked: tuple[Entry, ...] = ()
    ranked_count: int = 0  # units with a rank (the lists are drawn from these)
    reason: str | None = None  # why there are no lists (see the constants above)
    scorecard: Scorecard | None = field(default=None, repr=False)

    @property
    def per_list(self) -> int:
        """How many places each list has: top_n, or half the ranked units when fewer than 2 x top_n."""
        return min(self.top_n, self.ranked_count // 2)

    @property
    def ties_at_cut(self) -> bool:
        """A list is longer or shorter than `per_list` because of equal totals at a cut."""
        return bool(self.ranked_count >= 2) and (len(self.red) != self.per_list or len(self.black) != self.per_list)

    def to_dict(self, lang: str = "zh") -> dict:
        return {
            "system": {"key": self.system.key, "name": self.system.label(lang)},
            "level": self.level,
            "red": [e.to_dict() for e in self.red],
            "black": [e.to_dict() for e in self.black],
            "unranked": [e.to_dict() for e in self.unranked],
        }

    def titles(self, lang: str = "zh") -> tuple[str, str]:
        """The two lists' names: 红榜/黑榜 for the official system, "按〈体系名〉排序 前k/后k" otherwise."""
        k = self.per_list or self.top_n
        if self.official:
            return i18n.t("rank.red", lang, k=k), i18n.t("rank.black", lang, k=k)
        name = self.system.label(lang)
        return i18n.t("rank.other_top", lang, system=name, k=k), i18n.t("rank.other_bottom", lang, system=name, k=k)

    def message(self, lang: str = "zh") -> str | None:
        """Why there are no lists, or how they were shortened; None when both lists are full."""
        if self.reason:
            return i18n.t(
                f"rank.reason.{self.reason}",
                lang,
                level=i18n.t(f"asm.level.{self.level}", lang),
                n=self.min_n,
                system=self.system.label(lang),
                ranked=self.ranked_count,
            )
        if self.per_list < self.top_n:
            return i18n.t("rank.split", lang, ranked=self.ranked_count, k=self.per_list, top_n=self.top_n)
        return None


def level_for(params: dict) -> str:
    """The level the filter ranks: streets (no region or a district), a street's communities, a
    community's centres; a chosen centre: centres (one, so no lists)."""
    if params.get("centre_id"):
        return "centre"
    region = params.get("region") or ""
    if len(region) >= 12:
        return "centre"
    if len(region) >= 9:
        return "community"
    return "street"


def official_system() -> System:
    """The indicator system of the official ranking (config/app.toml [ranking] system). A refused file
    raises IndicatorConfigError, which names the file and line."""
    return systems.load(systems.INDICATORS_DIR / f"{config.app().ranking_system}.toml")


def is_official(s: System) -> bool:
    return s.key == config.app().ranking_system


def _round(v) -> float | None:
    """To one decimal, halves up (四舍五入), as a published list reads: 81.25 -> 81.3."""
    if v is None or pd.isna(v):
        return None
    return float(Decimal(repr(round(float(v), 6))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _entry(row, spans: dict[str, tuple[int, int]] | None = None, ranked_count: int = 0) -> Entry:
    rank = row["rank"]
    rank = None if rank is None or pd.isna(rank) else int(rank)
    span = (spans or {}).get(str(row["unit_id"])) if rank is not None else None
    return Entry(
        code=str(row["unit_id"]),
        name=str(row["unit_name"]),
        score=_round(row["total"]),
        rank=rank,
        n=int(row["cases"]),
        rank_interval=span,
        uncertain=intervals.is_uncertain(span, ranked_count),
    )


def _split(ranked: pd.DataFrame, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The best and the worst `k` of `ranked` (unit_id, total, rank), ties at each cut taken whole, and
    units on both (a tie across the middle) on neither."""
    if k <= 0 or ranked.empty:
        return ranked.iloc[0:0], ranked.iloc[0:0]
    worst_rank = ranked["total"].rank(ascending=True, method="min")
    best = ranked[ranked["rank"] <= k]
    worst = ranked[worst_rank <= k]
    both = set(best["unit_id"]) & set(worst["unit_id"])
    best = best[~best["unit_id"].isin(both)].sort_values(["rank", "unit_id"])
    worst = worst[~worst["unit_id"].isin(both)]
    worst = worst.assign(_w=worst_rank[worst.index]).sort_values(["_w", "unit_id"]).drop(columns="_w")
    return best, worst


def from_scorecard(
    sc: Scorecard, top_n: int | None = None, official: bool | None = None, centre_chosen: bool = False
) -> Ranking:
    """The lists of a computed scorecard (see the module docstring)."""
    top_n = config.app().top_n if top_n is None else top_n
    official = is_official(sc.system) if official is None else official
    u = sc.units
    rankable = u["ranked"] & u["total"].notna() & u["rank"].notna()
    ranked = u[rankable][["unit_id", "unit_name", "total", "rank", "cases"]].copy()
    unranked = tuple(_entry(r) for _, r in u[~rankable].sort_values("unit_id").iterrows())
    ranking = functools.partial(
        Ranking,
        system=sc.system,
        level=sc.level,
        official=official,
        top_n=top_n,
        min_n=sc.min_n,
        unranked=unranked,
        ranked_count=len(ranked),
        scorecard=sc,
    )
    if len(ranked) < 2:
        if centre_chosen:
            return ranking(reason=CENTRE_CHOSEN)
        if u.empty:
            return ranking(reason=NO_UNITS)
        if not u["cases"].fillna(0).astype(bool).any():  # listing every unit with 0 cases says nothing
            return ranking(reason=NO_CASES, unranked=())
        return ranking(reason=TOO_FEW)
    k = min(top_n, math.floor(len(ranked) / 2))
    best, worst = _split(ranked, k)
    if best.empty and worst.empty:
        return ranking(reason=ALL_TIED)
    spans = intervals.rank_intervals(sc)
    return ranking(
        red=tuple(_entry(r, spans, len(ranked)) for _, r in best.iterrows()),
        black=tuple(_entry(r, spans, len(ranked)) for _, r in worst.iterrows()),
    )


def compute(
    fetch: Fetch,
    params: dict,
    level: str | None = None,
    previous_params: dict | None = None,
    system: System | None = None,
    min_n: int | None = None,
    top_n: int | None = None,
    progress: Progress = NULL,
) -> Ranking:
    """红榜/黑榜 for the window and scope in `params` (the shared filter params) at `level` (default:
    the one the filter implies, `level_for`), from `system` (default: the official one). With
    `previous_params` the scorecard also carries the change against that window."""
    cfg = config.app()
    chosen = system or official_system()
    level = level or level_for(params)
    min_n = cfg.min_n if min_n is None else min_n
    top_n = cfg.top_n if top_n is None else top_n
    official = is_official(chosen)
    if level not in chosen.levels:
        return Ranking(chosen, level, official, top_n, chosen.min_n or min_n, reason=NOT_ASSESSED)
    sc = scorecard.compute(chosen, level, fetch, params, previous_params, min_n=min_n, progress=progress)
    return from_scorecard(sc, top_n, official, centre_chosen=bool(params.get("centre_id")))


def filter_keys(level: str, code: str) -> dict[str, str]:
    """The filter bar's session-state keys (grassroots/ui/filters.py) that make unit `code` of `level`
    the chosen region: a street sets its district and itself, a community also its street. A centre
    is not a region: its community is chosen and the centre picked."""
    if level == "street":
        return {"district": code[:6], "street": code[:9], "community": ""}
    if level == "community":
        return {"district": code[:6], "street": code[:9], "community": code[:12]}
    return {"centre": code}


def report_section(fetch: Fetch, params: dict, context: dict) -> dict | None:
    """The monthly report's `ranking` section (grassroots/report/sections.py): `to_dict` of the
    official ranking for the report's window and scope; None when the official system is refused."""
    try:
        return compute(fetch, params).to_dict(context.get("lang", "zh"))
    except systems.IndicatorConfigError:
        return None
