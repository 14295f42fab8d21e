"""Deadline policy per header profile, closed tickets without a closing time, and what a re-import
changed - on a small 311-style export written here, with answers worked by hand.

The export (city_hotline headers plus its own "Due Date"; March 2026 has no public holiday):

  C1 Streets  3/2 08:00 -> 3/3 08:00   due 3/5 17:00    closed on time
  C2 Streets  3/2 09:00 -> 3/9 09:00   due 3/6 17:00    closed late
  C3 Trees    3/3 10:00  open          due 3/10 17:00   open past its target at as-of
  C4 Trees    3/20 10:00 open          due 3/31 17:00   open, not yet due
  C5 Noise    3/4 11:00 -> 3/5 12:00   no due date
  C6 Noise    3/5 12:00 -> 3/6 12:00   no due date
  C7 Noise    3/6 08:00  "Closed" but no Closed Date, due 3/9: a warning; loads as closed, in no rate
  C8 Streets  3/25 16:00 -> 3/25 18:00 due 3/27 17:00   closed on time; 3/25 18:00 is the newest time = as-of

deadlines = "source" (the shipped city_hotline profile): C5 and C6 get no deadline;
  on-time % = on time / (on time + late + open past target) = (C1, C8) / (C1, C8, C2, C3) = 2/4 = 50%.
deadlines = "sla": C5 and C6 get the SLA default, 7 working days after the day reported (3/13 and
  3/16 23:59:59), and both closed before them: (C1, C8, C5, C6) / (those, C2, C3) = 4/6; two of the six
  judged by derived deadlines (1/3). Counting only the tickets' own deadlines gives 2/4 again.
"""

import datetime as dt
import shutil

import pytest
from test_ingest_support import checksums, query, seeded_db, write_csv

from grassroots import config, db, sql
from grassroots.config import ConfigError
from grassroots.ingest import import_files, profiles
from grassroots.views.tickets import DRILL_DEFAULTS

HEADER = ["Case ID", "Created Date", "Closed Date", "Due Date", "Status", "Category"]
ROWS = [
    ["C1", "3/2/26 8:00", "3/3/26 8:00", "3/5/26 17:00", "Closed", "Streets"],
    ["C2", "3/2/26 9:00", "3/9/26 9:00", "3/6/26 17:00", "Closed", "Streets"],
    ["C3", "3/3/26 10:00", "", "3/10/26 17:00", "Open", "Trees"],
    ["C4", "3/20/26 10:00", "", "3/31/26 17:00", "Open", "Trees"],
    ["C5", "3/4/26 11:00", "3/5/26 12:00", "", "Closed", "Noise"],
    ["C6", "3/5/26 12:00", "3/6/26 12:00", "", "Closed", "Noise"],
    ["C7", "3/6/26 8:00", "", "3/9/26 17:00", "Closed", "Noise"],
    ["C8", "3/25/26 16:00", "3/25/26 18:00", "3/27/26 17:00", "Closed", "Streets"],
]
AS_OF = dt.datetime(2026, 3, 25, 18, 0)


@pytest.fixture
def dbp(tmp_path):
    return seeded_db(tmp_path / "t.duckdb")


@pytest.fixture
def export(tmp_path):
    return write_csv(tmp_path / "311_cases.csv", [HEADER, *ROWS])


@pytest.fixture
def sla_profiles(tmp_path, monkeypatch):
    """The shipped profiles, with city_hotline saying deadlines = "sla" and the given calendar."""

    def use(calendar: str = "plain"):
        d = tmp_path / f"profiles_{calendar}"
        shutil.copytree(profiles.PROFILES_DIR, d, dirs_exist_ok=True)
        p = d / "city_hotline.toml"
        text = p.read_text(encoding="utf-8")
        assert 'deadlines = "source"' in text and 'calendar = "plain"' in text
        p.write_text(
            text.replace('deadlines = "source"', 'deadlines = "sla"').replace(
                'calendar = "plain"', f'calendar = "{calendar}"'
            ),
            encoding="utf-8",
        )
        monkeypatch.setattr(profiles, "PROFILES_DIR", d)

    return use


