"""Sample export files cut from a demo database, for trying the importer.

Most are in the standard layout (标准导出格式) with its Chinese headers, in the encodings and shapes
real exports come in: UTF-8 with and without BOM, GB18030 with dates like 2023/6/10 14:05, an Excel
ledger with a title row above the header and a 合计 row below the data, Parquet. One is foreign (a
311-style city hotline CSV with English headers, US dates and WGS-84 coordinates) and one has
deliberately bad rows. The records keep their database ids, so importing a sample into the database
it came from finds every record already there.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from grassroots import DATA_DIR, db, geo, sql
from grassroots.progress import NULL, Progress

SAMPLES_DIR = DATA_DIR / "samples"

# model column -> header, in the order of the standard layout
CENTRES = {
    "centre_id": "中心编码",
    "name": "中心名称",
    "type": "中心类型",
    "community_code": "所属社区代码",
    "lon": "经度",
    "lat": "纬度",
    "crs": "坐标系",
    "floor_area_m2": "建筑面积(㎡)",
    "office_area_m2": "办公面积(㎡)",
    "staff": "工作人员数",
    "pilot_batch": "试点批次",
    "opened_on": "建成日期",
    "status": "状态",
}
REGIONS = {
    "code": "区划代码",
    "name": "名称",
    "parent_code": "上级代码",
    "level": "层级",
    "residents": "常住人口",
    "floating": "流动人口",
    "households": "户数",
    "lon": "经度",
    "lat": "纬度",
}
ACTIVITIES = {
    "activity_id": "活动编号",
    "centre_id": "中心编码",
    "date": "活动日期",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "category": "活动类别",
    "title": "活动名称",
    "participants": "参与人次",
    "volunteers": "志愿者人数",
    "partner": "合作单位",
}
SERVICES = {
    "service_id": "办件编号",
    "centre_id": "中心编码",
    "item_code": "事项编码",
    "item_name": "事项名称",
    "channel": "办理渠道",
    "accepted_at": "受理时间",
    "finished_at": "办结时间",
    "applicant_community_code": "申请人社区代码",
    "rating": "评价",
    "outcome": "办理结果",
}
TICKETS = {
    "ticket_id": "工单编号",
    "source": "来源渠道",
    "category": "问题大类",
    "subcategory": "问题小类",
    "grid_code": "网格编码",
    "community_code": "社区代码",
    "reported_at": "上报时间",
    "accepted_at": "受理时间",
    "dispatched_at": "派遣时间",
    "handled_at": "处置时间",
    "verified_at": "核查时间",
    "closed_at": "结案时间",
    "due_at": "办理时限",
    "department": "承办部门",
    "escalated": "是否吹哨",
    "rework_count": "返工次数",
    "satisfaction": "满意度",
    "description": "诉求内容",
    "reporter_name": "诉求人",
    "reporter_phone": "联系电话",
    "status": "状态",
}
WISHES = {
    "wish_id": "心愿编号",
    "community_code": "社区代码",
    "raised_on": "提出日期",
    "category": "类别",
    "content": "心愿内容",
    "claimed_on": "认领日期",
    "claimed_by": "认领人或单位",
    "fulfilled_on": "完成日期",
    "status": "状态",
}
VOLUNTEERING = {
    "record_id": "记录编号",
    "volunteer_id": "志愿者编号",
    "team": "队伍名称",
    "centre_id": "中心编码",
    "date": "服务日期",
    "hours": "服务时长(小时)",
    "points_earned": "获得积分",
    "points_redeemed": "兑换积分",
}
PARTY = {
    "member_id": "党员编号",
    "organisation": "所在单位",
    "community_code": "报到社区代码",
    "reported_on": "报到日期",
    "post": "认领岗位",
}
LEVELS = {"district": "区县", "street": "街道", "community": "社区", "grid": "网格"}
HOTLINE_STATUS = {"open": "Open", "closed": "Closed", "cancelled": "Cancelled", "duplicate": "Duplicate"}
STAGES = ("reported_at", "accepted_at", "dispatched_at", "handled_at", "verified_at", "closed_at")

# the places the samples are cut from
GUANDU, JINMA, WUJING, CIBA, FENGHUANGSHAN, LICHENG, WEISHANZHUANG = (
    "530111",
    "530111004",
    "530111003",
    "530103008",
    "530111004001",
    "350304",
    "110115110",
)


# --- formatting ------------------------------------------------------------------------------------


def _stamp(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")


def _day(s: pd.Series) -> pd.Series:
    d = pd.to_datetime(s)
    return d.dt.strftime("%Y-%m-%d").fillna("")


def _slashed(s: pd.Series) -> pd.Series:
    """2023/6/10 14:05 (no leading zeros in month, day and hour)."""
    return _date_and_clock(s, lambda d: (d.dt.year.astype(str), d.dt.month.astype(str), d.dt.day.astype(str)))


def _us(s: pd.Series) -> pd.Series:
    """6/10/23 14:05, the US style of 311 exports."""
    return _date_and_clock(s, lambda d: (d.dt.month.astype(str), d.dt.day.astype(str), d.dt.strftime("%y")))


def _date_and_clock(s: pd.Series, date_parts) -> pd.Series:
    """The three parts of each date (date_parts of the stamps) joined by "/", then H:MM; "" where s is empty."""
    ok = s.notna()
    out = pd.Series("", index=s.index, dtype=object)
    d = s[ok]
    first, second, third = date_parts(d)
    out[ok] = first + "/" + second + "/" + third + " " + d.dt.hour.astype(str) + ":" + d.dt.minute.map("{:02d}".format)
    return out


def _number(s: pd.Series) -> pd.Series:
    """Numbers as a ledger writes them: 447 rather than 447.0; blanks stay blank."""

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return ""
        f = float(v)
        return str(int(f)) if f.is_integer() else repr(round(f, 6))

    return s.astype(object).map(one)


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "")


def _headers(frame: pd.DataFrame, names: dict) -> pd.DataFrame:
    return frame[list(names)].rename(columns=names)


def _tickets_standard(f: pd.DataFrame, stamp=_stamp) -> pd.DataFrame:
    out = f.copy()
    for col in STAGES:
        out[col] = stamp(out[col])
    # only a deadline the source wrote on the ticket is exported; the others come from the SLA table
    out["due_at"] = stamp(out["due_at"].where(out["due_source"] == "ticket"))
    out["escalated"] = np.where(out["escalated"], "是", "否")
    out["rework_count"] = _number(out["rework_count"])
    out["status"] = out["source_status"]
    for col in ("satisfaction", "reporter_name", "reporter_phone", "grid_code", "department", "description"):
        out[col] = _text(out[col])
    return _headers(out, TICKETS)


# --- the files ---------------------------------------------------------------------------------------


def _write_csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8") -> int:
    frame.to_csv(path, index=False, encoding=encoding, lineterminator="\r\n" if encoding != "utf-8" else "\n")
    return len(frame)


def _centres(con) -> pd.DataFrame:
    f = sql.run(con, "demo/sample_centres")
    f["opened_on"] = _day(f["opened_on"])
    for col in ("lon", "lat", "floor_area_m2", "office_area_m2", "staff"):
        f[col] = _number(f[col])
    return _headers(f, CENTRES)


def _regions(con) -> pd.DataFrame:
    f = sql.run(con, "demo/sample_regions")
    f["level"] = f["level"].map(LEVELS)
    for col in ("residents", "floating", "households", "lon", "lat"):
        f[col] = _number(f[col])
    f["parent_code"] = _text(f["parent_code"])
    return _headers(f, REGIONS)


def _period(region: str, first: dt.date, end: dt.date, **extra) -> dict:
    return {"region": region, "date_from": first, "date_to": end, **extra}


def _activity_book(con, path: Path, year: int) -> int:
    """官渡区's activity ledger for a year as Excel: a title row, the header, the rows, a 合计 row."""
    f = sql.run(con, "demo/sample_activities", _period(GUANDU, dt.date(year, 1, 1), dt.date(year + 1, 1, 1)))
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"title": f"官渡区{year}年活动台账", "created": dt.datetime(year, 1, 1)})
    ws = wb.add_worksheet("活动台账")
    title = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    bold = wb.add_format({"bold": True})
    headers = list(ACTIVITIES.values())
    ws.merge_range(0, 0, 0, len(headers) - 1, f"官渡区{year}年活动台账", title)
    ws.write_row(1, 0, headers, head)
    for i, r in enumerate(f.itertuples(index=False), start=2):
        ws.write_string(i, 0, r.activity_id)
        ws.write_string(i, 1, r.centre_id)
        ws.write_datetime(i, 2, dt.datetime.combine(pd.Timestamp(r.date).date(), dt.time()), date)
        ws.write_string(i, 3, r.start_time.strftime("%H:%M") if pd.notna(r.start_time) else "")
        ws.write_string(i, 4, r.end_time.strftime("%H:%M") if pd.notna(r.end_time) else "")
        ws.write_string(i, 5, r.category)
        ws.write_string(i, 6, r.title if isinstance(r.title, str) else "")
        ws.write_number(i, 7, int(r.participants))
        if pd.notna(r.volunteers):
            ws.write_number(i, 8, int(r.volunteers))
        if isinstance(r.partner, str):
            ws.write_string(i, 9, r.partner)
    last = len(f) + 2
    ws.write_string(last, 0, "合计", bold)
    ws.write_number(last, 7, int(f["participants"].sum()), bold)
    ws.write_number(last, 8, int(f["volunteers"].fillna(0).sum()), bold)
    ws.set_column(0, 1, 18)
    ws.set_column(2, 2, 12)
    ws.set_column(6, 6, 22)
    ws.set_column(9, 9, 26)
    ws.freeze_panes(2, 0)
    wb.close()
    return len(f)


