"""Validation reasons, all-or-nothing loading, idempotent re-import, update by id, batches, rollups."""

import datetime as dt
import itertools

import pytest
from test_ingest_support import CENTRE, COMMUNITY, TICKET_HEADER, checksums, query, seeded_db, ticket, write_csv

from grassroots import db, rollups
from grassroots.ingest import import_files, report_frame


@pytest.fixture
def dbp(tmp_path):
    return seeded_db(tmp_path / "t.duckdb")


def codes(report):
    return sorted((e["row"], e["column"], e["code"]) for e in report.errors)


def test_missing_required_column_lists_expected_and_found(tmp_path, dbp):
    rows = [["工单编号", "问题大类", "状态"], ["T1", "市容环境", "办理中"]]  # no 上报时间
    [r] = import_files([write_csv(tmp_path / "t.csv", rows)], db=dbp, lang="en")
    assert (r.status, r.code, r.table) == ("refused", "missing_column", "tickets")
    assert "上报时间" in r.message and "工单编号, 问题大类, 状态" in r.message
    assert [(e["column"], e["code"]) for e in r.errors] == [("上报时间", "missing_column")]


def test_each_row_reason(tmp_path, dbp):
    rows = [
        TICKET_HEADER,
        ticket("T1"),  # row 2: fine
        ticket("", status="办理中"),  # row 3: no id
        ticket("T3", reported="2023-13-45"),  # row 4: bad date
        ticket("T4", rework="两次"),  # row 5: bad number
        ticket("T5", rework="-1"),  # row 6: negative count
        ticket("T6", reported="2023-06-10 09:00", closed="2023-06-09 18:00", status="已办结"),  # row 7
        ticket("T7", accepted="2023-06-01 08:00"),  # row 8: accepted before reported
        ticket("T1"),  # row 9: same id as row 2
        ticket("T9", status="待定"),  # row 10: not an allowed status
        ticket("T10", community="530111999999"),  # row 11: unknown region code
        ticket("T11", escalated="也许"),
    ]  # row 12: not yes/no
    [r] = import_files([write_csv(tmp_path / "t.csv", rows)], db=dbp, lang="en")
    assert r.status == "refused" and r.rows_read == 11 and r.rows_rejected == 10
    assert codes(r) == [
        (3, "工单编号", "missing_value"),
        (4, "上报时间", "bad_date"),
        (5, "返工次数", "bad_number"),
        (6, "返工次数", "negative"),
        (7, "结案时间", "before"),
        (8, "受理时间", "before"),
        (9, "工单编号", "duplicate_id"),
        (10, "状态", "not_allowed"),
        (11, "社区代码", "unknown_ref"),
        (12, "是否吹哨", "not_allowed"),
    ]
    by_row = {e["row"]: e for e in r.errors}
    assert by_row[7]["reason"] == "earlier than 上报时间" and by_row[7]["value"] == "2023-06-09 18:00"
    assert by_row[9]["reason"] == "duplicate id: same as row 2"
    assert "region" in by_row[11]["reason"]
    frame = report_frame([r])
    assert list(frame.columns[:6]) == ["file", "sheet", "row", "column", "value", "reason"]
    assert len(frame) == 10 and set(frame["file"]) == {"t.csv"}


def test_unknown_centre_and_closed_before_accepted_in_services(tmp_path, dbp):
    header = ["办件编号", "中心编码", "办理渠道", "受理时间", "办结时间", "评价"]
    rows = [
        header,
        ["S1", CENTRE, "窗口", "2023-06-10 10:00", "2023-06-10 11:00", "满意"],
        ["S2", "C999", "窗口", "2023-06-10 10:00", "", ""],
        ["S3", CENTRE, "窗口", "2023-06-10 10:00", "2023-06-10 09:00", ""],
        ["S4", CENTRE, "传真", "2023-06-10 10:00", "", "7"],
    ]
    [r] = import_files([write_csv(tmp_path / "办件.csv", rows)], db=dbp)
    assert codes(r) == [
        (3, "中心编码", "unknown_ref"),
        (4, "办结时间", "before"),
        (5, "办理渠道", "not_allowed"),
        (5, "评价", "not_allowed"),
    ]


def test_a_refused_file_changes_nothing(tmp_path, dbp):
    import_files([write_csv(tmp_path / "a.csv", [TICKET_HEADER, ticket("T0")])], db=dbp)
    before = checksums(dbp)
    rows = [TICKET_HEADER, ticket("T0", category="改了"), ticket("T1"), ticket("T2", reported="bad")]
    [r] = import_files([write_csv(tmp_path / "b.csv", rows)], db=dbp)
    assert r.status == "refused" and r.rows_loaded == 0
    assert checksums(dbp) == before


