"""Contracts of queries/assessment/ on the tiny database (tests/tiny.py): October 2026, every level."""

from tests.contracts import OCTOBER, Contract

STREET = {**OCTOBER, "unit_level": "street"}
CENTRE = {**OCTOBER, "unit_level": "centre"}
ONE = {**STREET, "unit_id": "530111001"}  # 关上街道: T1-T5 in October, C1's services and activities


def _flags_are_bool(frame, cols):
    return all(frame[c].dtype == bool for c in cols)


CONTRACTS = [
    Contract(
        "assessment/units",
        params=STREET,
        unique=("unit_id",),
        not_null=("unit_id", "unit_name"),
        checks=(lambda f: set(f.unit_id) == {"530111001", "530111004"},),
    ),
    Contract(
        "assessment/units",
        params=CENTRE,
        unique=("unit_id",),
        not_null=("unit_id", "unit_name"),
        checks=(lambda f: set(f.unit_id) == {"C1", "C2"},),
    ),
    Contract(
        "assessment/tickets",
        params=STREET,
        unique=("unit_id",),
        not_null=("unit_id", "n_tickets"),
        checks=(
            lambda f: f.n_tickets.sum() == 6,  # as the overview's street ranking counts
            lambda f: (f.on_time_n <= f.on_time_d).all(),
            lambda f: (f.closed <= f.due).all(),
            lambda f: (f.satisfied <= f.rated).all(),
        ),
    ),
    Contract(
        "assessment/tickets_records",
        params=ONE,
        unique=("ticket_id",),
        not_null=("ticket_id", "reported_at"),
        checks=(
            lambda f: len(f) == 5,  # T1-T5 (T6 cancelled)
            lambda f: _flags_are_bool(f, ["closed", "due", "on_time_n", "on_time_d", "reworked", "rated"]),
            lambda f: int(f.on_time_n.sum()) == 2 and int(f.on_time_d.sum()) == 4,
        ),
    ),
    Contract(
        "assessment/services",
        params=STREET,
        unique=("unit_id",),
        not_null=("unit_id", "services"),
        checks=(lambda f: f.services.sum() == 4 and f.online.sum() == 2,),
    ),
    Contract(
        "assessment/services_records",
        params=ONE,
        unique=("service_id",),
        not_null=("service_id", "channel"),
        checks=(lambda f: len(f) == 4 and int(f.online.sum()) == 2 and int(f.tongban.sum()) == 1,),
    ),
    Contract(
        "assessment/activities",
        params=STREET,
        unique=("unit_id",),
        not_null=("unit_id", "activities"),
        checks=(
            lambda f: f.activities.sum() == 2 and f.person_visits.sum() == 50,
            lambda f: (f.resident_months > 0).all(),
        ),
    ),
    Contract(
        "assessment/activities_records",
        params=ONE,
        unique=("activity_id",),
        not_null=("activity_id", "date"),
        checks=(lambda f: len(f) == 2 and int(f.person_visits.sum()) == 50,),
    ),
    Contract(
        "assessment/wishes",
        params=STREET,
        unique=("unit_id",),
        min_rows=0,
        checks=(lambda f: (f.claimed <= f.collected).all(),),
    ),
    Contract(
        "assessment/wishes_records",
        params=ONE,
        unique=("wish_id",),
        min_rows=0,
        checks=(lambda f: (f.fulfilled <= f.claimed).all() if len(f) else True,),
    ),
    Contract(
        "assessment/data_sources",
        params={"limit": 10, "region": "", "centre_id": None},
        min_rows=0,
        checks=(lambda f: list(f.columns[:2]) == ["table_name", "file_name"],),
    ),
    Contract(
        "assessment/data_sources",
        params={"limit": 10, "region": "530111001", "centre_id": None},
        min_rows=0,
        unique=("table_name",),
        checks=(lambda f: f["file_name"].isna().all() and f["rows_read"].isna().all(),),
    ),
]
