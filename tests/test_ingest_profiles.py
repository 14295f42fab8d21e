"""Header profiles: Open311, a 311-style city hotline, a profile a user drops in, bad profiles."""

import datetime as dt
import shutil

import pytest
from test_ingest_support import HOTLINE_HEADER, query, seeded_db, write_csv

from grassroots import geo
from grassroots.ingest import import_files
from grassroots.ingest import profiles as prof
from tests.refusals import refusal


@pytest.fixture
def dbp(tmp_path):
    return seeded_db(tmp_path / "t.duckdb")


def test_open311(tmp_path, dbp):
    header = [
        "service_request_id",
        "status",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "lat",
        "long",
    ]
    rows = [
        header,
        [
            "638344",
            "closed",
            "Pothole",
            "006",
            "deep hole",
            "DPW",
            "2023-06-10T14:05:00-07:00",
            "2023-06-12T09:00:00-07:00",
            "",
            "1 Main St",
            "39.915",
            "116.404",
        ],
        [
            "638345",
            "open",
            "Graffiti",
            "007",
            "",
            "DPW",
            "2023-06-11T08:00:00Z",
            "2023-06-11T09:30:00Z",
            "2023-06-20T00:00:00Z",
            "",
            "",
            "",
        ],
    ]
    [r] = import_files([write_csv(tmp_path / "requests.csv", rows)], db=dbp)
    assert (r.status, r.profile, r.table) == ("loaded", "open311", "tickets"), (r.message, r.errors)
    got = query(
        dbp,
        "select ticket_id, status, source_status, category, department, source, reported_at, closed_at, "
        "due_at, due_source, reporter_address, community_code, lon, lat from tickets order by 1",
    )
    closed, opened = got
    assert closed[:6] == ("638344", "closed", "closed", "Pothole", "DPW", "Open311")
    # the local clock time is kept, the offset dropped
    assert closed[6:8] == (dt.datetime(2023, 6, 10, 14, 5), dt.datetime(2023, 6, 12, 9, 0))
    # deadlines = "source": a request without an expected_datetime has no deadline, none is invented
    assert closed[8:10] == (None, None) and closed[10] == "1 Main St" and closed[11] is None
    # WGS-84 in the file, GCJ-02 in the database
    assert (closed[12], closed[13]) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-9)
    # an open request's updated_datetime is not a closing time; its expected_datetime is its deadline
    assert opened[1:3] == ("open", "open") and opened[7] is None
    assert opened[8:10] == (dt.datetime(2023, 6, 20), "ticket")
    assert opened[12] is None


def test_city_hotline(tmp_path, dbp):
    rows = [
        HOTLINE_HEADER,
        ["101", "6/10/23 14:05", "6/12/23 9:30", "Closed", "Streets", "Pothole", "DPW", "25.012", "102.742", "Phone"],
        ["102", "6/11/23 8:00", "", "Open", "Trees", "Fallen tree", "Parks", "", "", "App"],
        ["103", "12/1/23 23:59", "12/2/23 0:10", "Cancelled", "Noise", "", "Police", "", "", "Web"],
        ["104", "1/2/24 7:05", "1/2/24 7:06", "Duplicate", "Noise", "", "Police", "", "", "Web"],
    ]
    [r] = import_files([write_csv(tmp_path / "311_cases.csv", rows)], db=dbp)
    assert (r.status, r.profile) == ("loaded", "city_hotline"), (r.message, r.errors)
    got = {
        row[0]: row[1:]
        for row in query(
            dbp,
            "select ticket_id, status, source_status, reported_at, closed_at, subcategory, source, lon, lat "
            "from tickets",
        )
    }
    assert got["101"][:6] == (
        "closed",
        "Closed",
        dt.datetime(2023, 6, 10, 14, 5),
        dt.datetime(2023, 6, 12, 9, 30),
        "Pothole",
        "Phone",
    )
    assert got["101"][6:] == pytest.approx(geo.wgs84_to_gcj02(102.742, 25.012), abs=1e-9)
    assert got["102"][:3] == ("open", "Open", dt.datetime(2023, 6, 11, 8, 0))
    assert got["103"][:4] == (
        "cancelled",
        "Cancelled",
        dt.datetime(2023, 12, 1, 23, 59),
        dt.datetime(2023, 12, 2, 0, 10),
    )
    assert got["104"][:2] == ("duplicate", "Duplicate")