def _file_identity(path):
    s = path.stat()
    return (s.st_ino, s.st_size, s.st_mtime_ns)


def test_an_import_that_changes_nothing_leaves_the_very_file(tmp_path, dbp):
    """A refused or already-imported file brings no new version of the database: the file is the same one
    (a new version is a new file renamed into place), so the app has no version to switch to and warm."""
    good = write_csv(tmp_path / "a.csv", [TICKET_HEADER, ticket("T0")])
    import_files([good], db=dbp)
    loaded = _file_identity(dbp)
    bad = write_csv(tmp_path / "b.csv", [TICKET_HEADER, ticket("T1", reported="bad")])
    assert [r.status for r in import_files([bad], db=dbp)] == ["refused"]
    assert [r.status for r in import_files([good], db=dbp)] == ["already_imported"]
    assert [r.status for r in import_files([good, bad], db=dbp)] == ["already_imported", "refused"]
    assert _file_identity(dbp) == loaded
    new = write_csv(tmp_path / "c.csv", [TICKET_HEADER, ticket("T2")])
    assert [r.status for r in import_files([new, bad], db=dbp)] == ["loaded", "refused"]
    assert _file_identity(dbp) != loaded  # a batch that loads something is a new version


def test_a_refused_import_into_a_missing_database_creates_none(tmp_path):
    from grassroots.ingest import cli

    target = tmp_path / "typo" / "nope.duckdb"
    bad = write_csv(tmp_path / "b.csv", [TICKET_HEADER, ticket("T1", community="530111999999")])
    args = cli_args(cli, [str(bad), "--db", str(target), "--quiet"])
    assert cli.run(args) == 1
    assert not target.exists() and not target.with_name(target.name + ".auth.sqlite").exists()


def cli_args(module, argv):
    import argparse

    parser = argparse.ArgumentParser()
    module.configure(parser)
    return parser.parse_args(argv)


def test_accept_valid_loads_the_good_rows(tmp_path, dbp):
    rows = [TICKET_HEADER, ticket("T1"), ticket("T2", reported="bad"), ticket("T3")]
    [r] = import_files([write_csv(tmp_path / "b.csv", rows)], db=dbp, accept_valid=True)
    assert (r.status, r.rows_read, r.rows_loaded, r.rows_rejected) == ("partial", 3, 2, 1)
    assert [(e["row"], e["code"]) for e in r.errors] == [(3, "bad_date")]
    assert query(dbp, "select ticket_id from tickets order by 1") == [("T1",), ("T3",)]
    assert query(dbp, "select rows_read, rows_loaded, rows_rejected from import_log") == [(3, 2, 1)]


@pytest.mark.slow
def test_reimport_is_idempotent_and_a_later_export_updates(tmp_path, dbp):
    rows = [
        TICKET_HEADER,
        ticket("T1", reported="2023-06-10 09:00", category="市容环境"),
        ticket("T2", reported="2023-06-11 09:00", category="道路交通", escalated="是"),
    ]
    f = write_csv(tmp_path / "t.csv", rows)
    import_files([f], db=dbp)
    first = checksums(dbp)
    [r] = import_files([f], db=dbp)
    assert (r.status, r.already_imported, r.rows_loaded, r.new, r.updated) == ("already_imported", True, 0, 0, 0)
    assert checksums(dbp) == first  # nothing changed, the log included

    # the next month's export: T1 now closed on 6/12, T2 moved to another day and category
    rows2 = [
        TICKET_HEADER,
        ticket("T1", reported="2023-06-10 09:00", category="市容环境", status="已办结", closed="2023-06-12 10:00"),
        ticket("T2", reported="2023-06-13 09:00", category="市容环境", escalated="否"),
    ]
    [r2] = import_files([write_csv(tmp_path / "t2.csv", rows2)], db=dbp)
    assert (r2.status, r2.new, r2.updated, r2.unchanged) == ("loaded", 0, 2, 0)
    assert query(dbp, "select ticket_id, status, closed_at, category from tickets order by 1") == [
        ("T1", "closed", dt.datetime(2023, 6, 12, 10, 0), "市容环境"),
        ("T2", "open", None, "市容环境"),
    ]
    # rollups by hand: June holds T1 (received 6/10, closed 6/12) and T2 (received 6/13), none escalated;
    # the category T1 had before its update holds nothing
    assert query(
        dbp,
        "select month, category, sum(n), sum(closed_n), sum(closed_flow), sum(escalated_n)"
        " from rollup_tickets_monthly group by all having sum(n + void_n + closed_flow) > 0 order by all",
    ) == [(dt.date(2023, 6, 1), "市容环境", 2, 1, 1, 0)]


