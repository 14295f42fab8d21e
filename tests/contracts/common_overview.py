from tests.contracts import OCTOBER, Contract

CONTRACTS = [
    Contract("common/data_as_of").where(
        lambda f: len(f) == 1 and str(f.newest_record[0]) == "2026-11-20 09:00:00",
        lambda f: str(f.oldest_record[0]) == "2025-10-06 00:00:00",
        lambda f: str(f.tickets_newest[0]) == "2026-11-20 09:00:00",  # the data's now
        lambda f: str(f.service_records_newest[0]) == "2026-10-11 15:00:00",  # a table that stops short
        lambda f: f.volunteering_newest.isna().all(),  # none in the tiny district
    ),  # A4
    Contract("common/regions", unique="code", not_null="code name level").where(
        lambda f: set(f.level) <= {"district", "street", "community"},
    ),
    Contract("common/centres", unique="centre_id", not_null="centre_id name type community_code"),
    Contract("common/import_log", {"limit": 10}, min_rows=0),
    Contract("overview/kpis", OCTOBER, not_null="activities services received closed").where(
        lambda f: len(f) == 1,
        lambda f: (f.on_time_n <= f.on_time_d).all(),
        lambda f: f.online_share.between(0, 1).all(),
        lambda f: (f.satisfied_n <= f.rated_n).all(),
    ),
    Contract(
        "overview/kpi_trend",
        {**OCTOBER, "date_from": OCTOBER["date_from"].replace(year=2025)},
        unique="month",
        not_null="month received closed",
    ).where(
        lambda f: len(f) == 13,  # Oct 2025 .. Oct 2026
        lambda f: f.month.is_monotonic_increasing,
        lambda f: f.on_time_rate.dropna().between(0, 1).all(),
    ),
    Contract(
        "overview/programme_progress",
        {"region": "", "as_of": OCTOBER["as_of"]},
        unique="programme_id target_date metric",
        not_null="programme_id target_value",
    ).where(
        lambda f: (f.actual_at_target <= f.actual_now).all(),
    ),
    Contract("rollups/services_daily_refresh", writes=True),
    Contract("rollups/monthly_refresh", writes=True),  # every builder macro's month-grain rollup
]