def test_status_words_of_the_standard_layout(tmp_path, dbp):
    from test_ingest_support import TICKET_HEADER, ticket

    rows = [
        TICKET_HEADER,
        ticket("T1", status="待受理"),
        ticket("T2", status="办理中"),
        ticket("T3", status="已办结", closed="2023-06-11 10:00"),
        ticket("T4", status="已关闭", closed="2023-06-11 10:00"),  # closed with a closing time
        ticket("T5", status="已关闭"),  # closed without one: cancelled
        ticket("T6", status="已撤销"),
        ticket("T7", status="重复"),
        ticket("T8", status="", closed="2023-06-11 10:00"),  # no status: derived
        ticket("T9", status=""),
    ]
    [r] = import_files([write_csv(tmp_path / "t.csv", rows)], db=dbp)
    assert r.status == "loaded", r.errors
    got = dict(query(dbp, "select ticket_id, status from tickets"))
    assert got == {
        "T1": "open",
        "T2": "open",
        "T3": "closed",
        "T4": "closed",
        "T5": "cancelled",
        "T6": "cancelled",
        "T7": "duplicate",
        "T8": "closed",
        "T9": "open",
    }


def test_a_dropped_in_profile_needs_no_code(tmp_path, dbp, monkeypatch):
    pdir = tmp_path / "profiles"
    pdir.mkdir()
    shutil.copy(prof.PROFILES_DIR / "standard.toml", pdir)
    (pdir / "street_system.toml").write_text(
        """
name = "street_system"
date_formats = ["%d.%m.%Y %H:%M", "%d.%m.%Y"]
[tables.tickets]
names = ["事件"]
[tables.tickets.columns]
ticket_id = ["事件号"]
reported_at = ["发生时间"]
category = ["事件类型"]
status = ["处理状态"]
[tables.tickets.values.status]
open = ["处理中"]
closed = ["完结"]
[tables.tickets.defaults]
source = "街道系统"
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(prof, "PROFILES_DIR", pdir)
    rows = [["事件号", "发生时间", "事件类型", "处理状态"], ["E1", "10.06.2023 14:05", "市容环境", "处理中"]]
    [r] = import_files([write_csv(tmp_path / "e.csv", rows)], db=dbp)
    assert (r.status, r.profile) == ("loaded", "street_system"), (r.message, r.errors)
    assert query(dbp, "select ticket_id, reported_at, status, source from tickets") == [
        ("E1", dt.datetime(2023, 6, 10, 14, 5), "open", "街道系统")
    ]


@pytest.mark.parametrize(
    "text, key",
    [
        ('[tables.nope.columns]\na = ["x"]', "tables.nope"),
        ('[tables.tickets.columns]\nnot_a_field = ["x"]', "tables.tickets.columns.not_a_field"),
        (
            '[tables.tickets.columns]\nticket_id = ["x"]\n[tables.tickets.values.status]\nfinished = ["x"]',
            "tables.tickets.values.status.finished",
        ),
        ('crs = "BD09"\n[tables.tickets.columns]\nticket_id = ["x"]', "crs"),
        ('date_formats = "2023"\n[tables.tickets.columns]\nticket_id = ["x"]', "date_formats"),
    ],
)
def test_bad_profiles_are_refused_naming_file_and_key(tmp_path, text, key):
    message = refusal(prof.load_profile, tmp_path / "bad.toml", text)
    assert "bad.toml" in message and key in message


def test_a_broken_profile_refuses_the_import_with_its_reason(tmp_path, dbp, monkeypatch):
    pdir = tmp_path / "profiles"
    pdir.mkdir()
    (pdir / "x.toml").write_text("[tables.tickets.columns]\nwho = ['x']\n", encoding="utf-8")
    monkeypatch.setattr(prof, "PROFILES_DIR", pdir)
    [r] = import_files([write_csv(tmp_path / "a.csv", [["a"], ["1"]])], db=dbp, lang="en")
    assert r.status == "refused" and r.code == "profile_error" and "x.toml" in r.message


def test_shipped_profiles_load():
    ps = prof.load_all()
    assert {"standard", "open311", "city_hotline"} <= set(ps)
    assert set(ps["standard"].tables) == {
        "regions",
        "centres",
        "service_items",
        "service_records",
        "activities",
        "tickets",
        "wishes",
        "volunteering",
        "party_member_reports",
    }
