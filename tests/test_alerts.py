"""预警: rules trip exactly where the tiny database says (tests/tiny.py), acknowledgement, once-only sending."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from grassroots import rollups
from grassroots.alerts import evaluate, rules, store
from grassroots.report import build, files
from grassroots.report.period import parse
from tests.conftest import fetching

AT = dt.datetime(2026, 10, 31, 23, 0)
RULES = """
[[rule]]
key = "on_time_low"
name = "按期结案率低于70%"
metric = "on_time_pct"
level = "street"
op = "<"
threshold = 70
min_n = 2
window_days = 31

[[rule]]
key = "overdue"
name = "超期未结"
metric = "overdue_open"
level = "community"
op = ">="
threshold = 1

[[rule]]
key = "surge"
name = "诉求量增长"
metric = "volume_change_pct"
level = "community"
op = ">="
threshold = 50
min_n = 2
window_days = 31

[[rule]]
key = "pilot"
name = "试点逾期"
metric = "pilot_behind"
level = "street"
op = ">="
threshold = 1
"""


@pytest.fixture(scope="module")
def surge_db(tiny_db, tmp_path_factory):
    """The tiny database plus two September tickets in 小街社区, so October (T1-T5: 5) is up 66.7% on
    1 September - 1 October (2 + T1 = 3); 凤凰山社区 has one October ticket (under min_n 2)."""
    path = tmp_path_factory.mktemp("alerts") / "surge.duckdb"
    shutil.copy(tiny_db, path)
    con = duckdb.connect(str(path))
    for tid, day in (("S9A", "2026-09-05 08:00"), ("S9B", "2026-09-06 08:00")):
        con.execute(
            "insert into tickets (ticket_id, community_code, reported_at, closed_at, due_at, status, category) "
            "values (?, '530111001001', ?, ?, ?, 'closed', '市容环境')",
            [tid, day, day.replace("08:00", "10:00"), day.replace("08:00", "20:00")],
        )
    rollups.refresh(con, "tickets", None)  # as an import does after writing its records
    con.close()
    return path


@pytest.fixture(scope="module")
def fetch(surge_db):
    with fetching(surge_db) as f:
        yield f


def _where(fired: list[dict]) -> set[tuple[str, str]]:
    return {(f["rule"], f["unit_code"]) for f in fired}


def test_each_rule_trips_exactly_where_expected(fetch):
    fired = evaluate.evaluate(fetch, rules.parse(RULES), AT, {"region": ""})
    assert _where(fired) == {
        ("on_time_low", "530111001"),  # 关上街道: T1, T3 on time, T2 late, T4 open overdue -> 50%, n = 4
        ("overdue", "530111001001"),  # 小街社区: T4 (due 6 October) open on 31 October
        ("surge", "530111001001"),  # 5 against 3: +66.7%
        ("pilot", "530111"),  # 1 of 2 centres by 31 July
    }
    by = {f["rule"]: f for f in fired}
    assert by["on_time_low"]["value"] == 50.0 and by["on_time_low"]["n"] == 4
    assert by["surge"]["value"] == pytest.approx(66.67, abs=0.01)
    assert by["overdue"]["n"] == 1 and by["pilot"]["value_text"] == "1 / 2"
    # 金马街道 (T7 on time, n = 1) is under min_n: not judged even with a threshold it would miss
    strict = rules.parse(RULES.replace("threshold = 70", "threshold = 101"))[:1]  # every rate is under 101%
    assert _where(evaluate.evaluate(fetch, strict, AT, {"region": ""})) == {("on_time_low", "530111001")}


def test_nothing_fires_where_the_data_is_fine(fetch):
    calm = rules.parse(
        RULES.replace("threshold = 70", "threshold = 40")
        .replace("threshold = 50", "threshold = 80")
        .replace(
            'op = ">="\nthreshold = 1\n\n[[rule]]\nkey = "surge"', 'op = ">="\nthreshold = 2\n\n[[rule]]\nkey = "surge"'
        )
    )
    fired = evaluate.evaluate(fetch, calm, AT, {"region": ""})
    assert _where(fired) == {("pilot", "530111")}  # the pilot is behind whatever the other thresholds
    assert evaluate.evaluate(fetch, calm[:3], AT, {"region": "530111004"}) == []  # 金马街道: nothing


def test_bad_rules_are_refused_with_the_key_named():
    for text, word in (
        ('[[rule]]\nkey = "x"\nname = "n"\nmetric = "nope"\nlevel = "street"\nop = "<"\nthreshold = 1', "metric"),
        ('[[rule]]\nkey = "x"\nname = "n"\nmetric = "on_time_pct"\nlevel = "street"\nop = "=<"\nthreshold = 1', "op"),
        ('[[rule]]\nkey = "X y"\nname = "n"', "key"),
        (
            '[[rule]]\nkey = "x"\nname = "n"\nmetric = "on_time_pct"\nlevel = "street"\nop = "<"\nthreshold = "80"',
            "threshold",
        ),
        ('[[rules]]\nkey = "x"', "unknown section"),
    ):
        with pytest.raises(rules.RuleError, match=word):
            rules.parse(text)
    assert {r.key for r in rules.load()} >= {"on_time_low", "overdue_backlog", "volume_surge", "pilot_behind"}


def test_store_opens_keeps_clears_acknowledges_and_sends_once(fetch, tmp_path):
    st = store.AlertStore(tmp_path / "x.alerts.sqlite")
    rs = rules.parse(RULES)
    fired = evaluate.evaluate(fetch, rs, AT, {"region": ""})
    assert st.record(fired, AT) == {"new": 4, "still": 0, "cleared": 0}
    later = AT + dt.timedelta(days=1)
    assert st.record(fired, later) == {"new": 0, "still": 4, "cleared": 0}
    assert {a["since"] for a in st.open_alerts()} == {"2026-10-31 23:00:00"}  # since the first time
    to_send = st.unsent()
    assert len(to_send) == 4
    st.mark_sent([a["alert_id"] for a in to_send])
    assert st.unsent() == []  # never twice
    target = next(a for a in st.open_alerts() if a["rule"] == "surge")
    assert st.acknowledge(target["alert_id"], "leader", "已安排街道核查")
    acked = next(a for a in st.open_alerts() if a["alert_id"] == target["alert_id"])
    assert acked["acknowledged_by"] == "leader" and acked["note"] == "已安排街道核查"
    assert st.record([f for f in fired if f["rule"] != "surge"], later)["cleared"] == 1
    assert st.record(fired, later + dt.timedelta(days=1))["new"] == 1  # fires again: a new alert
    assert len(st.unsent()) == 1


def test_the_report_carries_the_alerts_at_its_window_end(surge_db, fetch):
    r = build.build(fetch, parse("2026-10"), extras=files.extras())
    assert {a["rule"] for a in r["alerts"]} >= {"pilot_behind"}
    assert f"触发预警{len(r['alerts'])}条" in r["summary"]


def test_an_import_evaluates_the_rules_again(tiny_db, tmp_path):
    """After an import that loads rows, what fires is in the alert store at once (here: the pilot
    target of 31 July, missed on the tiny data); a refused import evaluates nothing."""
    from grassroots.ingest import import_files

    db = tmp_path / "imp.duckdb"
    shutil.copy(tiny_db, db)
    st = store.AlertStore(store.path_for(db))
    assert st.open_alerts() == []
    bad = tmp_path / "诉求工单.csv"
    bad.write_text("工单编号,上报时间\nX1,not a date\n", encoding="utf-8")
    import_files([bad], db=db)
    assert st.signature() is None  # refused: not evaluated
    good = tmp_path / "诉求工单_新.csv"
    good.write_text(
        "工单编号,所属社区代码,上报时间,问题大类,状态\nN1,530111001001,2026-11-19 10:00,市容环境,办理中\n",
        encoding="utf-8",
    )
    (rep,) = import_files([good], db=db)
    assert rep.status == "loaded", rep.problems[:3]
    assert "pilot_behind" in {a["rule"] for a in st.open_alerts()}
