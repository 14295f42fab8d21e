"""Contracts of the hot-spot and repeat queries on the tiny database (tests/tiny.py: October 2026 holds
T1-T7, all 市容环境 with no subcategory, T1-T5 in 小街 and T7 in 凤凰山, T6 cancelled; no ticket before
October, so no month has history)."""

import datetime as dt

from tests.contracts import OCTOBER, Contract

XIAOJIE = "530111001001"
CELLS = {**OCTOBER, "category": None, "baseline_months": 6, "min_count": 1, "pairs": None}
TEXTS = {
    **OCTOBER,
    "texts_from": dt.date(2026, 10, 1),
    "texts_to": dt.date(2026, 11, 1),
    "cells": [f"2026-10-01|{XIAOJIE}|市容环境|"],
    "texts_per_cell": 2,
}

CONTRACTS = [
    Contract("rollups/tickets_subcat_monthly_refresh", writes=True),
    Contract(
        "tickets/hotspot_cells",
        CELLS,
        unique="month community_code category subcategory",
        not_null="month community_code n baseline_n baseline_months month_share",
    ).where(
        lambda f: sorted(f.n) == [1, 5] and f.n.sum() == 6,  # T6 cancelled is not counted
        lambda f: (f.baseline_n == 0).all() and (f.baseline_months == 0).all(),
        lambda f: (f.month_share == 1.0).all() and set(f.community) == {"小街社区", "凤凰山社区"},
    ),
    Contract("tickets/hotspot_cells", {**CELLS, "min_count": 2}).where(
        lambda f: list(f.n) == [5],
    ),
    # a pair's history: every month of the window, zero months included
    Contract(
        "tickets/hotspot_cells",
        {**CELLS, "date_from": dt.date(2026, 9, 1), "pairs": [f"{XIAOJIE}|市容环境|"]},
        unique="month",
    ).where(
        lambda f: list(f.n) == [0, 5] and f.month.astype(str).str[:7].tolist() == ["2026-09", "2026-10"],
    ),
    Contract("tickets/hotspot_texts", TEXTS, min_rows=0).where(
        lambda f: len(f) <= 2 and set(f.cell) <= set(TEXTS["cells"]),
    ),
    Contract(
        "tickets/repeat_candidates", {**OCTOBER, "category": None, "repeat_days": 30}, min_rows=0, unique="ticket_id"
    ).where(
        lambda f: set(f.place_kind) <= {"address", "grid"} and "T6" not in set(f.ticket_id),
    ),
    Contract(
        "tickets/repeat_base", {**OCTOBER, "category": None}, unique="community_code department", not_null="received"
    ).where(
        lambda f: f.received.sum() == 6,
    ),
    Contract("tickets/repeat_records", {**OCTOBER, "ticket_ids": ["T7", "T1"]}, unique="ticket_id").where(
        lambda f: list(f.ticket_id) == ["T1", "T7"],
    ),
    Contract("tickets/repeat_records", {**OCTOBER, "ticket_ids": ["T7"], "region": XIAOJIE}, min_rows=0).where(
        lambda f: f.empty,
    ),  # out of scope: not shown
]