def params(con, own_due_only: bool) -> dict:
    as_of = sql.run(con, "common/data_as_of")["newest_record"][0].to_pydatetime()
    assert as_of == AS_OF  # the newest timestamp in the file
    return {
        "date_from": dt.date(2026, 3, 1),
        "date_to": dt.date(2026, 4, 1),
        "as_of": as_of,
        "region": "",
        "centre_id": None,
        "centre_type": None,
        "pilot_batch": None,
        "category": None,
        "dim": "",
        "grain": "month",
        "escalated_only": False,
        "response_hours": 2.0,
        "own_due_only": own_due_only,
    }


def rates(path, own_due_only=False) -> dict:
    with db.reader(path) as con:
        frame = sql.run(con, "tickets/rates", params(con, own_due_only))
    return frame[frame["is_total"]].iloc[0].to_dict()


def drill(path, kind: str, own_due_only: bool) -> list[tuple[str, str]]:
    """(ticket, deadline state) of the records behind a count, as the page's drill-down lists them."""
    with db.reader(path) as con:
        frame = sql.run(
            con,
            "tickets/records",
            {**params(con, own_due_only), **DRILL_DEFAULTS, "kind": kind, "max_rows": 100},
        )
        n = sql.scalar(
            con,
            "tickets/records_count",
            {**params(con, own_due_only), **DRILL_DEFAULTS, "kind": kind},
        )
    assert n == len(frame)
    return sorted(zip(frame["ticket_id"], frame["deadline_state"]))


def test_shipped_profiles_say_their_policy():
    got = {n: (p.deadlines, p.calendar) for n, p in profiles.load_all().items()}
    assert got == {"standard": ("sla", "cn"), "open311": ("source", "plain"), "city_hotline": ("source", "plain")}


@pytest.mark.parametrize("key, value", [("deadlines", "sometimes"), ("calendar", "us")])
def test_a_bad_policy_names_the_file_and_key(tmp_path, dbp, export, monkeypatch, key, value):
    d = tmp_path / "bad_profiles"
    shutil.copytree(profiles.PROFILES_DIR, d)
    p = d / "city_hotline.toml"
    p.write_text(
        p.read_text(encoding="utf-8").replace(f'{key} = "', f'{key} = "{value}"  # was "', 1), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=f"profiles/city_hotline.toml: {key}: must be one of"):
        profiles.load_profile(p)
    monkeypatch.setattr(profiles, "PROFILES_DIR", d)
    [r] = import_files([export], db=dbp, lang="en")
    assert (r.status, r.code) == ("refused", "profile_error")
    assert f"city_hotline.toml: {key}" in r.message


def test_source_deadlines_invent_none_and_on_time_counts_open_past_target(dbp, export):
    [r] = import_files([export], db=dbp)
    assert (r.status, r.profile) == ("loaded", "city_hotline"), (r.message, r.errors)
    assert query(
        dbp, "select ticket_id, due_at, due_source from tickets where ticket_id in ('C5', 'C6', 'C1') order by 1"
    ) == [("C1", dt.datetime(2026, 3, 5, 17), "ticket"), ("C5", None, None), ("C6", None, None)]
    assert query(dbp, "select count(*) from tickets where due_source = 'sla'") == [(0,)]
    h = rates(dbp)
    assert (h["on_time_n"], h["late_n"], h["overdue_n"], h["on_time_d"]) == (2, 1, 1, 4)
    assert h["on_time_rate"] == pytest.approx(2 / 4)
    assert (h["due_ticket"], h["due_sla"], h["due_none"], h["sla_due_n"]) == (6, 0, 2, 0)
    # the switch changes nothing when no deadline was derived
    assert rates(dbp, own_due_only=True)["on_time_rate"] == pytest.approx(2 / 4)