def test_ids_already_loaded_are_updated_in_place_never_added_twice(tmp_path, dbp):
    """The record tables hold no key constraint: the import alone keeps one row per id, for tickets and service
    records alike. A later file naming loaded ids (one changed, one as it was) beside a new one updates and adds."""
    first = [TICKET_HEADER, ticket("T1"), ticket("T2"), ticket("T3", category="道路交通")]
    import_files([write_csv(tmp_path / "t1.csv", first)], db=dbp)
    later = [TICKET_HEADER, ticket("T2"), ticket("T3", category="邻里纠纷"), ticket("T4")]
    [r] = import_files([write_csv(tmp_path / "t2.csv", later)], db=dbp)
    assert (r.status, r.new, r.updated, r.unchanged) == ("loaded", 1, 1, 1)
    assert query(dbp, "select ticket_id, count(*), any_value(category) from tickets group by 1 order by 1") == [
        ("T1", 1, "市容环境"),
        ("T2", 1, "市容环境"),
        ("T3", 1, "邻里纠纷"),
        ("T4", 1, "市容环境"),
    ]
    header = ["办件编号", "中心编码", "办理渠道", "受理时间"]
    import_files([write_csv(tmp_path / "s1.csv", [header, ["S1", CENTRE, "窗口", "2023-06-01 10:00"]])], db=dbp)
    again = [header, ["S1", CENTRE, "网上办", "2023-06-01 10:00"], ["S2", CENTRE, "窗口", "2023-06-02 10:00"]]
    [s] = import_files([write_csv(tmp_path / "s2.csv", again)], db=dbp)
    assert (s.status, s.new, s.updated, s.unchanged) == ("loaded", 1, 1, 0)
    assert query(dbp, "select service_id, channel from service_records order by 1") == [
        ("S1", "网上办"),
        ("S2", "窗口"),
    ]
    # and the rollups count each record once
    assert query(dbp, "select sum(n) from rollup_tickets_monthly") == [(4,)]
    assert query(dbp, "select sum(n) from rollup_services_daily") == [(2,)]


TICKET_AND_SERVICE_ROLLUPS = (
    "rollup_tickets_monthly",
    "rollup_tickets_hist",
    "rollup_ticket_close_hist",
    "rollup_services_daily",
)


@pytest.mark.slow
def test_rollups_equal_a_full_rebuild_after_imports(tmp_path, dbp):
    rows = [TICKET_HEADER] + [
        ticket(
            f"T{i}",
            reported=f"2023-06-{1 + i % 20:02d} 09:00",
            category=["市容环境", "道路交通"][i % 2],
            status=["办理中", "已办结", "已撤销"][i % 3],
            closed=f"2023-06-{2 + i % 20:02d} 09:00" if i % 3 == 1 else "",
        )
        for i in range(60)
    ]
    import_files([write_csv(tmp_path / "a.csv", rows)], db=dbp)
    rows2 = [TICKET_HEADER] + [
        ticket(f"T{i}", reported="2023-07-01 09:00", category="邻里纠纷") for i in range(0, 60, 7)
    ]
    import_files([write_csv(tmp_path / "b.csv", rows2)], db=dbp)
    header = ["办件编号", "中心编码", "办理渠道", "受理时间", "申请人社区代码", "评价"]
    srows = [header] + [
        [f"S{i}", CENTRE, "窗口", f"2023-06-{1 + i % 5:02d} 12:30", "530111004001", "满意"] for i in range(10)
    ]
    import_files([write_csv(tmp_path / "s.csv", srows)], db=dbp)
    q = "select * from {} order by all"
    with db.reader(dbp) as con:
        inc = {t: con.execute(q.format(t)).fetchall() for t in TICKET_AND_SERVICE_ROLLUPS}
    with db.writer(dbp) as con:
        rollups.rebuild(con)
        full = {t: con.execute(q.format(t)).fetchall() for t in TICKET_AND_SERVICE_ROLLUPS}
    assert inc == full
    # received: 60 minus the 20 cancelled (i % 3 == 2), plus 14, 35 and 56, reopened by the second export
    assert sum(r[4] for r in full["rollup_tickets_monthly"]) == 43