def _services_parquet(con, path: Path, first: dt.date, end: dt.date) -> int:
    f = sql.run(con, "demo/sample_services", _period(WEISHANZHUANG, first, end))
    f = _headers(f, SERVICES)
    table = pa.Table.from_pandas(f, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(table, path)
    return len(f)


def _hotline(con, path: Path, first: dt.date, end: dt.date) -> int:
    f = sql.run(con, "demo/sample_tickets", _period("110115", first, end, source="12345热线"))
    lon, lat = geo.gcj02_to_wgs84(f["lon"].to_numpy(), f["lat"].to_numpy())
    out = pd.DataFrame(
        {
            "Case ID": f["ticket_id"],
            "Created Date": _us(f["reported_at"]),
            "Closed Date": _us(f["closed_at"].where(f["status"] == "closed")),
            "Status": f["status"].map(HOTLINE_STATUS),
            "Category": f["category"],
            "Subcategory": _text(f["subcategory"]),
            "Department": _text(f["department"]),
            "Latitude": _number(pd.Series(np.round(lat, 6))),
            "Longitude": _number(pd.Series(np.round(lon, 6))),
            "Source": f["source"],
        }
    )
    return _write_csv(out, path)


def _with_errors(con, path: Path, first: dt.date, end: dt.date) -> int:
    """Good tickets, then four bad rows: closed before reported, an impossible date, an unknown
    community code, and a ticket id that appears twice."""
    f = sql.run(con, "demo/sample_tickets", _period(WUJING, first, end, source=None))
    f = f[f["status"] == "closed"].head(20)
    good = _tickets_standard(f)
    template = good.iloc[-1].copy()
    reported = pd.Timestamp(template["上报时间"])
    bad = []
    r = template.copy()
    r["工单编号"], r["结案时间"] = "SQ20261119900001", _stamp(pd.Series([reported - pd.Timedelta(hours=5)]))[0]
    r["受理时间"] = r["派遣时间"] = r["处置时间"] = r["核查时间"] = ""
    bad.append(r)
    r = template.copy()
    r["工单编号"], r["上报时间"] = "SQ20261119900002", "2026-02-30 09:15:00"
    bad.append(r)
    r = template.copy()
    r["工单编号"], r["社区代码"], r["网格编码"] = "SQ20261119900003", WUJING + "999", WUJING + "999001"
    bad.append(r)
    r = good.iloc[0].copy()
    r["诉求内容"] = r["诉求内容"] + "（重复录入）"
    bad.append(r)
    return _write_csv(pd.concat([good, pd.DataFrame(bad)], ignore_index=True), path)


def write(
    db_path: str | os.PathLike | None = None, out_dir: str | os.PathLike | None = None, progress: Progress = NULL
) -> dict[str, int]:
    """Write the sample exports from the database at `db_path` into `out_dir`; returns rows per file."""
    out = Path(out_dir) if out_dir else SAMPLES_DIR
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    with db.reader(db_path) as con:
        as_of = sql.run(con, "common/data_as_of")["newest_record"].iloc[0]
        as_of = pd.Timestamp(as_of).date() if pd.notna(as_of) else dt.date.today()
        year = as_of.year
        this_year, next_day = dt.date(year, 1, 1), as_of + dt.timedelta(days=1)
        month_start = as_of.replace(day=1)
        window = (dt.date(2000, 1, 1), next_day)
        steps = [
            ("服务中心台账.csv", lambda p: _write_csv(_centres(con), p, "utf-8-sig")),
            ("社区与网格.csv", lambda p: _write_csv(_regions(con), p)),
            (
                "诉求工单.csv",
                lambda p: _write_csv(
                    _tickets_standard(sql.run(con, "demo/sample_tickets", _period(CIBA, *window, source=None))), p
                ),
            ),
            (
                "诉求工单_GB18030.csv",
                lambda p: _write_csv(
                    _tickets_standard(
                        sql.run(
                            con, "demo/sample_tickets", _period(JINMA, this_year, dt.date(year, 7, 1), source=None)
                        ),
                        stamp=_slashed,
                    ),
                    p,
                    "gb18030",
                ),
            ),
            ("活动台账.xlsx", lambda p: _activity_book(con, p, year)),
            ("办件记录.parquet", lambda p: _services_parquet(con, p, dt.date(year, 7, 1), dt.date(year, 10, 1))),
            ("微心愿.csv", lambda p: _write_csv(_wishes(con, *window), p)),
            ("志愿服务记录.csv", lambda p: _write_csv(_volunteering(con, this_year, next_day), p)),
            ("在职党员报到.csv", lambda p: _write_csv(_party(con, *window), p)),
            ("hotline_311.csv", lambda p: _hotline(con, p, this_year, next_day)),
            ("诉求工单_有错误.csv", lambda p: _with_errors(con, p, month_start, next_day)),
        ]
        for i, (name, make) in enumerate(steps):
            progress(i, len(steps), name)
            rows[name] = make(out / name)
    progress(len(steps), len(steps), "samples")
    return rows


def _wishes(con, first: dt.date, end: dt.date) -> pd.DataFrame:
    f = sql.run(con, "demo/sample_wishes", _period(CIBA, first, end))
    for col in ("raised_on", "claimed_on", "fulfilled_on"):
        f[col] = _day(f[col])
    f["claimed_by"] = _text(f["claimed_by"])
    return _headers(f, WISHES)


def _volunteering(con, first: dt.date, end: dt.date) -> pd.DataFrame:
    f = sql.run(con, "demo/sample_volunteering", _period(FENGHUANGSHAN, first, end))
    f["date"] = _day(f["date"])
    for col in ("hours", "points_earned", "points_redeemed"):
        f[col] = _number(f[col])
    return _headers(f, VOLUNTEERING)


def _party(con, first: dt.date, end: dt.date) -> pd.DataFrame:
    f = sql.run(con, "demo/sample_party_members", _period(LICHENG, first, end))
    f["reported_on"] = _day(f["reported_on"])
    return _headers(f, PARTY)