def test_sla_deadlines_fill_the_missing_ones(dbp, export, sla_profiles):
    sla_profiles("plain")
    [r] = import_files([export], db=dbp)
    assert r.status == "loaded", (r.message, r.errors)
    assert query(
        dbp, "select ticket_id, due_at, due_source from tickets where ticket_id in ('C5', 'C6', 'C1') order by 1"
    ) == [
        ("C1", dt.datetime(2026, 3, 5, 17), "ticket"),
        ("C5", dt.datetime(2026, 3, 13, 23, 59, 59), "sla"),
        ("C6", dt.datetime(2026, 3, 16, 23, 59, 59), "sla"),
    ]
    h = rates(dbp)
    assert (h["on_time_n"], h["late_n"], h["overdue_n"]) == (4, 1, 1)
    assert h["on_time_rate"] == pytest.approx(4 / 6)
    assert (h["sla_due_n"], h["sla_due_share"]) == (2, pytest.approx(2 / 6))
    own = rates(dbp, own_due_only=True)
    assert (own["on_time_n"], own["late_n"], own["overdue_n"], own["sla_due_n"]) == (2, 1, 1, 0)
    assert own["on_time_rate"] == pytest.approx(2 / 4)
    # the drill-down behind "on time" follows the switch
    assert drill(dbp, "on_time", False) == [("C1", "on_time"), ("C5", "on_time"), ("C6", "on_time"), ("C8", "on_time")]
    assert drill(dbp, "on_time", True) == [("C1", "on_time"), ("C8", "on_time")]
    assert dict(drill(dbp, "received", True))["C5"] == "no_due"


@pytest.mark.parametrize(
    "calendar, due",
    [
        # Thursday 12 February 2026; Spring Festival holidays 15-23 February, with Saturdays 14 and 28
        # February worked (调休). Chinese calendar: 13, 14, 24, 25, 26, 27, 28 February.
        ("cn", dt.datetime(2026, 2, 28, 23, 59, 59)),
        # Monday to Friday, no holidays: 13, 16, 17, 18, 19, 20, 23 February.
        ("plain", dt.datetime(2026, 2, 23, 23, 59, 59)),
    ],
)
def test_calendar_on_a_spring_festival_date(tmp_path, dbp, sla_profiles, calendar, due):
    sla_profiles(calendar)
    f = write_csv(tmp_path / "feb.csv", [HEADER, ["F1", "2/12/26 10:00", "", "", "Open", "Streets"]])
    [r] = import_files([f], db=dbp)
    assert r.status == "loaded", (r.message, r.errors)
    assert query(dbp, "select due_at, due_source from tickets") == [(due, "sla")]


def test_closed_without_closing_time_warns_and_loads_in_strict_mode(dbp, export):
    [r] = import_files([export], db=dbp, lang="en")  # strict: the default
    assert (r.status, r.rows_read, r.rows_loaded, r.rows_rejected, r.errors) == ("loaded", 8, 8, 0, [])
    assert r.warnings_total == 1
    assert [(w["file"], w["row"], w["column"], w["code"]) for w in r.warnings] == [
        ("311_cases.csv", 8, "Closed Date", "closed_no_time")
    ]
    assert "left out of durations and on-time %" in r.warnings[0]["reason"]
    assert query(dbp, "select status, closed_at from tickets where ticket_id = 'C7'") == [("closed", None)]
    h = rates(dbp)
    # C7 is neither closed with a time (closed_n, durations) nor in on-time %; it still counts as received
    assert (h["n"], h["closed_n"], h["on_time_d"]) == (8, 5, 4)
    assert h["median_hours"] == pytest.approx(24.0)  # 2, 24, 24, 24, 168 hours: C7 has none
    assert query(dbp, "select rows_warned from import_log") == [(1,)]


