"""The assessment page (AppTest) on the hand-made database: the numbers tests/test_assessment.py
works out by hand, the second system's ranking, the drill-down to masked records, a refused file."""

import re

import pytest

from grassroots.assessment import system
from tests import tiny_assessment as T
from tests.conftest import ROOT, new_app
from tests.signin import as_role, month_app

try:
    from tests.signin import as_role
except ImportError:  # a tree without sign-in: every session may see every page

    def as_role(at, role="leader", scope="", centre=None):
        return None


@pytest.fixture
def app(asm_db, monkeypatch):
    at = month_app(asm_db, monkeypatch, "org_dept")
    at.run()
    at.switch_page("pages/assessment.py")
    return at


def frames(at) -> list:
    return [d.value for d in at.dataframe]


def scorecard_frame(at):
    return next(f for f in frames(at) if "备注" in f.columns)


def test_the_default_system(app):
    app.run()
    assert not app.exception and not app.error
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["参评单位"] == "3"
    assert metrics["参与排名"] == "0"  # every street has fewer than the app's min_n (20) tickets
    assert any("可排名的单位不足 2 个" in i.value for i in app.info)  # no lists: nobody is ranked
    card = scorecard_frame(app)
    assert list(card["单位"]) == ["太和街道", "关上街道", "金马街道"]  # unranked, by total
    row = card[card["单位"] == "金马街道"].iloc[0]
    assert row["按期结案率"] == "60.0%" and row["按期结案率 · 得分"] == pytest.approx(40)
    assert row["总分"] == pytest.approx(81.25)
    assert "样本不足" in row["备注"]


def test_the_three_rates_rank_jinma_first(app):
    app.session_state["asm_system"] = "three_rates"
    app.run()
    assert not app.exception and not app.error
    top, bottom = frames(app)[:2]
    # 金马 91 before 关上 80.5 (min_n 10 in the file); two ranked units: one on each list, never both
    assert list(top["街道"]) == ["金马街道"] and list(top["总分"]) == [pytest.approx(91)]
    assert list(bottom["街道"]) == ["关上街道"] and list(bottom["总分"]) == [pytest.approx(80.5)]
    # each rank with its 95% interval; with two ranked units any interval wider than one place
    # spans more than half the list and reads 不确定
    for frame, rank in ((top, 1), (bottom, 2)):
        cell = re.fullmatch(r"(\d+)（(\d+)–(\d+)(，不确定)?）", frame["名次"].iloc[0])
        assert cell, frame["名次"].iloc[0]
        r, lo, hi = (int(x) for x in cell.groups()[:3])
        assert r == rank and 1 <= lo <= r <= hi <= 2 and bool(cell.group(4)) == (hi > lo)
    texts = [m.value for m in app.markdown] + [s.value for s in app.subheader]
    assert "**按〈接诉即办“三率”考核〉排序 前 1**" in texts  # another system's ordering: not 红榜/黑榜
    assert not any("红榜" in x or "黑榜" in x for x in texts)
    assert any("太和街道（2 件）" in c.value for c in app.caption)  # 2 tickets: not ranked, listed
    assert app.segmented_control(key="asm_level").options == ["街道", "社区"]


def test_drill_down_to_masked_records(app):
    app.session_state["asm_drill_unit"] = T.A
    app.session_state["asm_drill_indicator"] = "on_time"
    app.run()
    assert not app.exception
    steps = [m.value for m in app.markdown if "÷" in m.value][0]
    assert "按时办结 8 ÷ 应按时办结 10 = 80.0%" in steps and "on_time" not in steps
    assert "得满分 50 分" in steps
    records = next(
        f for f in frames(app) if "工单编号" in f.columns
    )  # headed in words: 按时办结 (a 是/否 flag), 工单编号, 诉求人姓名 ...
    assert len(records) == 10 and int((records["按时办结"] == "是").sum()) == 8
    first = records[records["工单编号"] == "A-01"].iloc[0]
    assert first["诉求人姓名"] == "张**" and first["诉求人电话"] == "180****1999"


def test_a_refused_file_is_a_message(app, tmp_path, monkeypatch):
    good = (system.INDICATORS_DIR / "default.toml").read_text(encoding="utf-8")
    (tmp_path / "default.toml").write_text(good, encoding="utf-8")
    old = 'rule = { kind = "linear", target = 0.70, minus'
    assert good.count(old) == 1
    (tmp_path / "city.toml").write_text(good.replace(old, old.replace("0.70", "70")), encoding="utf-8")
    monkeypatch.setattr(system, "INDICATORS_DIR", tmp_path)
    app.run()
    assert not app.exception
    line = next(n for n, x in enumerate(good.splitlines(), start=1) if old in x)
    assert any(f"city.toml 第 {line} 行" in e.value for e in app.error)
    assert app.selectbox(key="asm_system").options == ["基层治理考核指标体系（默认）"]


@pytest.mark.parametrize(
    "period,anchor,word,banned", [("year", "2026-01-01", "同比", "环比"), ("month", "2026-10-01", "环比", "同比")]
)
def test_the_change_column_names_its_comparison(asm_db, monkeypatch, period, anchor, word, banned):
    """A year is compared with last year (同比), never 环比; a month with the month before (环比)."""
    at = new_app(asm_db, monkeypatch)
    as_role(at, "org_dept")
    at.session_state["period"] = period
    at.session_state[f"at_{period}"] = anchor
    at.run()
    at.switch_page("pages/assessment.py")
    at.run()
    assert not at.exception and not at.error
    columns = [c for frame in frames(at) for c in frame.columns]
    assert f"总分变化（{word}）" in columns
    assert not any(banned in str(c) for c in columns)


def test_the_command_line_gives_the_page_s_scores_and_its_filing_is_listed(asm_db, app, tmp_path):
    """`assess` for the page's period and level writes the totals the page's scorecard shows, and a
    filed result appears in the page's list of filed results."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "grassroots",
            "assess",
            "--db",
            str(asm_db),
            "--period",
            "2026-10",
            "--level",
            "street",
            "--format",
            "json",
            "--out",
            str(tmp_path),
            "--archive",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    app.run()
    card = scorecard_frame(app)
    page = dict(zip(card["单位"], card["总分"]))
    assert {u["name"]: u["score"] for u in data["units"]} == {k: round(float(v), 1) for k, v in page.items()}
    filed = [d.value for d in app.dataframe if "考核周期" in d.value.columns]
    assert filed and list(filed[0]["考核周期"]) == ["2026-10"] and list(filed[0]["完整性"]) == ["完整"]
