"""A 311-style city hotline export (English headers, M/D/YY H:MM dates, Closed/Cancelled/Duplicate/Open,
no communities, no stage times) imported through grassroots.ingest, then the tickets page on it.

The export carries no due dates and the city_hotline profile says deadlines = "source": no ticket
gets a deadline (none is invented from config/sla.toml), so on-time % has nothing to count.
The newest record, H7, makes the data's as-of 2026-03-31 23:00.

  H1 Streets  3/2 08:00 -> 3/2 14:00   closed after 6 h
  H2 Streets  3/3 09:00 -> 3/4 09:00   closed after 24 h
  H3 Trees    3/3 10:00  open          685 h old at as-of, no deadline
  H4 Noise    cancelled (it has a closing time: still not closed)
  H5 Noise    duplicate
  H6 Noise    3/6 08:00 -> 3/8 08:00   closed after 48 h
  H7 Trees    3/31 23:00 open          0 h old

received 5, closed 3, cancelled/duplicate 2, open 2; median of 6, 24, 48 = 24 h; on-time % none
(0 / 0); closure 3 / (3 closed + 0 overdue) = 100%; Kaplan–Meier: H7 leaves at 0, S(6) = 3/4,
S(24) = 3/4 × 2/3 = 1/2 exactly, next drop at 48 (S = 1/4): survival median (24 + 48) / 2 = 36 h.

The second export (DUE_ROWS) has its own "Due Date" for some cases and is imported with the profile
saying deadlines = "sla" (calendar "plain"): see test_the_deadline_switch.
"""

import csv
import shutil

import pytest
from test_ingest_support import HOTLINE_HEADER

from grassroots import db
from tests import tiny_tickets
from tests.conftest import new_app
from tests.rows import insert
from tests.signin import as_role, open_page

ingest = pytest.importorskip("grassroots.ingest")

ROWS = [
    ["H1", "3/2/26 8:00", "3/2/26 14:00", "Closed", "Streets", "Pothole", "DPW", "25.012", "102.742", "Phone"],
    ["H2", "3/3/26 9:00", "3/4/26 9:00", "Closed", "Streets", "Pothole", "DPW", "", "", "App"],
    ["H3", "3/3/26 10:00", "", "Open", "Trees", "Fallen tree", "Parks", "", "", "App"],
    ["H4", "3/4/26 11:00", "3/4/26 12:00", "Cancelled", "Noise", "", "Police", "", "", "Web"],
    ["H5", "3/5/26 12:00", "3/5/26 12:30", "Duplicate", "Noise", "", "Police", "", "", "Web"],
    ["H6", "3/6/26 8:00", "3/8/26 8:00", "Closed", "Noise", "Loud music", "Police", "", "", "Phone"],
    ["H7", "3/31/26 23:00", "", "Open", "Trees", "Fallen tree", "Parks", "", "", "App"],
]


def places_only(tmp_path_factory, name: str):
    """(a folder of its own, a database in it holding tests/tiny_tickets.py's places and nothing else)."""
    tmp = tmp_path_factory.mktemp(name)
    path = tmp / f"{name}.duckdb"
    with db.writer(path) as con:
        insert(con, "regions", tiny_tickets.REGIONS)
    return tmp, path


@pytest.fixture(scope="module")
def hotline_db(tmp_path_factory):
    tmp, path = places_only(tmp_path_factory, "hotline")
    export = tmp / "311_cases.csv"
    with open(export, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HOTLINE_HEADER, *ROWS])
    [report] = ingest.import_files([export], db=path)
    assert (report.status, report.profile) == ("loaded", "city_hotline"), (report.message, report.errors)
    return path


@pytest.fixture
def page(hotline_db, monkeypatch):
    return lambda **state: open_page(
        hotline_db, monkeypatch, "pages/tickets.py", "analyst", month="2026-03-01", **state
    )


