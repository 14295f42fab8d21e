"""The assessment page's what-if weights (grassroots/ui/whatif.py) on tests/tiny_assessment.py with
the 三率 system (金马 91 before 关上 80.5, tests/test_assessment.py): all the weight on resolution
puts 关上 (9 of 10 resolved: 90) before 金马 (8 of 10: 80); nothing filed changes."""

import hashlib

import pytest

from grassroots.assessment import system
from tests.signin import month_app


def open_page(asm_db, monkeypatch, lang="zh"):
    at = month_app(asm_db, monkeypatch, "org_dept", lang=lang)
    at.run()
    at.switch_page("pages/assessment.py")
    at.session_state["asm_system"] = "three_rates"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def whatif_table(at):
    found = [d.value for d in at.dataframe if len(d.value.columns) and d.value.columns[0] in ("试算名次", "Trial rank")]
    return found[0] if found else None


def test_all_weight_on_resolution_swaps_the_two_streets(asm_db, monkeypatch):
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in system.INDICATORS_DIR.glob("*.toml")}
    at = open_page(asm_db, monkeypatch)
    assert whatif_table(at) is None  # the filed weights: nothing to try yet
    assert any("权重与存档相同" in i.value for i in at.info)
    at.number_input(key="asm_w_three_rates_response").set_value(0.0)
    at.number_input(key="asm_w_three_rates_satisfaction").set_value(0.0)
    at.number_input(key="asm_w_three_rates_resolution").set_value(1.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    t = whatif_table(at).set_index("单位")
    assert t.loc["关上街道", "试算名次"] == 1 and t.loc["金马街道", "试算名次"] == 2
    assert t.loc["关上街道", "试算得分"] == pytest.approx(90.0) and t.loc["金马街道", "试算得分"] == pytest.approx(80.0)
    assert (t.loc["关上街道", "存档名次"], t.loc["金马街道", "存档名次"]) == (2, 1)
    assert (t.loc["关上街道", "名次变化"], t.loc["金马街道", "名次变化"]) == ("↑1", "↓1")
    assert t.loc["太和街道", "备注"] == "样本不足，不参与排名"
    # the official-looking lists above still read as filed: 金马 first
    top = at.dataframe[0].value
    assert list(top["街道"]) == ["金马街道"]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in system.INDICATORS_DIR.glob("*.toml")} == files
    # back to the filed weights
    at.button(key="asm_w_reset_three_rates").click()
    at.run()
    assert whatif_table(at) is None


def test_in_english(asm_db, monkeypatch):
    at = open_page(asm_db, monkeypatch, lang="en")
    at.number_input(key="asm_w_three_rates_response").set_value(2.0)
    at.run()
    assert not at.exception
    assert "Trial rank" in whatif_table(at).columns
    assert any(c.value.startswith("Trial totals out of") for c in at.caption)