def test_reimport_says_already_imported_and_a_later_export_what_changed(tmp_path, dbp, export):
    [first] = import_files([export], db=dbp)
    assert (first.new, first.updated, first.unchanged) == (8, 0, 0)
    before = checksums(dbp)
    [again] = import_files([export], db=dbp)
    assert (again.status, again.already_imported, again.new, again.updated, again.unchanged) == (
        "already_imported",
        True,
        0,
        0,
        0,
    )
    assert checksums(dbp) == before  # every table, the import log included
    # the same bytes under another name are the same file
    copy = tmp_path / "copy.csv"
    copy.write_bytes(export.read_bytes())
    assert import_files([copy], db=dbp)[0].status == "already_imported"

    # a later export: C3 closed, C4 given a later due date, C9 new, the other six as they were
    later = [r[:] for r in ROWS]
    later[2][2], later[2][4] = "3/26/26 9:00", "Closed"
    later[3][3] = "4/2/26 17:00"
    later.append(["C9", "3/26/26 10:00", "", "", "Open", "Trees"])
    [r] = import_files([write_csv(tmp_path / "311_cases_later.csv", [HEADER, *later])], db=dbp)
    assert (r.status, r.new, r.updated, r.unchanged, r.rows_loaded) == ("loaded", 1, 2, 6, 9)
    assert query(dbp, "select rows_new, rows_updated, rows_unchanged from import_log order by import_id") == [
        (8, 0, 0),
        (1, 2, 6),
    ]


def test_accept_valid_on_rows_already_there_says_unchanged(tmp_path, dbp, export):
    import_files([export], db=dbp)
    rows = [HEADER, *ROWS, ["C10", "not a date", "", "", "Open", "Trees"]]
    [r] = import_files([write_csv(tmp_path / "with_bad.csv", rows)], db=dbp, accept_valid=True, lang="en")
    assert (r.status, r.rows_rejected, r.new, r.updated, r.unchanged) == ("partial", 1, 0, 0, 8)
    from grassroots.ingest import human

    text = human(r, "en")
    assert "9 rows read: 0 new, 0 updated, 8 unchanged, 1 rejected" in text and "8 loaded" not in text


def test_xls_refused_with_advice_in_the_ui_language(tmp_path, dbp):
    f = tmp_path / "工单.xls"
    f.write_text("<html><table><tr><td>工单编号</td></tr></table></html>", encoding="utf-8")  # HTML saved as .xls
    (zh,) = import_files([f], db=dbp, lang="zh")
    (en,) = import_files([f], db=dbp, lang="en")
    assert (zh.status, zh.code, en.code) == ("refused", "xls", "xls")
    assert "另存为 .xlsx" in zh.message and "save it as .xlsx" in en.message


def test_one_size_limit():
    """config/app.toml's [import] max_size_mb is the import's default and Streamlit's upload limit."""
    import tomllib

    from grassroots import ROOT
    from grassroots.ingest.readers import default_max_bytes

    mb = config.app().import_max_mb
    with open(ROOT / ".streamlit" / "config.toml", "rb") as fh:
        assert tomllib.load(fh)["server"]["maxUploadSize"] == mb
    assert default_max_bytes() == mb * 2**20
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{mb} MB" in readme and "2 GB" not in readme


def test_a_column_no_profile_names_is_reported_by_its_standard_header(tmp_path, dbp, monkeypatch):
    """A profile without a name for a required field: the report names the standard layout's
    header (上报时间), never the model's field name."""
    d = tmp_path / "own_profiles"
    shutil.copytree(profiles.PROFILES_DIR, d)
    (d / "street_system.toml").write_text(
        'name = "street_system"\n[tables.tickets]\n[tables.tickets.columns]\n'
        'ticket_id = ["事件号"]\nstatus = ["处理状态"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(profiles, "PROFILES_DIR", d)
    f = write_csv(tmp_path / "事件.csv", [["事件号", "处理状态"], ["E1", "open"]])
    [r] = import_files([f], db=dbp, lang="zh")
    assert (r.status, r.code, r.profile) == ("refused", "missing_column", "street_system")
    assert [(e["column"], e["code"]) for e in r.errors] == [("上报时间", "missing_column")]
    assert "reported_at" not in r.message and "上报时间" in r.message
