"""The tickets page's assembly without streamlit (grassroots/views/tickets.py) against
tests/tiny_tickets.py: the headline cards, the survival summary, group labels and drill specs, each
against the records counted by hand in that file's docstring (October 2026, as of 2026-11-01 00:00)."""

import datetime as dt

import pytest
import tiny_tickets

from grassroots import db, i18n, sql
from grassroots.metrics import survival, ticket_score
from grassroots.metrics.ticket_config import tickets as ticket_config
from grassroots.views import tickets as view
from tests.contracts.tickets import P

AS_OF = dt.datetime(2026, 11, 1)


def zh(key, **kw):
    return i18n.t(key, "zh", **kw)


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    path = tiny_tickets.build(tmp_path_factory.mktemp("tickets_view") / "tickets.duckdb")
    tc = ticket_config()
    params = {**P, "as_of": AS_OF, "response_hours": tc.response_hours}

    def run(name, **extra):
        with db.reader(path) as con:
            return sql.run(con, f"tickets/{name}", {**params, **extra})

    return run


def test_headline_cards_count_the_tickets_by_hand(q):
    tc = ticket_config()
    rates = q("rates", dim="category")
    head = rates[rates["is_total"]]
    curve = survival.curve(q("km_counts"))
    score = ticket_score.score(head, tc.weights).iloc[0]
    backlog = q("backlog", age_edges=list(tc.age_buckets))
    cards = view.headline_cards(head.iloc[0], q("flow"), backlog, survival.median(curve), score, tc, AS_OF, zh)
    shown = {c.label: c for c in cards}
    assert len(shown) == len(cards) == 19
    want = {
        "kpi.received": "9",  # K1-K6, K9, K10, K12
        "kpi.closed": "6",
        "tickets.m.void": "3",  # K7, K11 cancelled; K8 duplicate
        "tickets.m.open": "3",  # K5, K6, K10
        "tickets.m.overdue_now": "3",  # K0 (September), K5, K10
        "kpi.median_hours_to_close": "18.0 h",  # (12 + 24) / 2
        "tickets.m.km_median": "2.0 d",  # S(48) = 4/9 first below a half
        "kpi.on_time_rate": f"{3 / 7:.1%}",
        "tickets.m.closure_rate": f"{6 / 8:.1%}",
        "tickets.m.response_rate": f"{5 / 7:.1%}",
        "kpi.satisfaction_rate": f"{2 / 3:.1%}",
        "tickets.m.escalated_share": f"{2 / 9:.1%}",
    }
    assert {k: shown[zh(k)].value for k in want} == want
    rates_by_hand = {"response": 5 / 7, "resolution": 5 / 8, "satisfaction": 2 / 3}
    by_hand = 100 * sum(w * rates_by_hand[r] for r, w in tc.weights) / sum(w for _, w in tc.weights)
    assert shown[zh("tickets.m.score")].value == f"{by_hand:.1f}"
    assert shown[zh("kpi.on_time_rate")].help.endswith(zh("tickets.h.fraction", n="3", d="7"))
    assert all(c.delta is None for c in cards)


def test_survival_view_draws_only_groups_with_enough_tickets(q):
    words = view.Words(zh, "zh")
    groups = q("rates", dim="category")
    groups = words.labelled(groups[~groups["is_total"]].reset_index(drop=True), "category")
    counts = q("km_counts", dim="category")
    for min_n in (1, 3, 100):
        sv = view.survival_view(counts, groups, min_n, 2, zh)
        big = sv.summary.loc[sv.summary["n"] >= min_n].sort_values("n", ascending=False)["grp"].tolist()
        assert sv.drawn == big[:2] and set(sv.curves["grp"]) == set(sv.drawn)
        assert sv.summary["n"].sum() == groups["n"].sum()
        assert list(sv.table.columns)[:2] == [zh("tickets.col.label"), zh("tickets.col.n")]
        assert (sv.table[zh("tickets.col.note")] == "").sum() == len(big)
    assert view.survival_view(counts, groups, 100, 2, zh).x_max_days is None


def test_group_specs_and_marks():
    words = view.Words(zh, "zh")
    spec = words.group_spec("street", "530111001", "", "late", escalated_only=True)
    assert spec == {
        "title": f"{zh('tickets.dim.street')}：{zh('tickets.unknown.street')}",
        "kind": "late",
        "params": {"dim": "street", "group": "530111001", "escalated_only": True},
    }
    assert words.mark_spec("street", {"customdata": ["open", "g", "小街"]})["kind"] == "open"
    closed = view.flow_spec({"customdata": ["closed_in", "2026-10-01", "2026-11-01"]})
    assert closed["title"] == "2026-10-01 – 2026-10-31"
    assert closed["params"]["closed_from"] == dt.date(2026, 10, 1) and closed["params"]["date_from"] == view.EARLIEST
    open_at = view.flow_spec({"customdata": ["open", "2026-10-01", "2026-11-01"]})
    assert open_at["title"] == "2026-10-31 24:00" and open_at["params"]["closed_from"] == dt.date(2026, 11, 1)
