"""The report (python -m grassroots report): its JSON against hand arithmetic on the tiny database
(tests/tiny.py), its summary against its JSON, and its files opened the way their readers open them."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest
from docx import Document

from grassroots.errors import Refused
from grassroots.report import build, files, layout, summary
from grassroots.report.period import PeriodError, parse
from tests.conftest import ROOT, fetching


@pytest.fixture(scope="module")
def fetch(tiny_db):
    with fetching(tiny_db) as f:
        yield f


def test_periods_read_as_written():
    assert (parse("2026-10").kind, str(parse("2026-10").anchor)) == ("month", "2026-10-01")
    assert (parse("2026-Q3").kind, str(parse("2026-Q3").anchor)) == ("quarter", "2026-07-01")
    assert (parse("2026").kind, str(parse("2026").anchor)) == ("year", "2026-01-01")
    p = parse("2026-01-01..2026-03-31")
    assert (p.kind, str(p.anchor), str(p.last)) == ("custom", "2026-01-01", "2026-03-31")
    assert parse("2026-10").label() == "2026年10月" and parse("2026-Q3").label() == "2026年第3季度"
    for bad in ("2026-13", "26-10", "2026-Q5", "2026-03-31..2026-01-01", "last month", ""):
        with pytest.raises(PeriodError):
            parse(bad)


def test_month_report_holds_the_hand_computed_numbers(fetch):
    r = build.build(fetch, parse("2026-10"))
    k = r["kpis"]
    assert k["tickets_received"] == 6  # T1-T5, T7 (T6 cancelled)
    assert k["tickets_closed"] == 4  # T1, T2, T3, T7
    assert k["median_hours_to_close"] == 17.0  # median of 4, 10, 24, 48
    assert k["on_time_pct"] == 60.0  # 3 / (3 + 1 late + 1 open overdue)
    assert k["closure_rate_pct"] == 80.0  # 4 closed / (4 + 1 open overdue)
    assert k["satisfaction_pct"] == pytest.approx(66.67, abs=0.01)
    assert k["services"] == 4 and k["online_share_pct"] == 50.0
    assert k["activities"] == 2 and k["person_visits"] == 50
    c = r["comparisons"]
    assert c["activities"]["mom"] == 100.0  # September held 1
    assert c["person_visits"]["yoy"] == 400.0  # October 2025: 10 visits
    assert c["person_visits"]["mom"] == 900.0  # September: 5
    assert r["period"]["from"] == "2026-10-01" and r["period"]["to"] == "2026-10-31"
    assert r["period"]["as_of"].startswith("2026-11-20 09:00")
    assert r["scope"] == {"code": "", "name": "全部区县"}


def test_year_mode_has_no_period_on_period_change(fetch):
    r = build.build(fetch, parse("2026"))
    assert r["period"]["previous"] is None
    assert all(v["mom"] is None for v in r["comparisons"].values())
    assert r["period"]["complete"] is False and r["period"]["to"] == "2026-11-20"
    assert r["period"]["year_ago"] == {"from": "2025-01-01", "to": "2025-11-20"}  # the same days
    assert "环比" not in r["summary"]
    text = " ".join(c.label for c in layout.kpi_table(r, "zh").columns)
    assert "环比" not in text and "同比" in text


def test_a_period_the_data_does_not_reach_is_refused_with_the_reason(fetch):
    """Not a report of zeros and "-100%" beside the year before: the tiny data runs to 2026-11-20."""
    oldest = fetch("common/data_as_of", {})["oldest_record"].iloc[0].date()
    with pytest.raises(Refused) as after:
        build.build(fetch, parse("2026-12"))
    assert after.value.code == "report.after_data"
    assert after.value.message("zh") == "2026年12月没有数据：数据截至 2026-11-20。请先导入该时段的数据。"
    with pytest.raises(Refused) as before:
        build.build(fetch, parse(str(oldest.year - 1)), lang="en")
    assert before.value.message("en") == f"No data for {oldest.year - 1}: the oldest record is of {oldest}."
    # the month holding the newest record, and the one holding the oldest, are reports
    assert build.build(fetch, parse("2026-11"))["period"]["to"] == "2026-11-20"
    assert build.build(fetch, parse(f"{oldest:%Y-%m}"))["period"]["from"] == f"{oldest:%Y-%m}-01"


def test_a_short_period_says_whether_it_is_running_or_not_imported_yet(fetch):
    """The tiny data run to 2026-11-20. Written on 25 November, November is still running; written on 3
    December, it has ended and its last days are not imported: the note must not call it running."""
    import datetime as dt

    running = build.build(fetch, parse("2026-11"), generated_at=dt.datetime(2026, 11, 25, 9))
    ended = build.build(fetch, parse("2026-11"), generated_at=dt.datetime(2026, 12, 3, 9))
    assert (running["period"]["complete"], running["period"]["running"]) == (False, True)
    assert (ended["period"]["complete"], ended["period"]["running"]) == (False, False)
    assert layout.compare_note(running, "zh").startswith("本期尚未结束，数据截至 2026-11-20，")
    assert layout.compare_note(ended, "zh").startswith("数据截至 2026-11-20，本期其后的数据尚未导入，")
    assert "still running" not in layout.compare_note(ended, "en")
    october = build.build(fetch, parse("2026-10"), generated_at=dt.datetime(2026, 12, 3, 9))
    assert october["period"]["complete"] and not october["period"]["running"]
    assert "数据截至" not in layout.compare_note(october, "zh")


def test_scope_narrows_every_number(fetch):
    street = build.build(fetch, parse("2026-10"), "530111004")  # 金马街道: only T7 in October
    assert street["scope"]["name"] == "官渡区 · 金马街道"
    assert street["kpis"]["tickets_received"] == 1 and street["kpis"]["median_hours_to_close"] == 24.0
    assert street["kpis"]["activities"] == 0
    with pytest.raises(KeyError):
        build.build(fetch, parse("2026-10"), "530111999")


def _numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def _json_numbers(report: dict) -> set[float]:
    out: set[float] = set()

    def walk(v):
        if isinstance(v, bool):
            return
        if isinstance(v, (int, float)):
            for d in (0, 1, 2):
                out.add(round(abs(float(v)), d))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            out.add(float(len(v)))
            for x in v:
                walk(x)
        elif isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", v):
            y, m, d = v[:10].split("-")
            out.update({float(y), float(int(m)), float(int(d))})

    walk(report)
    return out


def _assert_numbers_in_json(r: dict) -> None:
    known = _json_numbers(r)
    label_numbers = set(_numbers(r["period"]["label"]))
    for n in _numbers(r["summary"]):
        assert n in known or n in label_numbers, (n, r["summary"])


@pytest.mark.parametrize("period", ["2026-10", "2026-Q4", "2026", "2026-10-01..2026-10-15"])
def test_every_number_in_the_summary_is_in_the_json(fetch, period):
    r = build.build(fetch, parse(period))
    _assert_numbers_in_json(r)
    assert r["summary"].startswith(r["period"]["label"])
    english = build.build(fetch, parse(period), lang="en")
    _assert_numbers_in_json(english)
    label = re.escape(english["period"]["label"])
    assert re.match(rf"In (the period )?{label}[ ,]", english["summary"]), english["summary"]


def _facts(text: str, where: str) -> Counter:
    """The numbers a summary states, less those of its opening (the period's label and last day): English
    writes a count of 0 as "no" or "none", so zeros are left out."""
    return Counter(n for n in _numbers(text.replace(where, "", 1)) if n)


@pytest.fixture(scope="module")
def demo_reports(demo_db):
    """October 2026 of the demo data, in both languages, with every section the report command adds."""
    with fetching(demo_db) as fetch:
        return {lang: build.build(fetch, parse("2026-10"), lang=lang, extras=files.extras()) for lang in ("zh", "en")}


def test_both_summaries_state_every_section_from_the_json(demo_reports):
    """With a red list, hot spots, repeats, alerts and supervision all present, each summary says each of
    them, and every number it writes is one of its JSON's."""
    for lang, r in demo_reports.items():
        assert r["ranking"]["red"] and r["ranking"]["black"] and r["hotspots"] and r["repeats"]["count"]
        assert r["alerts"] and r["supervision"] and r["hotspots"][0]["keywords"]
        _assert_numbers_in_json(r)
        text = r["summary"]
        for shown in (
            r["ranking"]["red"][0]["name"],
            r["ranking"]["black"][0]["name"],
            r["hotspots"][0]["unit_name"],
            r["hotspots"][0]["keywords"][0],
            f"{len(r['hotspots']):,}",
            f"{r['repeats']['count']:,}",
            f"{r['repeats']['rate_pct']:.1f}%",
            f"{len(r['alerts']):,}",
            f"{len(r['supervision']):,}",
            f"{r['kpis']['closure_rate_pct']:.1f}%",
            f"{r['kpis']['p90_hours_to_close']:.1f}",
        ):
            assert shown in text, (lang, shown, text)
        for sentence in summary.SENTENCES:
            for clause in sentence.clauses:
                assert clause.write(r, lang, "") in text.replace(summary.where(r, lang), "", 1), clause.key


def _without(r: dict, part: str) -> dict:
    """`r` less one KPI (its value and its comparisons) or one section."""
    r = copy.deepcopy(r)
    if part in r["kpis"]:
        r["kpis"][part] = None
    elif part == "comparisons":
        r["comparisons"] = {k: {"yoy": None, "mom": None} for k in r["comparisons"]}
    elif part == "black":
        r["ranking"]["black"] = []
    elif part == "running":
        r["period"]["complete"] = False
    else:
        r[part] = {"count": 0, "rate_pct": None} if part == "repeats" else None
    return r


PARTS = (*build.KPI_ORDER, "comparisons", "ranking", "black", "hotspots", "repeats", "alerts", "supervision", "running")


@pytest.mark.parametrize("part", ["", *PARTS])
def test_the_english_summary_states_the_numbers_the_chinese_one_does(demo_reports, part):
    """Every fact of the Chinese summary is in the English one, from the same numbers, whichever part
    of the report is missing."""
    zh, en = (_without(demo_reports[lang], part) if part else demo_reports[lang] for lang in ("zh", "en"))
    zh_text, en_text = summary.write(zh, "zh"), summary.write(en, "en")
    assert _facts(zh_text, summary.where(zh, "zh")) == _facts(en_text, summary.where(en, "en")), (zh_text, en_text)


def test_the_summary_drops_what_is_missing():
    r = {
        "period": {"label": "2026年12月", "kind": "month", "complete": True, "to": "2026-12-31"},
        "scope": {"name": "官渡区"},
        "kpis": dict.fromkeys(build.KPI_ORDER),
        "comparisons": {k: {"yoy": None, "mom": None} for k in build.KPI_ORDER},
    }
    assert summary.write(r) == summary.write(r, "en") == ""  # nothing measured, nothing said


def test_files_open_in_their_readers(fetch, tmp_path):
    report, written = files.make(fetch, parse("2026-10"), "530111", files.FORMATS, tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(f"官渡区_2026年10月_运行月报.{f}" for f in files.FORMATS)
    data = json.loads((tmp_path / "官渡区_2026年10月_运行月报.json").read_text(encoding="utf-8"))
    assert data["kpis"] == report["kpis"]
    for key in (
        "scope",
        "period",
        "kpis",
        "comparisons",
        "ranking",
        "alerts",
        "hotspots",
        "repeats",
        "supervision",
        "summary",
    ):
        assert key in data
    doc = Document(str(tmp_path / "官渡区_2026年10月_运行月报.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert report["title"] in text and report["summary"] in text and "审核人" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "60.0%" in cells and "17.0 小时" in cells  # on-time, median
    wb = openpyxl.load_workbook(tmp_path / "官渡区_2026年10月_运行月报.xlsx")
    ws = wb["主要指标"]
    rows = {ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 2).number_format) for r in range(2, ws.max_row + 1)}
    assert rows[build.kpi_name("tickets_received")] == (6, "#,##0")
    assert rows[build.kpi_name("on_time_pct")] == (60.0, "0.0")
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "官渡区_2026年10月_运行月报.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert report["title"] in pdf_text.replace(" ", "")
        for shown in ("60.0%", "17.0 小时", "80.0%", "第1页", "审核人"):
            assert shown in pdf_text.replace(" 页", "页").replace("第 ", "第"), shown


def test_numbers_in_a_column_share_one_format(fetch):
    r = build.build(fetch, parse("2026-10"))
    table = layout.kpi_table(r, "zh")
    for col in range(2, len(table.columns)):
        shown = [row[col] for row in table.cells() if row[col] != "—"]
        assert shown and all(re.fullmatch(r"[+-]\d[\d,]*\.\d(%|个百分点)", s) for s in shown), shown


@pytest.mark.slow
def test_cli_writes_files_and_refuses_bad_input_plainly(tiny_db, tmp_path):
    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "grassroots", "report", "--db", str(tiny_db), *a],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    ok = run("--period", "2026-10", "--format", "json", "--out", str(tmp_path), "--quiet")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "全部区县_2026年10月_运行月报.json").exists()
    for args, word in (
        (["--period", "October"], "period"),
        (["--period", "2026-10", "--format", "odt"], "format"),
        (["--period", "2026-10", "--scope", "999999"], "scope"),
    ):
        bad = run(*args, "--out", str(tmp_path), "--quiet")
        assert bad.returncode == 2 and word in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_pdfs_made_one_after_another_keep_every_character(fetch, tmp_path):
    """Each PDF embeds its own subset of the CJK font: a later PDF with characters an earlier one
    lacked must not draw them as empty boxes (pdftotext reads them back)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    for p in ("2026-10", "2026-Q4", "2026"):
        report, (path,) = files.make(fetch, parse(p), None, ("pdf",), tmp_path)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert set(report["title"]) <= set(text), set(report["title"]) - set(text)


def test_names_and_definitions_come_from_the_metric_catalogue(fetch):
    from grassroots.metrics import catalogue

    r = build.build(fetch, parse("2026-10"))
    assert [d["key"] for d in r["definitions"]] == list(build.KPI_ORDER)
    on_time = next(d for d in r["definitions"] if d["key"] == "on_time_pct")
    assert on_time["name"] == catalogue.get("on_time_rate").name("zh")
    assert catalogue.get("on_time_rate").formula("zh") in on_time["definition"]
    names = [row[0] for row in layout.kpi_table(r, "zh").cells()]
    assert names == [catalogue.get(build.CATALOGUE_KEYS[k]).name("zh") for k in build.KPI_ORDER]