def test_batch_with_a_new_centre_loads_in_dependency_order(tmp_path, dbp):
    services = write_csv(
        tmp_path / "办件记录.csv",
        [["办件编号", "中心编码", "办理渠道", "受理时间"], ["S1", "C777", "网上办", "2023-06-10 10:00"]],
    )
    centres = write_csv(
        tmp_path / "服务中心台账.csv",
        [["中心编码", "中心名称", "中心类型", "所属社区代码"], ["C777", "新中心", "邻里中心", "530111001002"]],
    )
    regions = write_csv(
        tmp_path / "社区与网格.csv",
        [["区划代码", "名称", "上级代码", "层级"], ["530111001002", "新社区", "530111001", "社区"]],
    )
    reps = import_files([services, centres, regions], db=dbp)
    assert [(r.file, r.status) for r in reps] == [
        ("办件记录.csv", "loaded"),
        ("服务中心台账.csv", "loaded"),
        ("社区与网格.csv", "loaded"),
    ], [r.errors for r in reps]
    assert query(dbp, "select table_name from import_log order by import_id") == [
        ("regions",),
        ("centres",),
        ("service_records",),
    ]
    # a later batch whose centre is refused: its services are refused too, and nothing changes
    before = checksums(dbp)
    centres2 = write_csv(
        tmp_path / "c2.csv",
        [["中心编码", "中心名称", "中心类型", "所属社区代码"], ["C888", "坏中心", "不存在的类型", COMMUNITY]],
    )
    services2 = write_csv(
        tmp_path / "s2.csv",
        [["办件编号", "中心编码", "办理渠道", "受理时间"], ["S2", "C888", "窗口", "2023-06-10 10:00"]],
    )
    reps = import_files([services2, centres2], db=dbp)
    assert [r.status for r in reps] == ["refused", "refused"]
    assert reps[0].errors[0]["code"] == "unknown_ref"
    assert checksums(dbp) == before


def test_sla_deadline_when_the_export_has_none(tmp_path, dbp):
    rows = [
        TICKET_HEADER,
        ticket("T1", reported="2023-09-28 10:00", category="市容环境"),  # 3 working days -> 10/9
        ticket("T2", reported="2023-09-28 10:00", category="紧急事件"),  # 2 hours
        ticket("T3", reported="2023-09-28 10:00", due="2023-10-01 12:00"),
    ]  # given by the export
    import_files([write_csv(tmp_path / "t.csv", rows)], db=dbp)
    assert query(dbp, "select ticket_id, due_at, due_source from tickets order by 1") == [
        ("T1", dt.datetime(2023, 10, 9, 23, 59, 59), "sla"),
        ("T2", dt.datetime(2023, 9, 28, 12, 0), "sla"),
        ("T3", dt.datetime(2023, 10, 1, 12, 0), "ticket"),
    ]


def test_each_file_logs_its_cpu_by_step(tmp_path, dbp, caplog):
    """A loaded file logs where its CPU went, step by step; a refused one stops at the step that refused it."""
    from grassroots.ingest import importer

    good = write_csv(tmp_path / "good.csv", [TICKET_HEADER, ticket("T1"), ticket("T2")])
    bad = write_csv(tmp_path / "bad.csv", [TICKET_HEADER, ticket("T3", reported="2023-13-45")])
    with caplog.at_level("INFO", logger=importer.__name__):
        reports = import_files([good, bad], db=dbp, lang="en")
    assert [r.status for r in reports] == ["loaded", "refused"]
    logged = {
        rec.args[0]: dict(step.rsplit(" ", 1) for step in rec.args[1].split(", "))
        for rec in caplog.records
        if rec.msg == importer.STEPS_LOG
    }
    assert list(logged["good.csv"]) == [
        "hash",
        "read and convert",
        "validate",
        "repair",
        "load",
        "rollups",
        "log",
        "commit",
    ]
    assert list(logged["bad.csv"]) == ["hash", "read and convert", "validate"]
    assert list(logged["(all files)"]) == ["alerts"]
    assert all(float(v) >= 0 for steps in logged.values() for v in steps.values())


WISH_HEADER = ["心愿编号", "社区代码", "提出日期", "认领日期", "完成日期", "状态"]
RAISED, CLAIMED, FULFILLED, EARLY = "2023-06-01", "2023-06-03", "2023-06-08", "2023-06-02"


