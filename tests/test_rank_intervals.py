"""Rank intervals (grassroots/assessment/intervals.py): a parametric bootstrap of each ranked unit's
counts under the default indicator system. Scorecards are computed from hand-made per-unit counts
through scorecard.compute, so the bootstrap's rescoring is checked against the scorecard's own."""

import time

import pandas as pd

from grassroots.assessment import intervals, official, scorecard

SYSTEM = official.official_system()
P = {"date_from": None, "date_to": None}


def card(rows: list[tuple[str, int, int, int, int]], min_n: int = 1) -> scorecard.Scorecard:
    """rows: (unit_id, tickets, on time, satisfied, rated); every ticket closed and judged on time."""
    units = pd.DataFrame(
        {"unit_id": [r[0] for r in rows], "unit_name": [f"街道{r[0]}" for r in rows], "parent_name": "区"}
    )
    tickets = pd.DataFrame(
        {
            "unit_id": [r[0] for r in rows],
            "n_tickets": [r[1] for r in rows],
            "on_time_n": [r[2] for r in rows],
            "on_time_d": [r[1] for r in rows],
            "reworked": 0,
            "closed": [r[1] for r in rows],
            "satisfied": [r[3] for r in rows],
            "rated": [r[4] for r in rows],
        }
    )

    def fetch(name, params):
        if name == "assessment/units":
            return units
        if name == "assessment/tickets":
            return tickets
        return pd.DataFrame({"unit_id": pd.Series(dtype=str)})

    return scorecard.compute(SYSTEM, "street", fetch, P, min_n=min_n)


def spread(n_units: int = 20, tickets: int = 1000) -> list[tuple]:
    """Units 2 points of on-time % apart, all below the 70% target (so each point counts)."""
    return [(f"U{i:02d}", tickets, int(tickets * (0.30 + 0.02 * i)), 0, 0) for i in range(n_units)]


def test_a_unit_with_three_tickets_gets_a_wide_interval():
    sc = card(spread() + [("SMALL", 3, 2, 0, 0)])
    spans = intervals.rank_intervals(sc)
    lo, hi = spans["SMALL"]
    ranked = int(sc.units["ranked"].sum())
    assert ranked == 21
    # 0 to 3 of 3 on time: 0% to 100%, from below every unit (rank 21) to full marks (rank 1)
    assert (lo, hi) == (1, 21)
    assert intervals.is_uncertain(spans["SMALL"], ranked)
    # a unit of 1,000 tickets, 2 points from its neighbours, moves at most a place or two
    big = [hi - lo for u, (lo, hi) in spans.items() if u != "SMALL"]
    assert max(big) <= 3 and not any(intervals.is_uncertain(spans[u], ranked) for u in spans if u != "SMALL")


def test_the_interval_holds_the_observed_rank_and_the_ranking_carries_it():
    sc = card(spread() + [("SMALL", 3, 2, 0, 0)])
    r = official.from_scorecard(sc, top_n=5)
    spans = intervals.rank_intervals(sc)
    for e in r.red + r.black:
        assert e.rank_interval == spans[e.code]
        assert e.rank_interval[0] <= e.rank <= e.rank_interval[1]
        assert e.to_dict()["rank_interval"] == list(spans[e.code])
    small = next(e for e in r.red + r.black if e.code == "SMALL")  # 66.7%: 2nd best
    assert small.uncertain and small.rank_text("zh") == f"{small.rank}（1–21，不确定）"
    assert small.rank_text("en") == f"{small.rank} (1–21, uncertain)"
    sure = r.red[0]
    assert not sure.uncertain and "不确定" not in sure.rank_text("zh")


def test_counts_with_nothing_to_draw_give_the_scorecards_own_ranks():
    # every rate at 0 or 100% (binomial draws cannot move), satisfaction left out for two units
    # (nothing rated: the total rescaled, as the scorecard does): the interval is the rank itself
    rows = [("A", 50, 0, 50, 50), ("B", 40, 40, 0, 40), ("C", 30, 30, 0, 0), ("D", 30, 0, 0, 0), ("E", 25, 25, 25, 25)]
    sc = card(rows)
    spans = intervals.rank_intervals(sc)
    for _, u in sc.units.iterrows():
        assert spans[u["unit_id"]] == (int(u["rank"]), int(u["rank"]))


def test_deterministic_and_fast_for_twenty_streets():
    sc = card(spread(tickets=80))
    first = intervals.rank_intervals(sc)
    start = time.perf_counter()
    again = intervals.rank_intervals(sc)
    took = time.perf_counter() - start
    assert first == again
    assert took < 0.6, took  # about 0.05 s alone; slack for a shared machine
    assert intervals.rank_intervals(sc, seed=1) != first or all(lo == hi for lo, hi in first.values())


def test_unranked_units_have_no_interval():
    sc = card(spread(4) + [("FEW", 3, 3, 0, 0)], min_n=20)
    r = official.from_scorecard(sc, top_n=5)
    assert [e.code for e in r.unranked] == ["FEW"] and r.unranked[0].rank_interval is None
    assert "FEW" not in intervals.rank_intervals(sc)
