"""An existing database upgrades in place: records kept, and rollup tables added by later
migrations filled from them at once."""

import duckdb

from grassroots import db
from grassroots.schema import migrate


def test_old_database_upgrades_with_its_records_and_filled_rollups(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate.upgrade(con, up_to=2)  # a database from the first release
    con.execute(
        "insert into regions values ('530111001001', '小街社区', '530111001', 'community', 1, 0, 1, null, null)"
    )
    con.execute(
        "insert into centres (centre_id, name, type, community_code) values ('C1', '小街', '邻里中心', '530111001001')"
    )
    con.execute("""insert into service_records (service_id, centre_id, channel, accepted_at)
                   values ('S1', 'C1', '窗口', '2026-10-08 10:00'), ('S2', 'C1', '网上办', '2026-11-09 12:30')""")
    con.close()
    with db.writer(path) as con:
        assert migrate.current_version(con) == max(v for v, _ in migrate.available())
        assert con.execute("select count(*) from service_records").fetchone()[0] == 2
        assert con.execute("select sum(n) from rollup_services_daily").fetchone()[0] == 2
        monthly = con.execute(
            "select count(*) from information_schema.tables where table_name = 'rollup_services_monthly'"
        ).fetchone()[0]
        if monthly:
            assert con.execute("select sum(n) from rollup_services_monthly").fetchone()[0] == 2
