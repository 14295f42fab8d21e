"""The demo generator: deterministic, true to the seeds' facts, well-formed, and its samples in the
standard layout. The module shares the kept small build (tests/demo_cache.py); two fresh builds check
determinism."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_ingest_support import HOTLINE_HEADER

from grassroots import db, demo
from grassroots.demo import cli as demo_cli
from grassroots.demo import samples

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 20)
END = pd.Timestamp("2026-11-21")  # the first moment after as_of

# The standard layout's headers, as /work/shared/exports.md lists them
STANDARD = {
    "服务中心台账.csv": "中心编码 中心名称 中心类型 所属社区代码 经度 纬度 坐标系 建筑面积(㎡) 办公面积(㎡) 工作人员数 试点批次 建成日期 状态",
    "社区与网格.csv": "区划代码 名称 上级代码 层级 常住人口 流动人口 户数 经度 纬度",
    "诉求工单.csv": "工单编号 来源渠道 问题大类 问题小类 网格编码 社区代码 上报时间 受理时间 派遣时间 处置时间 核查时间 结案时间 "
    "办理时限 承办部门 是否吹哨 返工次数 满意度 诉求内容 诉求人 联系电话 状态",
    "微心愿.csv": "心愿编号 社区代码 提出日期 类别 心愿内容 认领日期 认领人或单位 完成日期 状态",
    "志愿服务记录.csv": "记录编号 志愿者编号 队伍名称 中心编码 服务日期 服务时长(小时) 获得积分 兑换积分",
    "在职党员报到.csv": "党员编号 所在单位 报到社区代码 报到日期 认领岗位",
}
ACTIVITY_HEADERS = "活动编号 中心编码 活动日期 开始时间 结束时间 活动类别 活动名称 参与人次 志愿者人数 合作单位".split()
SERVICE_HEADERS = "办件编号 中心编码 事项编码 事项名称 办理渠道 受理时间 办结时间 申请人社区代码 评价 办理结果".split()


@pytest.fixture(scope="module")
def small(demo_db) -> Path:
    return demo_db


@pytest.fixture(scope="module")
def frames(small) -> dict[str, pd.DataFrame]:
    names = (
        "regions",
        "centres",
        "programmes",
        "programme_targets",
        "service_items",
        "centre_items",
        "tickets",
        "service_records",
        "activities",
        "wishes",
        "volunteering",
        "party_member_reports",
        "rollup_tickets_monthly",
        "rollup_services_daily",
    )
    with db.reader(small) as con:
        return {n: con.table(n).df() for n in names}


@pytest.fixture(scope="module")
def sample_dir(small, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    samples.write(small, out)
    return out


# columns the database fills from its clock, which differ between any two builds
CLOCK_COLUMNS = {"schema_migrations": "applied_at", "region_boundaries": "loaded_at", "import_log": "imported_at"}


def _checksums(path: Path) -> dict:
    with db.reader(path) as con:
        sums = db.table_checksums(con)
        for table, column in CLOCK_COLUMNS.items():
            frame = con.cursor().table(table).df().drop(columns=column)
            sums[table] = (len(frame), int(pd.util.hash_pandas_object(frame, index=False).sum()))
    return sums


# --- determinism -----------------------------------------------------------------------------------


def test_same_seed_builds_the_same_database_and_another_seed_does_not(small, tmp_path):
    again = tmp_path / "again.duckdb"
    demo.build(again, scale="small", seed=7)
    first = _checksums(small)
    assert _checksums(again) == first
    other = tmp_path / "other.duckdb"
    demo.build(other, scale="small", seed=8)
    changed = _checksums(other)
    for table in ("tickets", "service_records", "activities", "wishes", "volunteering", "party_member_reports"):
        assert changed[table] != first[table], table
    # the places do not depend on the seed, so samples and facts line up whatever the seed
    for table in ("regions", "centres", "programmes", "programme_targets", "service_items", "centre_items"):
        assert changed[table] == first[table], table


def test_an_existing_database_is_refused_without_force(small, tmp_path, capsys):
    path = tmp_path / "kept.duckdb"
    path.write_bytes(b"not a database, and must stay as it is")
    with pytest.raises(FileExistsError):
        demo.build(path, scale="small")
    parser = argparse.ArgumentParser()
    demo_cli.configure(parser)
    assert demo_cli.run(parser.parse_args(["--db", str(path), "--quiet"])) == 1
    assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == b"not a database, and must stay as it is"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.duckdb"]  # no half-built file left


# --- the seeds' facts ---------------------------------------------------------------------------------


def _real_streets() -> set[str]:
    with open(ROOT / "data" / "geo" / "streets_subset.csv", encoding="utf-8") as fh:
        return {r["code"] for r in csv.DictReader(fh)}


def test_guandu_has_twelve_first_batch_pilots_in_real_streets(frames):
    c = frames["centres"]
    pilots = c[(c["type"] == "便民党群服务中心") & (c["pilot_batch"] == "第一批")]
    assert len(pilots) == 12
    assert pilots["community_code"].str.startswith("530111").all()
    assert set(pilots["community_code"].str[:9]) <= _real_streets()
    assert sorted(pilots["status"]) == ["在建"] + ["规划"] + ["运行"] * 10
    t = frames["programme_targets"].merge(frames["programmes"], on="programme_id")
    gd = t[t["region_code"] == "530111"]
    assert list(zip(gd["target_date"].astype(str), gd["metric"], gd["target_value"])) == [
        ("2026-07-31", "centres", 12.0)
    ]
    opened_by_target = pilots[(pilots["status"] == "运行") & (pilots["opened_on"] <= pd.Timestamp("2026-07-31"))]
    assert len(opened_by_target) == 10  # behind target: the light is honest


def test_ciba_has_seven_communities_and_45_grids(frames):
    r = frames["regions"]
    comms = r[(r["level"] == "community") & (r["parent_code"] == "530103008")]
    assert len(comms) == 7 and "青松路社区" in set(comms["name"])
    grids = r[(r["level"] == "grid") & r["parent_code"].isin(comms["code"])]
    assert len(grids) == 45


def test_xiaojie_centre_and_its_published_lists(frames):
    c = frames["centres"]
    r = frames["regions"]
    xiaojie = r[(r["name"] == "小街社区") & (r["parent_code"] == "530111001")]["code"].item()
    centre = c[(c["community_code"] == xiaojie) & (c["type"] == "便民党群服务中心")].iloc[0]
    assert (centre["floor_area_m2"], centre["office_area_m2"], centre["staff"]) == (447, 70, 22)
    assert (
        "weekday 12:00-14:00,19:00-21:00" in centre["extended_hours"]
        and "weekend 10:00-17:00" in centre["extended_hours"]
    )
    items = frames["centre_items"].merge(frames["service_items"], on="item_code")
    kinds = items[items["centre_id"] == centre["centre_id"]]["list_kind"].value_counts()
    assert kinds.to_dict() == {"政务服务": 30, "代办": 25}


def test_fenghuangshan_activities_people_and_volunteers(frames):
    r = frames["regions"]
    fhs = r[(r["name"] == "凤凰山社区") & (r["parent_code"] == "530111004")].iloc[0]
    assert fhs["residents"] > 5000 and fhs["floating"] >= 45000
    centres = frames["centres"]
    cid = centres[(centres["community_code"] == fhs["code"]) & (centres["type"] == "便民党群服务中心")][
        "centre_id"
    ].item()
    a = frames["activities"]
    in_2026 = a[(a["centre_id"] == cid) & (pd.to_datetime(a["date"]).dt.year == 2026)]
    assert len(in_2026) >= 86 and in_2026["participants"].sum() >= 4000
    english = in_2026[in_2026["title"] == "少儿英语角"]
    assert len(english) >= 10 and (english["partner"] == "云南财经大学国际语言学院").all()
    v = frames["volunteering"]
    assert v[v["team"] == "金小马志愿服务队"]["volunteer_id"].nunique() >= 560


def test_putian_rollout_and_weishanzhuang_stations(frames):
    c, r = frames["centres"], frames["regions"]
    pt = c[c["type"] == "邻里中心"]
    communities = r[(r["level"] == "community") & r["code"].str.startswith("350304")]
    assert set(pt["community_code"]) == set(communities["code"])
    running = pt[pt["status"] == "运行"]

    def share_by(day):
        return (running["opened_on"] <= pd.Timestamp(day)).sum() / len(communities)

    assert (running["opened_on"] <= pd.Timestamp("2024-06-30")).sum() == 17
    assert (running["pilot_batch"] == "试点").sum() == 17
    assert share_by("2025-12-31") >= 0.8
    assert 0.8 < share_by(AS_OF) < 1.0  # the last target partly unmet
    wsz = c[c["type"] == "村级政务服务站"]
    assert len(wsz) == 18 and wsz["community_code"].str.startswith("110115110").all()
    assert (wsz["status"] == "运行").all()


# --- well-formed --------------------------------------------------------------------------------------


def test_codes_are_well_formed_and_parents_exist(frames):
    r = frames["regions"].set_index("code")
    width = {"district": 6, "street": 9, "community": 12, "grid": 15}
    parent_level = {"street": "district", "community": "street", "grid": "community"}
    for code, row in r.iterrows():
        assert code.isdigit() and len(code) == width[row["level"]], code
        if row["level"] == "district":
            assert pd.isna(row["parent_code"])
        else:
            assert (
                code.startswith(row["parent_code"]) and r.loc[row["parent_code"], "level"] == parent_level[row["level"]]
            )
    communities = set(r.index[r["level"] == "community"])
    assert set(frames["centres"]["community_code"]) <= communities
    t = frames["tickets"]
    assert set(t["community_code"]) <= communities
    assert (t["grid_code"].str[:12] == t["community_code"]).all()
    assert set(t["grid_code"]) <= set(r.index[r["level"] == "grid"])
    s = frames["service_records"]
    assert set(s["applicant_community_code"].dropna()) <= communities


def test_stage_times_run_forward_and_nothing_is_after_as_of(frames):
    t = frames["tickets"]
    stages = ["reported_at", "accepted_at", "dispatched_at", "handled_at", "verified_at", "closed_at"]
    for a, b in zip(stages, stages[1:]):
        both = t[a].notna() & t[b].notna()
        assert (t.loc[both, a] <= t.loc[both, b]).all(), (a, b)
    assert (t["closed_at"].dropna() >= t.loc[t["closed_at"].notna(), "reported_at"]).all()
    assert (t["status"] == "closed").eq(t["closed_at"].notna()).all()
    for col in stages:
        assert t[col].max() < END
    s = frames["service_records"]
    assert s["accepted_at"].max() < END and s["finished_at"].max() < END
    assert (s["finished_at"].dropna() > s.loc[s["finished_at"].notna(), "accepted_at"]).all()
    assert pd.to_datetime(frames["activities"]["date"]).max() < END
    c = frames["centres"].set_index("centre_id")
    opened = pd.to_datetime(s["centre_id"].map(c["opened_on"]))
    assert (s["accepted_at"] >= opened).all()  # no service before its centre opened


def test_open_share_and_backlog(frames):
    t = frames["tickets"]
    open_ = t["status"] == "open"
    assert 0.03 <= open_.mean() <= 0.08
    recent = t["reported_at"] >= END - pd.Timedelta(days=30)
    assert open_[recent].mean() > open_.mean()
    assert (open_ & (t["due_at"] < END)).sum() > 0  # some open and overdue
    assert 0.03 <= t["escalated"].mean() <= 0.07
    assert set(t["status"]) == {"open", "closed", "cancelled", "duplicate"}
    # sources that keep no acceptance step never have one
    assert t.loc[t["source"].isin(["社区小喇叭", "心愿本"]), "accepted_at"].isna().all()


def test_personal_data_looks_real(frames):
    t = frames["tickets"]
    phones = t["reporter_phone"].dropna()
    assert phones.str.fullmatch(r"1[358]\d{9}").all()
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for number in t["reporter_id_number"].dropna().head(500):
        assert len(number) == 18
        total = sum(int(d) * w for d, w in zip(number[:17], weights))
        assert number[17] == "10X98765432"[total % 11], number


def test_services_mix_hours_and_tongban(frames):
    s = frames["service_records"].copy()
    year = s["accepted_at"].dt.year
    online = s["channel"].isin(["网上办", "掌上办"])
    assert online[year == 2026].mean() > online[year == 2024].mean() + 0.05
    c = frames["centres"].set_index("centre_id")
    counter = s["channel"].isin(["窗口", "帮代办", "上门服务"])
    weekend = s["accepted_at"].dt.day_of_week >= 5
    hours = s["centre_id"].map(c["extended_hours"]).fillna("")
    # counter services on a weekend happen only at centres that keep weekend hours (or on a working
    # weekend of the official calendar, 调休)
    odd = s[counter & weekend & ~hours.str.contains("weekend")]
    assert len(odd) < 0.01 * len(s)
    centre_comm = s["centre_id"].map(c["community_code"])
    stations = s["centre_id"].map(c["type"]) == "村级政务服务站"
    tongban = s["applicant_community_code"].notna() & (s["applicant_community_code"] != centre_comm)
    assert tongban[stations].mean() > 0.2 and tongban[~stations].mean() > 0.0


# --- rollups equal their records --------------------------------------------------------------------------


def test_rollups_equal_the_records(frames):
    t = frames["tickets"]
    void = t["status"].isin(["cancelled", "duplicate"])
    rt = frames["rollup_tickets_monthly"]
    assert rt["n"].sum() == (~void).sum()
    assert rt["void_n"].sum() == void.sum()
    assert rt["closed_flow"].sum() == (t["status"] == "closed").sum()
    assert rt["escalated_n"].sum() == (t["escalated"] & ~void).sum()
    by_month = t[~void].groupby(t["reported_at"].dt.to_period("M").dt.start_time.dt.date).size()
    got = rt.groupby("month")["n"].sum()
    got = got[got > 0]
    assert by_month.sort_index().tolist() == got.sort_index().tolist()
    s = frames["service_records"]
    rs = frames["rollup_services_daily"]
    assert rs["n"].sum() == len(s)
    assert rs["n_finished"].sum() == s["finished_at"].notna().sum()
    assert rs["rating_sum"].sum() == s["rating"].sum()
    centre_comm = s["centre_id"].map(frames["centres"].set_index("centre_id")["community_code"])
    tongban = s["applicant_community_code"].notna() & (s["applicant_community_code"] != centre_comm)
    assert rs["n_tongban"].sum() == tongban.sum()


# --- samples ------------------------------------------------------------------------------------------------


def _csv_header(path: Path, encoding: str) -> list[str]:
    with open(path, encoding=encoding, newline="") as fh:
        return next(csv.reader(fh))


def test_samples_have_the_standard_headers_and_encodings(sample_dir):
    for name, headers in STANDARD.items():
        enc = "utf-8-sig" if name == "服务中心台账.csv" else "utf-8"
        assert _csv_header(sample_dir / name, enc) == headers.split(), name
    assert (sample_dir / "服务中心台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (sample_dir / "诉求工单.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    raw = (sample_dir / "诉求工单_GB18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gb18030"))))
    assert rows[0] == STANDARD["诉求工单.csv"].split()
    assert all(re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", r[6]) for r in rows[1:])
    assert 1000 <= sum(1 for _ in open(sample_dir / "诉求工单.csv", encoding="utf-8")) - 1 <= 5000
    assert sum(p.stat().st_size for p in sample_dir.iterdir()) < 5 * 2**20


def test_sample_ledger_parquet_and_hotline(sample_dir):
    ws = openpyxl.load_workbook(sample_dir / "活动台账.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "官渡区2026年活动台账"
    assert list(rows[1]) == ACTIVITY_HEADERS
    assert rows[-1][0] == "合计"
    assert rows[-1][7] == sum(r[7] for r in rows[2:-1])
    table = pq.read_table(sample_dir / "办件记录.parquet")
    assert table.column_names == SERVICE_HEADERS and table.num_rows > 0
    hotline = list(csv.reader(open(sample_dir / "hotline_311.csv", encoding="utf-8")))
    assert hotline[0] == HOTLINE_HEADER
    assert {r[3] for r in hotline[1:]} <= {"Open", "Closed", "Cancelled", "Duplicate"}
    assert all(re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2} \d{1,2}:\d{2}", r[1]) for r in hotline[1:])


def test_sample_tickets_are_the_database_records(small, sample_dir):
    f = pd.read_csv(sample_dir / "诉求工单.csv", dtype=str, keep_default_na=False)
    with db.reader(small) as con:
        t = con.table("tickets").df().set_index("ticket_id")
    assert f["工单编号"].is_unique and set(f["工单编号"]) <= set(t.index)
    rec = t.loc[f["工单编号"]]
    assert (pd.to_datetime(f["上报时间"]).to_numpy() == rec["reported_at"].to_numpy()).all()
    closed = f["结案时间"] != ""
    assert (
        pd.to_datetime(f.loc[closed, "结案时间"]).to_numpy() == rec.loc[closed.to_numpy(), "closed_at"].to_numpy()
    ).all()
    assert (f["社区代码"].to_numpy() == rec["community_code"].to_numpy()).all()
    assert (f["是否吹哨"].map({"是": True, "否": False}).to_numpy() == rec["escalated"].to_numpy()).all()


def test_the_error_sample_has_each_planted_defect(small, sample_dir):
    f = pd.read_csv(sample_dir / "诉求工单_有错误.csv", dtype=str, keep_default_na=False)
    assert list(f.columns) == STANDARD["诉求工单.csv"].split()
    assert f["工单编号"].duplicated().sum() == 1
    parsed = pd.to_datetime(f["上报时间"], errors="coerce", format="%Y-%m-%d %H:%M:%S")
    assert parsed.isna().sum() == 1
    closed = pd.to_datetime(f["结案时间"].replace("", None), errors="coerce")
    assert ((closed < parsed) & closed.notna()).sum() == 1
    with db.reader(small) as con:
        known = set(con.table("regions").df()["code"])
    assert (~f["社区代码"].isin(known)).sum() == 1


def test_importing_the_standard_samples_into_their_database_changes_nothing(small, sample_dir, tmp_path):
    from grassroots.ingest.importer import import_files

    copy = tmp_path / "copy.duckdb"
    shutil.copy(small, copy)
    before = _checksums(copy)
    standard = [
        sample_dir / n
        for n in (
            "服务中心台账.csv",
            "社区与网格.csv",
            "诉求工单.csv",
            "诉求工单_GB18030.csv",
            "活动台账.xlsx",
            "办件记录.parquet",
            "微心愿.csv",
            "志愿服务记录.csv",
            "在职党员报到.csv",
        )
    ]
    reports = import_files([str(p) for p in standard], db=copy)
    assert [r.status for r in reports] == ["loaded"] * len(standard)
    # every row is already there with the same values: the reports say so
    assert [(r.new, r.updated, r.unchanged) for r in reports] == [(0, 0, r.rows_loaded) for r in reports]
    after = _checksums(copy)
    after.pop("import_log"), before.pop("import_log")
    assert after == before
    # the planted errors are each refused, and nothing of that file is loaded
    (bad,) = import_files([str(sample_dir / "诉求工单_有错误.csv")], db=copy)
    assert bad.status == "refused" and bad.rows_rejected == 4
    assert _checksums(copy)["tickets"] == before["tickets"]
