"""Contracts of queries/assessment/ on the tiny database (tests/tiny.py): October 2026, every level."""

from tests.contracts import OCTOBER, Contract

STREET = {**OCTOBER, "unit_level": "street"}
CENTRE = {**OCTOBER, "unit_level": "centre"}
ONE = {**STREET, "unit_id": "530111001"}  # 关上街道: T1-T5 in October, C1's services and activities


def _flags_are_bool(frame, cols):
    return all(frame[c].dtype == bool for c in cols)


CONTRACTS = [
    Contract("assessment/units", STREET, unique="unit_id", not_null="unit_id unit_name").where(
        lambda f: set(f.unit_id) == {"530111001", "530111004"},
    ),
    Contract("assessment/units", CENTRE, unique="unit_id", not_null="unit_id unit_name").where(
        lambda f: set(f.unit_id) == {"C1", "C2"},
    ),
    Contract("assessment/tickets", STREET, unique="unit_id", not_null="unit_id n_tickets").where(
        lambda f: f.n_tickets.sum() == 6,  # as the overview's street ranking counts
        lambda f: (f.on_time_n <= f.on_time_d).all(),
        lambda f: (f.closed <= f.due).all(),
        lambda f: (f.satisfied <= f.rated).all(),
    ),
    Contract("assessment/tickets_records", ONE, unique="ticket_id", not_null="ticket_id reported_at").where(
        lambda f: len(f) == 5,  # T1-T5 (T6 cancelled)
        lambda f: _flags_are_bool(f, ["closed", "due", "on_time_n", "on_time_d", "reworked", "rated"]),
        lambda f: int(f.on_time_n.sum()) == 2 and int(f.on_time_d.sum()) == 4,
    ),
    Contract("assessment/services", STREET, unique="unit_id", not_null="unit_id services").where(
        lambda f: f.services.sum() == 4 and f.online.sum() == 2,
    ),
    Contract("assessment/services_records", ONE, unique="service_id", not_null="service_id channel").where(
        lambda f: len(f) == 4 and int(f.online.sum()) == 2 and int(f.tongban.sum()) == 1,
    ),
    Contract("assessment/activities", STREET, unique="unit_id", not_null="unit_id activities").where(
        lambda f: f.activities.sum() == 2 and f.person_visits.sum() == 50,
        lambda f: (f.resident_months > 0).all(),
    ),
    Contract("assessment/activities_records", ONE, unique="activity_id", not_null="activity_id date").where(
        lambda f: len(f) == 2 and int(f.person_visits.sum()) == 50,
    ),
    Contract("assessment/wishes", STREET, unique="unit_id", min_rows=0).where(
        lambda f: (f.claimed <= f.collected).all() and (f.fulfilled <= f.claimed).all(),
    ),
    Contract("assessment/wishes_records", ONE, unique="wish_id", min_rows=0).where(
        lambda f: (f.fulfilled <= f.claimed).all() if len(f) else True,
    ),
    Contract("assessment/data_sources", {"limit": 10, "region": "", "centre_id": None}, min_rows=0).where(
        lambda f: list(f.columns[:2]) == ["table_name", "file_name"],
    ),
    Contract(
        "assessment/data_sources",
        {"limit": 10, "region": "530111001", "centre_id": None},
        min_rows=0,
        unique="table_name",
    ).where(
        lambda f: f["file_name"].isna().all() and f["rows_read"].isna().all(),
    ),
]
