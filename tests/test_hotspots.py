"""Hot spots, repeats and proactive candidates on tests/tiny_hotspots.py, whose docstring works every
answer out by hand; the tickets page's tab on the same database; keywords; the config's checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import shutil

import pandas as pd
import pytest

from grassroots import db, keywords, privacy, rollups, sql
from grassroots.metrics import hotspot_config
from grassroots.metrics import hotspots as hs
from grassroots.metrics import repeats as rp
from tests import tiny_hotspots as th
from tests.conftest import ROOT
from tests.refusals import refusal
from tests.signin import open_page

OCTOBER = {
    "date_from": dt.date(2026, 10, 1),
    "date_to": dt.date(2026, 11, 1),
    "as_of": th.AS_OF,
    "region": "",
    "centre_id": None,
    "centre_type": None,
    "pilot_batch": None,
}
CFG = hotspot_config.load()


@pytest.fixture
def fetch(hot_db):
    with db.reader(hot_db) as con:
        yield lambda name, params: sql.run(con, name, params)


def test_shipped_config_is_the_one_the_fixture_was_worked_with():
    assert (
        CFG.min_count,
        CFG.baseline_months,
        CFG.min_baseline_months,
        CFG.min_expected,
        CFG.min_ratio,
        CFG.max_p,
        CFG.repeat_days,
        CFG.text_similarity,
    ) == (5, 6, 3, 0.5, 2.0, 1e-4, 30, 0.5)


# --- the Poisson tail -------------------------------------------------------------------------------


@pytest.mark.parametrize("n,lam", [(1, 0.1), (5, 0.5), (8, 1.0), (14, 2.5), (3, 4.0), (50, 40.0), (30, 31.5)])
def test_poisson_tail_equals_the_direct_sum(n, lam):
    direct = 1 - sum(math.exp(-lam) * lam**k / math.factorial(k) for k in range(n))
    assert hs.poisson_sf(n, lam) == pytest.approx(direct, rel=1e-9)


def test_poisson_tail_stays_finite_far_out():
    assert 0 < hs.poisson_sf(400, 0.5) < 1e-300 or hs.poisson_log_sf(400, 0.5) < -690
    assert hs.poisson_sf(0, 3.0) == 1.0


# --- hot spots --------------------------------------------------------------------------------------


def test_the_planted_spikes_are_the_hot_spots_most_surprising_first(fetch):
    found = hs.hotspots(fetch, OCTOBER)
    assert [(h["unit_name"], h["subcategory"]) for h in found] == [
        ("凤凰山社区", "电动车充电桩"),
        ("小街社区", "垃圾清运"),
    ]
    charging, garbage = found
    assert (charging["count"], charging["expected"], charging["ratio"]) == (14, 2.5, 5.6)
    assert (garbage["count"], garbage["expected"], garbage["ratio"]) == (8, 1.0, 8.0)
    assert charging["p_value"] == pytest.approx(hs.poisson_sf(14, 2.5)) and charging["p_value"] < 1e-6
    assert garbage["p_value"] == pytest.approx(1 - sum(math.exp(-1) / math.factorial(k) for k in range(8)))
    for h in found:
        assert set(h) >= {"unit_code", "unit_name", "category", "subcategory", "keywords", "count", "expected", "ratio"}
        assert h["month"] == "2026-10"
    assert garbage["unit_code"] == th.A and charging["category"] == "公共设施"
    assert {"垃圾桶", "满溢"} <= set(garbage["keywords"]) and "飞线充电" in charging["keywords"]


def test_a_flat_history_has_no_hot_spot(flat_db):
    with db.reader(flat_db) as con:
        found = hs.hot_frame(lambda n, p: sql.run(con, n, p), {**OCTOBER, "date_from": dt.date(2026, 4, 1)}, CFG)
        assert found.empty
        # the cells were judged, and each is at its expectation
        cells = hs.judge(
            sql.run(
                con,
                "tickets/hotspot_cells",
                {**OCTOBER, "category": None, "baseline_months": 6, "min_count": 1, "pairs": None},
            ),
            CFG,
        )
    assert len(cells) == 3 and (cells["n"] == 6).all() and (cells["expected"] == 6.0).all() and not cells["hot"].any()


def test_nothing_below_the_minimum_count_is_a_hot_spot(fetch):
    lenient = dataclasses.replace(CFG, max_p=0.01)  # B's four lift tickets pass p (0.0018) and ratio (8)
    found = {(h["unit_name"], h["subcategory"]) for h in hs.hotspots(fetch, OCTOBER, lenient)}
    assert ("凤凰山社区", "电梯故障") not in found
    lower = dataclasses.replace(lenient, min_count=4)  # only the minimum count kept them out
    lifts = [h for h in hs.hotspots(fetch, OCTOBER, lower) if h["subcategory"] == "电梯故障"]
    assert len(lifts) == 1 and lifts[0]["count"] == 4 and lifts[0]["expected"] == 0.0 and lifts[0]["ratio"] == 8.0


def test_a_month_with_too_little_history_is_not_judged(fetch):
    # February: only January is covered (min 3 months) - B's nothing and A's single tickets aside,
    # no cell there can be a hot spot whatever its count
    cells = hs.judge(
        fetch(
            "tickets/hotspot_cells",
            {
                **OCTOBER,
                "date_from": dt.date(2026, 2, 1),
                "date_to": dt.date(2026, 3, 1),
                "category": None,
                "baseline_months": 6,
                "min_count": 1,
                "pairs": None,
            },
        ),
        CFG,
    )
    assert len(cells) and (cells["baseline_months"] == 1).all() and not cells["judged"].any()


def test_scope_and_category_narrow_the_hot_spots(fetch):
    only_b = hs.hotspots(fetch, {**OCTOBER, "region": "530111004"})
    assert [h["subcategory"] for h in only_b] == ["电动车充电桩"]
    only_env = hs.hotspots(fetch, {**OCTOBER, "category": "市容环境"})
    assert [h["subcategory"] for h in only_env] == ["垃圾清运"]


def test_a_year_of_hot_spots(fetch):
    year = hs.hotspots(fetch, {**OCTOBER, "date_from": dt.date(2026, 1, 1)}, with_keywords=False)
    # July 6 vs 0 (floor 0.5), September 9 vs 1.0, October's two
    assert sorted((h["month"], h["subcategory"]) for h in year) == [
        ("2026-07", "电动车充电桩"),
        ("2026-09", "电动车充电桩"),
        ("2026-10", "垃圾清运"),
        ("2026-10", "电动车充电桩"),
    ]


def test_proactive_candidates_are_hot_in_three_of_six_months(fetch):
    pro = hs.proactive(fetch, OCTOBER)
    assert len(pro) == 1
    row = pro.iloc[0]
    assert (row["community"], row["subcategory"], row["hot_months"], row["total"]) == (
        "凤凰山社区",
        "电动车充电桩",
        3,
        29,
    )
    assert [(h["month"], h["count"], h["hot"]) for h in row["history"]] == [
        ("2026-05", 0, False),
        ("2026-06", 0, False),
        ("2026-07", 6, True),
        ("2026-08", 0, False),
        ("2026-09", 9, True),
        ("2026-10", 14, True),
    ]
    assert [h["expected"] for h in row["history"]][-3:] == [1.0, 1.0, 2.5]
    stricter = dataclasses.replace(CFG, min_hot_months=4)
    assert hs.proactive(fetch, OCTOBER, stricter).empty


# --- repeats ----------------------------------------------------------------------------------------


def test_the_planted_repeats_are_found_one_after_a_closure(fetch):
    out = rp.repeats(fetch, OCTOBER)
    assert set(out) == {"count", "rate_pct", "groups"}
    assert out["count"] == 3 and out["rate_pct"] == 10.34
    groups = sorted(out["groups"], key=lambda g: g["ticket_ids"])
    assert [g["ticket_ids"] for g in groups] == [["G1", "G2"], ["R1", "R2", "R3"]]
    grid_group, lift_group = groups
    assert lift_group["after_closure"] is True and grid_group["after_closure"] is False
    assert lift_group["address"] == th.LIFT and grid_group["address"] is None
    assert grid_group["grid_code"] == th.A01 and lift_group["unit_code"] == th.B
    assert all(
        set(g) == {"unit_code", "grid_code", "address", "subcategory", "ticket_ids", "after_closure"} for g in groups
    )


def test_repeat_rates_by_unit_and_department(fetch):
    result = rp.analyse(fetch, OCTOBER)
    assert (result.received, result.after_closure) == (29, 2)
    units = rp.rates_by(result, "community").set_index("community")
    assert units.loc["凤凰山社区", ["received", "repeats", "after_closure"]].tolist() == [18, 2, 2]
    assert units.loc["小街社区", ["received", "repeats"]].tolist() == [11, 1]
    assert units.loc["凤凰山社区", "rate_pct"] == 11.11 and units.loc["小街社区", "rate_pct"] == 9.09
    depts = rp.rates_by(result, "department").set_index("department")
    assert depts.loc["物业服务企业", "rate_pct"] == 50.0 and depts.loc["区环卫站", "rate_pct"] == 12.5
    assert depts["repeats"].sum() == result.count


def test_a_shorter_window_or_a_stricter_text_rule_finds_fewer(fetch):
    # R3 is 17 days after R2; G2 10 after G1
    short = rp.repeats(fetch, OCTOBER, dataclasses.replace(CFG, repeat_days=7))
    assert [g["ticket_ids"] for g in short["groups"]] == [["R1", "R2"]] and short["count"] == 1
    strict = rp.repeats(fetch, OCTOBER, dataclasses.replace(CFG, text_similarity=0.8))  # G1 ~ G2 is 0.71
    assert sorted(g["ticket_ids"][0] for g in strict["groups"]) == ["R1"]


def test_text_similarity_is_jaccard_of_character_pairs():
    a, b = "新村农贸市场旁垃圾桶满溢，三天无人清运", "新村农贸市场旁垃圾桶又满溢了，三天无人清运"
    assert rp.similarity(a, b) == pytest.approx(15 / 21)
    assert rp.similarity(a, "建筑垃圾堆放在路边") < 0.1 and rp.similarity("", a) == 0.0


# --- rollup -----------------------------------------------------------------------------------------


def test_the_monthly_rollup_equals_its_records_and_follows_a_change(hot_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(hot_db, copy)
    with db.writer(copy) as con:

        def by_hand():
            return con.execute("""select date_trunc('month', reported_at)::date, community_code, subcategory, count(*)
                                  from tickets where status not in ('cancelled', 'duplicate') group by all
                                  order by all""").fetchall()

        def rolled():
            return con.execute(
                "select month, community_code, subcategory, n from rollup_tickets_subcat_monthly order by all"
            ).fetchall()

        assert rolled() == by_hand()
        con.execute("update tickets set status = 'duplicate' where ticket_id = 'GO0'")
        rollups.refresh(con, "tickets", [dt.date(2026, 10, 2)])
        assert rolled() == by_hand()
        assert (
            con.execute(
                "select n from rollup_tickets_subcat_monthly where month = '2026-10-01' and subcategory = '垃圾清运'"
            ).fetchone()[0]
            == 7
        )


# --- keywords ---------------------------------------------------------------------------------------


def test_keywords_of_chinese_texts():
    texts = [
        "金色家园5栋电梯频繁故障停运，希望尽快处理",
        "电梯又停运了，老人上下楼困难",
        "电梯困人，电梯停运",
        "楼道内电动车飞线充电，存在火灾隐患",
    ]
    top = keywords.extract(texts, 3)
    assert top[:2] == ["停运", "电梯"] or top[:2] == ["电梯", "停运"]
    assert "希望" not in keywords.words(texts[0]) and "处理" not in keywords.words(texts[0])  # stop words
    assert "飞线充电" in keywords.words(texts[3]) and "火灾隐患" in keywords.words(texts[3])  # domain words whole
    assert all(len(w) >= 2 for w in keywords.words("我家5楼的灯坏了123"))
    assert keywords.extract([], 5) == [] and keywords.extract(texts, 0) == []


# --- config -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,key",
    [
        ("[hotspots]\nmin_count = 0\n", "hotspots.min_count"),
        ("[hotspots]\nmax_p = 2\n", "hotspots.max_p"),
        ("[hotspots]\nbaseline_months = 2\nmin_baseline_months = 3\n", "hotspots.min_baseline_months"),
        ("[proactive]\nmonths = 6\nmin_hot_months = 7\n", "proactive.min_hot_months"),
        ('[repeats]\nwindow_days = "30"\n', "repeats.window_days"),
        ("[repeats]\ntext_similarity = 0\n", "repeats.text_similarity"),
        ("hotspots = 3\n", "hotspots"),
    ],
)
def test_a_bad_config_names_the_file_and_key(tmp_path, text, key):
    assert refusal(hotspot_config.load, tmp_path / "hotspots.toml", text).startswith(f"hotspots.toml: {key}:")


# --- the tab ----------------------------------------------------------------------------------------


def open_tab(db_path, monkeypatch, role="analyst", **state):
    return open_page(db_path, monkeypatch, "pages/tickets.py", role, **{"tk_tab": "热点与重复诉求", **state})


def _table(at, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def test_the_tab_shows_the_hot_spots_repeats_and_candidates(hot_db, monkeypatch):
    at = open_tab(hot_db, monkeypatch)
    hot = _table(at, "泊松 p 值")
    assert hot["社区"].tolist() == ["凤凰山社区", "小街社区"]
    assert hot["件数"].tolist() == [14, 8] and hot["预期"].tolist() == [2.5, 1.0] and hot["倍数"].tolist() == [5.6, 8.0]
    assert "垃圾桶" in hot["关键词"].iloc[1]
    m = {x.label: x.value for x in at.metric}
    assert (m["重复件数"], m["重复率"], m["结案后再诉"], m["重复组"]) == ("3", "10.3%", "2", "2")
    pro = _table(at, "热点月数")
    assert pro["问题小类"].tolist() == ["电动车充电桩"] and pro["热点月数"].tolist() == ["3 / 6"]
    groups = _table(at, "地点")
    assert groups["工单数"].tolist() == [3, 2]
    # an analyst may not see personal data: the address is masked to the community
    assert groups["地点"].iloc[0] == "昆明市官渡区金马街道凤凰山社区***"
    assert "金色家园" not in " ".join(groups["地点"])


def test_the_tab_drills_down_to_a_repeat_group_and_a_hot_spot(hot_db, monkeypatch):
    at = open_tab(hot_db, monkeypatch)
    key = next(d.key for d in at.dataframe if d.key == "hs_rep_groups")
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    recs = _table(at, "诉求内容")
    assert recs["工单编号"].tolist() == ["R1", "R2", "R3"]
    hot_key = next(d.key for d in at.dataframe if d.key and d.key.startswith("tk_hot_table"))
    at.session_state[hot_key] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert any(m.value.startswith("**2026年10月 小街社区 · 垃圾清运") and "共 8 件" in m.value for m in at.markdown)
    drilled = [d.value for d in at.dataframe if "工单编号" in d.value.columns and len(d.value) == 8]
    assert drilled and {"G1", "G2", "G3", "GO0"} <= set(drilled[0]["工单编号"])
    assert set(drilled[0]["问题小类"]) == {"垃圾清运"} and "X1" not in set(drilled[0]["工单编号"])


def test_every_string_of_the_tab_and_layer_is_in_both_languages():
    import re

    from grassroots import i18n

    used = set()
    for path in (
        ROOT / "grassroots/ui/ticket_hotspots.py",
        ROOT / "grassroots/geo/maps.py",
        ROOT / "pages/coverage.py",
    ):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'tr\(f?"((?:hotspots|coverage\.[a-z_]*hotspot)[a-z_.]*)"', text))
    assert len(used) > 30
    table = i18n.table()
    for key in used:
        assert key in table and table[key]["zh"] and table[key]["en"], key
    assert i18n.t("tickets.tab.hotspots", "en") == "Hot spots & repeats"


def test_the_report_sections_are_these_functions(fetch):
    from grassroots.report import sections

    assert sections.ALL["hotspots"](fetch, OCTOBER, {}) == hs.hotspots(fetch, OCTOBER)
    got, want = sections.ALL["repeats"](fetch, OCTOBER, {}), rp.repeats(fetch, OCTOBER)
    # the report masks addresses to the community (it travels to chat groups and mailboxes)
    assert [g["ticket_ids"] for g in got["groups"]] == [g["ticket_ids"] for g in want["groups"]]
    assert [g["address"] for g in got["groups"]] == [privacy.mask_address(g["address"]) for g in want["groups"]]
    assert (got["count"], got["rate_pct"]) == (want["count"], want["rate_pct"])