def test_a_wish_whose_status_its_dates_contradict_loads_with_a_warning(tmp_path, dbp):
    """Every mix of claim date, fulfilment date and status: 已完成 without a fulfilment date and 待认领 with a date
    load with a warning, a fulfilment before the claim is an error like every date order; what warned is
    what the counting rule (wish_is_claimed / wish_is_fulfilled) reads differently from the status alone."""
    combos = list(itertools.product(("", CLAIMED), ("", FULFILLED, EARLY), ("待认领", "已认领", "已完成", "")))
    rows = [[f"W{i:02d}", COMMUNITY, RAISED, c, f, s] for i, (c, f, s) in enumerate(combos)]
    [r] = import_files([write_csv(tmp_path / "微心愿.csv", [WISH_HEADER, *rows])], db=dbp, lang="en")
    assert r.status == "refused" and r.code == "rows_invalid"  # strict: the fulfilment before the claim
    late = [i + 2 for i, (c, f, _) in enumerate(combos) if c and f and f < c]
    assert codes(r) == [(row, "完成日期", "before") for row in late]
    assert {e["reason"] for e in r.errors} == {"earlier than 认领日期"}

    [r] = import_files([write_csv(tmp_path / "微心愿.csv", [WISH_HEADER, *rows])], db=dbp, accept_valid=True)
    assert (r.status, r.rows_rejected, r.rows_loaded) == ("partial", len(late), len(combos) - len(late))
    warned = {w["row"]: (w["column"], w["value"], w["code"], w["reason"]) for w in r.warnings}
    assert r.warnings_total == len(warned) == len(r.warnings)
    assert query(dbp, "select rows_warned from import_log") == [(r.warnings_total,)]
    # the rows the database counts otherwise than their status says, by the pages' own rule
    contradicted = query(
        dbp,
        "select wish_id from wishes where (status = '已完成' and not wish_is_fulfilled(fulfilled_on, null)) "
        "or (status = '待认领' and wish_is_claimed(claimed_on, fulfilled_on, null)) order by 1",
    )
    assert sorted(f"W{row - 2:02d}" for row in warned) == [w for (w,) in contradicted] and len(warned) >= 4
    for row, (column, value, code, reason) in warned.items():
        claimed, fulfilled, status = combos[row - 2]
        if status == "已完成":
            assert (column, value, code) == ("完成日期", None, "fulfilled_no_date") and not fulfilled
            assert reason.startswith("状态为已完成但没有完成日期")
        else:
            other = "认领日期" if claimed else "完成日期"
            assert (column, value, code, status) == ("状态", "待认领", "open_with_date", "待认领")
            assert reason.startswith(f"状态为待认领，却填有「{other}」")
    consistent = [i + 2 for i, combo in enumerate(combos) if i + 2 not in warned and i + 2 not in late]
    assert len(consistent) == len(combos) - len(late) - len(warned) >= 10


def test_wish_warnings_in_english_and_without_a_fulfilment_date_column(tmp_path, dbp):
    header = ["心愿编号", "社区代码", "提出日期", "认领日期", "状态"]  # no 完成日期 at all
    rows = [
        header,
        ["W1", COMMUNITY, RAISED, CLAIMED, "已完成"],  # fulfilled, but the file has no fulfilment dates
        ["W2", COMMUNITY, RAISED, CLAIMED, "未认领"],  # the profile's word for 待认领, yet claimed
        ["W3", COMMUNITY, RAISED, CLAIMED, "已认领"],
        ["W4", COMMUNITY, RAISED, "", "待认领"],
    ]
    [r] = import_files([write_csv(tmp_path / "wishes.csv", rows)], db=dbp, lang="en")
    assert (r.status, r.rows_loaded, r.errors) == ("loaded", 4, [])
    assert [(w["row"], w["column"], w["code"], w["reason"]) for w in r.warnings] == [
        (
            2,
            "完成日期",
            "fulfilled_no_date",
            "status 已完成 (fulfilled) without a fulfilment date: loaded as fulfilled, left out of days to fulfil",
        ),
        (
            3,
            "状态",
            "open_with_date",
            "status 待认领 (open) but 认领日期 is filled in: counted as claimed (as fulfilled when it has a "
            "fulfilment date)",
        ),
    ]
    frame = report_frame([r])
    assert list(frame["level"]) == ["warning", "warning"] and set(frame["file"]) == {"wishes.csv"}
    assert query(dbp, "select wish_id, status from wishes order by 1") == [
        ("W1", "已完成"),
        ("W2", "待认领"),
        ("W3", "已认领"),
        ("W4", "待认领"),
    ]