def test_the_importer_kept_what_the_page_needs(hotline_db):
    with db.reader(hotline_db) as con:
        rows = con.execute(
            "select ticket_id, status, community_code, accepted_at, due_source from tickets order by ticket_id"
        ).fetchall()
    assert [r[1] for r in rows] == ["closed", "closed", "open", "cancelled", "duplicate", "closed", "open"]
    assert all(r[2] is None and r[3] is None and r[4] is None for r in rows)  # no deadline invented


def test_headline_on_a_hotline_export(page):
    m = {x.label: x.value for x in page().metric}
    assert (m["诉求受理"], m["期内办结"], m["撤销/重复件"], m["本期未结"]) == ("5", "3", "2", "2")
    assert m["办结时长中位数"] == "24.0 h"
    assert m["生存中位数"] == "36.0 h"
    assert m["按时办结率"] == "—" and m["结案率"] == "100.0%" and m["当前超期未结"] == "0"
    assert m["推算时限占比"] == "—"
    assert m["响应率"] == "—"  # the hotline records no acceptance: nobody owes a response
    assert m["满意率"] == "—"


def test_unknown_community_and_no_stages(page):
    at = page(tk_volume_dim="community")
    groups = [d.value for d in at.dataframe if list(d.value.columns)[:1] == ["名称"]][0]
    assert list(groups["名称"]) == ["（未知社区）"] and list(groups["受理件数"]) == [5]
    assert list(groups["撤销/重复"]) == [2]
    at = page(tk_tab="办理时效")
    assert any("数据源未记录办理环节时间" in i.value for i in at.info)
    stages = [d.value for d in at.dataframe if list(d.value.columns)[:1] == ["环节"]][0]
    assert (
        set(stages["中位数（小时）"]) == {"数据源未记录"} and list(stages["缺失（已结案）"]) == [3] * 5
    )  # no stage recorded: hours, the unit of an empty column


def test_no_deadline_is_invented(page):
    m = {x.label: x.value for x in page(tk_tab="办理时限").metric}
    assert (m["时限来自工单"], m["时限按规则推算"], m["无办理时限"]) == ("0", "0", "5")


@pytest.fixture(scope="module")
def due_db(tmp_path_factory):
    """DUE_ROWS imported with city_hotline saying deadlines = "sla": C5 and C6 get derived deadlines."""
    from test_ingest_deadline_policy import HEADER as DUE_HEADER
    from test_ingest_deadline_policy import ROWS as DUE_ROWS

    from grassroots.ingest import profiles

    tmp, path = places_only(tmp_path_factory, "due")
    d = tmp / "profiles"
    shutil.copytree(profiles.PROFILES_DIR, d)
    p = d / "city_hotline.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('deadlines = "source"', 'deadlines = "sla"'), encoding="utf-8")
    export = tmp / "311_due.csv"
    with open(export, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([DUE_HEADER, *DUE_ROWS])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(profiles, "PROFILES_DIR", d)
        [report] = ingest.import_files([export], db=path)
    assert report.status == "loaded", (report.message, report.errors)
    return path


def test_the_deadline_switch(due_db, monkeypatch):
    """On time C1, C8 (own deadlines) and C5, C6 (derived); late C2; open past target C3:
    4 / 6 = 66.7%, two of six derived (33.3%). Only own deadlines: 2 / 4 = 50.0%, none derived."""
    monkeypatch.setenv("GRASSROOTS_DB", str(due_db))

    def metrics(**state):
        at = new_app()
        as_role(at, "analyst")
        at.session_state["period"] = "month"
        at.session_state["at_month"] = "2026-03-01"
        at.run()
        at.switch_page("pages/tickets.py")
        for k, v in state.items():
            at.session_state[k] = v
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at, {x.label: x.value for x in at.metric}

    at, m = metrics()
    assert (m["按时办结率"], m["推算时限占比"]) == ("66.7%", "33.3%")
    assert [t.value for t in at.toggle if t.label == "只按工单自带的办理时限计"] == [False]
    at.toggle(key="tk_own_due").set_value(True).run()  # the user flips the switch
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    assert (m["按时办结率"], m["推算时限占比"]) == ("50.0%", "0.0%")
    assert metrics(tk_own_due=True)[1]["按时办结率"] == "50.0%"
