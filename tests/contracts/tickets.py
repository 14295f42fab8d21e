"""Contracts of queries/tickets/* on the tiny database (tests/tiny.py: October 2026 holds T1-T7, T6
cancelled; T1 T2 T3 T7 closed after 4, 48, 10, 24 h; T4 open and overdue, T5 open and not yet due)."""

import datetime as dt

import pandas as pd

from grassroots.views.tickets import DRILL_DEFAULTS, PAGE_DEFAULTS
from tests.contracts import OCTOBER, Contract

P = {**OCTOBER, **PAGE_DEFAULTS}
DRILL = {**P, **DRILL_DEFAULTS, "max_rows": 100}
RATES = "on_time_rate closure_rate on_time_closure_rate satisfaction_rate response_rate resolution_rate".split()
RATES += ["rework_rate", "reopen_rate", "escalated_share"]


def _rates_hold(f) -> bool:
    parts = (f.on_time_n + f.late_n + f.overdue_n == f.on_time_d).all()
    shares = all(f[c].dropna().between(0, 1).all() for c in RATES)
    return bool(
        parts
        and shares
        and (f.closed_n + f.open_n == f.n).all()
        and (f.response_n <= f.response_d).all()
        and (f.satisfied_n <= f.rated_n).all()
    )


CONTRACTS = [
    Contract("tickets/categories", P, unique="category", not_null="category tickets").where(
        lambda f: list(f.category) == ["市容环境"] and f.tickets[0] == 7,
    ),
    # dim '': one group and the total, the same numbers
    Contract("tickets/rates", P, unique="grp", not_null="n void_n is_total").where(
        lambda f: len(f) == 2 and list(f.is_total) == [True, False],
        lambda f: (f.n == 6).all() and (f.void_n == 1).all() and (f.closed_n == 4).all(),
        lambda f: (f.median_hours == 17.0).all() and (f.on_time_n == 3).all() and (f.on_time_d == 5).all(),
        _rates_hold,
    ),
    Contract("tickets/rates", {**P, "own_due_only": True}, unique="grp", not_null="n is_total").where(
        _rates_hold,
        lambda f: (f.sla_due_n == 0).all(),
    ),
    Contract("tickets/rates", {**P, "dim": "community"}, unique="grp", not_null="n is_total").where(
        lambda f: dict(zip(f.label[~f.is_total], f.n[~f.is_total])) == {"小街社区": 5, "凤凰山社区": 1},
        lambda f: f.is_total.sum() == 1 and f.grp[f.is_total].isna().all() and f.n[f.is_total].sum() == 6,
        _rates_hold,
    ),
    Contract("tickets/rates", {**P, "dim": "period", "grain": "week"}, unique="grp").where(
        lambda f: f.n[~f.is_total].sum() == 6 == f.n[f.is_total].sum(),
        _rates_hold,
    ),
    Contract(
        "tickets/rates", {**P, "date_from": dt.date(2030, 1, 1), "date_to": dt.date(2030, 2, 1)}, min_rows=0
    ).where(
        lambda f: f.n.fillna(0).sum() == 0,
    ),
    Contract("tickets/flow", P, unique="bucket", not_null="bucket bucket_end received closed").where(
        lambda f: len(f) == 1 and (f.received[0], f.closed[0], f.void_n[0]) == (6, 4, 1),
        lambda f: f.open_at_end[0] == 2,
    ),
    Contract("tickets/flow", {**P, "grain": "week"}, unique="bucket").where(
        lambda f: f.received.sum() == 6 and f.bucket.is_monotonic_increasing,
        lambda f: (f.bucket.iloc[0], f.bucket_end.iloc[-1]) == (pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01")),
        lambda f: f.open_at_end.iloc[-1] == 2,
    ),
    Contract("tickets/km_counts", P, unique="grp t", not_null="t events censored").where(
        lambda f: f.events.sum() == 4 and f.censored.sum() == 2,
        lambda f: sorted(f.t[f.events > 0]) == [4, 10, 24, 48],
    ),
    # the state at 2026-10-04 00:00: T1 (4 h) and T3 (10 h) closed before it; T2 closed after it is
    # censored at its age then (40 h); T4-T8 not yet reported
    Contract(
        "tickets/km_at",
        {
            **P,
            "origin": dt.datetime(2026, 10, 4),
            "cohort_from": dt.datetime(2026, 10, 2),
        },
        unique="recent t",
        not_null="recent t events censored",
    ).where(
        lambda f: sorted(f.t[f.events > 0]) == [4, 10] and f.events.sum() == 2,
        lambda f: list(f.t[f.censored > 0]) == [40] and f.censored.sum() == 1,
        lambda f: sorted(f.t[f.recent]) == [10, 40],  # T2, T3 reported on or after 2 October
    ),
    # at the as-of: every closing known; T4, T5, T8 open (T6 cancelled, left out), T4's age in days
    Contract(
        "tickets/km_at",
        {**P, "origin": dt.datetime(2026, 11, 21), "cohort_from": dt.datetime(2026, 1, 1)},
        unique="recent t",
    ).where(
        lambda f: sorted(f.t[f.events > 0]) == [4, 10, 24, 48],
        lambda f: f.censored.sum() == 3 and 24 * 47 in set(f.t[f.censored > 0]),
    ),
    # tickets/rates read from the monthly ticket rollup, called by name (tickets/rates routes here)
    Contract("tickets/rates_monthly", {**P, "dim": "source"}, unique="grp", not_null="n void_n is_total").where(
        lambda f: f.n[f.is_total].sum() == 6 == f.n[~f.is_total].sum() and f.void_n[f.is_total].sum() == 1,
        lambda f: (f.closed_n[f.is_total] == 4).all() and (f.on_time_d[f.is_total] == 5).all(),
        # the records' median (17 h) for groups the histograms do not hold (by source)
        lambda f: (f.median_hours[f.is_total] == 17.0).all(),
        _rates_hold,
    ),
    Contract("tickets/stages", P, unique="stage", not_null="stage n missing", min_rows=5).where(
        # the tiny export records no stage between reported and closed
        lambda f: len(f) == 5 and (f.n == 0).all() and (f.missing == 4).all(),
    ),
    Contract(
        "tickets/close_histogram",
        {**P, "hour_edges": [0, 8, 24]},
        unique="bucket",
        not_null="bucket lo_hours closed_n open_n",
    ).where(
        lambda f: list(f.closed_n) == [1, 1, 2] and list(f.open_n) == [0, 0, 2],
    ),
    Contract(
        "tickets/backlog",
        {**P, "age_edges": [0, 3, 8, 16, 31]},
        unique="bucket",
        not_null="bucket lo_days open_n overdue_n",
    ).where(
        # at 11-20 09:00: T4 (46 d, overdue) and T5 (31 d) are open; T8 is November's
        lambda f: list(f.open_n) == [0, 0, 0, 0, 2] and f.overdue_n.sum() == 1,
    ),
    Contract(
        "tickets/oldest_open", {**P, "max_rows": 10}, unique="ticket_id", not_null="ticket_id reported_at age_days"
    ).where(
        lambda f: list(f.ticket_id) == ["T4", "T5"],
        lambda f: f.overdue_days.notna().sum() == 1,
    ),
    Contract("tickets/records", DRILL, unique="ticket_id", not_null="ticket_id status deadline_state").where(
        lambda f: list(f.ticket_id) == ["T1", "T2", "T3", "T4", "T7", "T5"],
        lambda f: set(f.deadline_state) == {"on_time", "late", "overdue", "pending"},
    ),
    Contract(
        "tickets/records",
        {
            **DRILL,
            "kind": "closed_in",
            "date_from": dt.date(1900, 1, 1),
            "closed_from": dt.datetime(2026, 10, 3),
            "closed_to": dt.datetime(2026, 10, 5),
        },
    ).where(
        lambda f: list(f.ticket_id) == ["T2", "T3"],
    ),
    Contract("tickets/records_count", {**DRILL, "kind": "void"}, not_null="matched").where(
        lambda f: f.matched[0] == 1,
    ),
    Contract("tickets/wishes_rates", {**P, "wish_dim": "category"}, unique="grp", min_rows=0).where(
        lambda f: (f.claimed <= f.collected).all() and (f.fulfilled <= f.claimed).all(),
    ),
    Contract(
        "tickets/wishes_records",
        {**P, "wish_dim": "", "wish_group": None, "wish_kind": "all", "max_rows": 10},
        unique="wish_id",
        min_rows=0,
    ),
]
