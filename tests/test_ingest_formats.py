"""Readers and values: encodings, Excel layouts, Parquet, header variations, every date form."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from test_ingest_support import CENTRE, COMMUNITY, TICKET_HEADER, query, seeded_db, ticket, write_csv

from grassroots.ingest import import_files
from grassroots.ingest.profiles import normalise_header


@pytest.fixture
def dbp(tmp_path):
    return seeded_db(tmp_path / "t.duckdb")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, dbp, encoding):
    f = write_csv(
        tmp_path / "工单.csv", [TICKET_HEADER, ticket("T1", category="市容环境", status="办理中")], encoding=encoding
    )
    [r] = import_files([f], db=dbp)
    assert (r.status, r.table, r.rows_loaded) == ("loaded", "tickets", 1)
    assert query(dbp, "select category, source_status from tickets") == [("市容环境", "办理中")]


def test_gb18030_detected_after_a_long_ascii_start(tmp_path, dbp):
    """The first 256 KB are ASCII (they decode as UTF-8); the Chinese comes later."""
    rows = [
        [f"T{i:05d}", "hotline", "x", COMMUNITY, "2023-06-10 09:00", "", "", "", "N", "0", "open"] for i in range(12000)
    ]
    rows.append(ticket("T99999", category="邻里纠纷", status="办理中"))
    header = [
        "ticket_id",
        "source",
        "category",
        "community_code",
        "reported_at",
        "accepted_at",
        "closed_at",
        "due_at",
        "escalated",
        "rework_count",
        "status",
    ]
    f = write_csv(tmp_path / "late.csv", [header] + rows, encoding="gb18030")
    assert f.stat().st_size > 300_000
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", r.message
    assert query(dbp, "select category from tickets where ticket_id = 'T99999'") == [("邻里纠纷",)]


def test_tab_separated_and_title_row_in_csv(tmp_path, dbp):
    f = write_csv(
        tmp_path / "x.txt", [TICKET_HEADER, ticket("T1")], title="官渡区2023年6月诉求工单台账", delimiter="\t"
    )
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", r.message
    assert r.rows_read == 1


def test_header_normalisation():
    assert normalise_header(" 建筑面积(㎡) ") == normalise_header("建筑面积（平方米）") == normalise_header("建筑面积")
    assert normalise_header("Case ID") == normalise_header("case_id") == "caseid"
    assert normalise_header("＊工单编号") == normalise_header("工单编号")


def test_header_variations_and_english_names(tmp_path, dbp):
    header = [" 中心编码 ", "中心名称", "中心类型", "所属社区代码", "建筑面积（平方米）", "办公面积(㎡)", "工作人员数"]
    f = write_csv(tmp_path / "a.csv", [header, ["C9", "新中心", "邻里中心", COMMUNITY, "2,100", "70", "22"]])
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", r.message
    assert query(dbp, "select floor_area_m2, office_area_m2, staff from centres where centre_id = 'C9'") == [
        (2100.0, 70.0, 22)
    ]
    header = ["centre_id", "name", "type", "community_code", "floor_area_m2"]
    f = write_csv(tmp_path / "b.csv", [header, ["C10", "English", "邻里中心", COMMUNITY, "1,234.5"]])
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded" and r.table == "centres"
    assert query(dbp, "select floor_area_m2 from centres where centre_id = 'C10'") == [(1234.5,)]


DATE_FORMS = [
    ("2023-06-10 14:05:00", dt.datetime(2023, 6, 10, 14, 5)),
    ("2023-06-10 14:05", dt.datetime(2023, 6, 10, 14, 5)),
    ("2023/6/10 14:05", dt.datetime(2023, 6, 10, 14, 5)),
    ("2023/6/10", dt.datetime(2023, 6, 10)),
    ("2023年6月10日", dt.datetime(2023, 6, 10)),
    ("2023年6月10日 14时05分", dt.datetime(2023, 6, 10, 14, 5)),
    ("45087", dt.datetime(2023, 6, 10)),  # Excel serial: 2023-06-10 is day 45087
    ("45087.5", dt.datetime(2023, 6, 10, 12, 0)),  # half a day later
    ("2023-06-10T14:05:00+08:00", dt.datetime(2023, 6, 10, 14, 5)),
]


def test_every_date_form(tmp_path, dbp):
    rows = [TICKET_HEADER] + [ticket(f"T{i}", reported=s, status="办理中") for i, (s, _) in enumerate(DATE_FORMS)]
    f = write_csv(tmp_path / "d.csv", rows)
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", (r.message, r.errors)
    got = dict(query(dbp, "select ticket_id, reported_at from tickets"))
    for i, (_, want) in enumerate(DATE_FORMS):
        assert got[f"T{i}"] == want, DATE_FORMS[i]


def test_cells_with_spaces_around_read_as_without(tmp_path, dbp):
    pads = [(" ", " "), ("\u3000", ""), ("", "\u3000 "), ("\u00a0", "\u00a0")]
    cases = [(f"P{i}-{k}", a + s + b, want) for i, (s, want) in enumerate(DATE_FORMS) for k, (a, b) in enumerate(pads)]
    rows = [TICKET_HEADER] + [
        ticket(tid, reported=s, closed=s, status=" 已办结\u3000", category="\u3000市容环境 ", escalated=" 是 ")
        for tid, s, _ in cases
    ]
    [r] = import_files([write_csv(tmp_path / "p.csv", rows)], db=dbp)
    assert r.status == "loaded", (r.message, r.errors)
    got = {
        t: rest
        for t, *rest in query(
            dbp, "select ticket_id, reported_at, closed_at, status, source_status, category, escalated from tickets"
        )
    }
    for tid, s, want in cases:
        assert got[tid] == [want, want, "closed", "已办结", "市容环境", True], (tid, s)


def test_blank_and_bad_cells_with_spaces_are_reported_trimmed(tmp_path, dbp):
    rows = [TICKET_HEADER, ticket("B1", reported=" \u3000 "), ticket("B2", reported="\u3000下周一 ")]
    [r] = import_files([write_csv(tmp_path / "b.csv", rows)], db=dbp)
    assert r.status == "refused"
    assert {(e["row"], e["column"], e["value"], e["code"]) for e in r.errors} == {
        (2, "上报时间", None, "missing_value"),
        (3, "上报时间", "下周一", "bad_date"),
    }


def test_bad_dates_are_refused(tmp_path, dbp):
    bad = ["2023-02-30", "2023/13/1", "下周一", "6/10/23", "3"]
    rows = [TICKET_HEADER] + [ticket(f"T{i}", reported=s) for i, s in enumerate(bad)]
    [r] = import_files([write_csv(tmp_path / "d.csv", rows)], db=dbp)
    assert r.status == "refused"
    assert {(e["row"], e["column"], e["value"], e["code"]) for e in r.errors} == {
        (i + 2, "上报时间", s, "bad_date") for i, s in enumerate(bad)
    }


def test_yes_no_ratings_numbers(tmp_path, dbp):
    words = ["是", "否", "Y", "N", "1", "0", "true", "false", "yes", "NO"]
    rows = [TICKET_HEADER] + [
        ticket(f"T{i}", escalated=w, status="办理中", rework="1,000" if i == 0 else "2") for i, w in enumerate(words)
    ]
    [r] = import_files([write_csv(tmp_path / "b.csv", rows)], db=dbp)
    assert r.status == "loaded", r.errors
    got = dict(query(dbp, "select ticket_id, escalated from tickets"))
    assert [got[f"T{i}"] for i in range(len(words))] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    assert query(dbp, "select rework_count from tickets where ticket_id = 'T0'") == [(1000,)]

    header = ["办件编号", "中心编码", "办理渠道", "受理时间", "评价"]
    ratings = [("非常满意", 5), ("满意", 4), ("基本满意", 3), ("不满意", 1), ("2", 2), ("5", 5), ("", None)]
    rows = [header] + [[f"S{i}", CENTRE, "窗口", "2023-06-10 10:00", w] for i, (w, _) in enumerate(ratings)]
    [r] = import_files([write_csv(tmp_path / "s.csv", rows)], db=dbp)
    assert r.status == "loaded", r.errors
    got = dict(query(dbp, "select service_id, rating from service_records"))
    assert [got[f"S{i}"] for i in range(len(ratings))] == [v for _, v in ratings]


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, build in sheets.items():
        build(wb.create_sheet(name))
    wb.save(path)
    return path


def test_xlsx_title_rows_merged_cells_total_row_and_two_sheets(tmp_path, dbp):
    def tickets(ws):
        ws["A1"] = "官渡区2023年6月诉求工单台账"
        ws.merge_cells("A1:K1")
        ws["A2"] = "制表单位：关上街道"
        ws.merge_cells("A2:E2")
        ws.append(TICKET_HEADER)  # row 3
        ws.append(ticket("T1", reported=None, status="办理中"))  # row 4
        ws.cell(row=4, column=5, value=dt.datetime(2023, 6, 10, 14, 5))  # a real Excel date cell
        ws.append(ticket("T2", reported=45087.5, status="办理中"))  # row 5: a serial number cell
        ws.append(["合计", None, None, None, None, None, None, None, None, 2])  # ends the data
        ws.append(ticket("T3"))  # below the total: not data

    def activities(ws):
        ws.append(["活动编号", "中心编码", "活动日期", "开始时间", "结束时间", "活动类别", "参与人次"])
        ws.append(["A1", CENTRE, dt.date(2023, 6, 10), dt.time(14, 0), "16:30", "老有所养", 30])
        ws.append(["A2", CENTRE, "2023年6月11日", 0.375, None, "幼有所育", "12"])
        ws.append([])  # a blank row ends the data
        ws.append(["备注：本表由社区填报"])

    def notes(ws):
        ws["A1"] = "填表说明"

    f = _workbook(tmp_path / "台账.xlsx", {"诉求工单": tickets, "活动": activities, "说明": notes})
    reps = import_files([f], db=dbp)
    by_sheet = {r.sheet: r for r in reps}
    assert by_sheet["诉求工单"].status == "loaded", by_sheet["诉求工单"].errors
    assert by_sheet["诉求工单"].rows_read == 2
    assert by_sheet["活动"].status == "loaded", by_sheet["活动"].errors
    assert by_sheet["说明"].status == "skipped"
    assert query(dbp, "select ticket_id, reported_at from tickets order by 1") == [
        ("T1", dt.datetime(2023, 6, 10, 14, 5)),
        ("T2", dt.datetime(2023, 6, 10, 12, 0)),
    ]
    assert query(dbp, "select activity_id, date, start_time, end_time, participants from activities order by 1") == [
        ("A1", dt.date(2023, 6, 10), dt.time(14, 0), dt.time(16, 30), 30),
        ("A2", dt.date(2023, 6, 11), dt.time(9, 0), None, 12),
    ]


def test_xlsx_error_rows_are_sheet_rows(tmp_path, dbp):
    def tickets(ws):
        ws["A1"] = "标题"
        ws.merge_cells("A1:F1")  # row 2 stays empty
        rows = {
            3: TICKET_HEADER,
            4: ticket("T1", status="已办结"),  # closed but no 结案时间
            5: ticket("T2", reported="not a date"),
        }
        for r, values in rows.items():
            for c, v in enumerate(values, 1):
                ws.cell(row=r, column=c, value=v or None)

    f = _workbook(tmp_path / "w.xlsx", {"Sheet1": tickets})
    [r] = import_files([f], db=dbp)
    assert r.status == "refused"
    assert sorted((e["row"], e["column"], e["code"]) for e in r.errors) == [(5, "上报时间", "bad_date")]
    # closed without a closing time is a warning, never a refusal
    assert [(w["row"], w["column"], w["code"]) for w in r.warnings] == [(4, "结案时间", "closed_no_time")]


def test_parquet(tmp_path, dbp):
    df = pd.DataFrame(
        {
            "工单编号": ["P1", "P2"],
            "上报时间": pd.to_datetime(["2023-06-10 09:00", "2023-06-11 10:30"]),
            "问题大类": ["市容环境", "紧急事件"],
            "返工次数": [0, 2],
            "状态": ["办理中", "办理中"],
        }
    )
    f = tmp_path / "t.parquet"
    df.to_parquet(f)
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", (r.message, r.errors)
    assert query(dbp, "select ticket_id, reported_at, rework_count from tickets order by 1") == [
        ("P1", dt.datetime(2023, 6, 10, 9, 0), 0),
        ("P2", dt.datetime(2023, 6, 11, 10, 30), 2),
    ]


def test_table_named_by_file_name_when_headers_are_ambiguous(tmp_path, dbp):
    # 社区代码 + 类别 + 状态 fit wishes and tickets alike; the file name decides
    header = ["心愿编号", "社区代码", "提出日期", "类别", "状态"]
    f = write_csv(tmp_path / "微心愿2023.csv", [header, ["W1", COMMUNITY, "2023/6/1", "公共设施", "待认领"]])
    [r] = import_files([f], db=dbp)
    assert (r.table, r.status) == ("wishes", "loaded"), r.message


def test_centre_coordinates_per_row_system(tmp_path, dbp):
    from grassroots import geo

    header = ["中心编码", "中心名称", "中心类型", "所属社区代码", "经度", "纬度", "坐标系"]
    rows = [
        header,
        ["W", "甲", "邻里中心", COMMUNITY, "102.742", "25.012", "WGS-84"],
        ["G", "乙", "邻里中心", COMMUNITY, "102.742", "25.012", "GCJ02"],
        ["N", "丙", "邻里中心", COMMUNITY, "102.742", "25.012", ""],
    ]  # absent: GCJ02
    [r] = import_files([write_csv(tmp_path / "c.csv", rows)], db=dbp)
    assert r.status == "loaded", r.errors
    got = {k: (lon, lat, crs) for k, lon, lat, crs in query(dbp, "select centre_id, lon, lat, crs from centres")}
    assert got["W"][:2] == pytest.approx(geo.wgs84_to_gcj02(102.742, 25.012), abs=1e-12)
    assert got["G"] == got["N"] == (102.742, 25.012, "GCJ02") and got["W"][2] == "GCJ02"
