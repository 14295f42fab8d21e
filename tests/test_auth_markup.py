"""Text from imported files is shown as text: no page lets HTML through, map tooltips are plain text,
and exports keep the characters as they were (a spreadsheet formula is neutralised). The browser
half - no script runs, no element is made - is tests/e2e/test_roles_browser.py."""

import io
import json
import re
import shutil

import openpyxl
import pytest

from grassroots import ROOT, db, exports, rollups
from tests.signin import open_page

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
SOURCES = [p for p in [ROOT / "dashboard.py", *ROOT.glob("pages/*.py"), *ROOT.glob("grassroots/**/*.py")]]
# st.html is allowed where every piece of data text goes through html.escape (reviewed)
HTML_REVIEWED = {"grassroots/ui/coverage_map.py", "grassroots/ui/screen.py"}
# st.html of a script whose only data are file names from Streamlit's own build manifest, each checked against
# preload.SAFE_NAME (letters, digits, "_", "-", "."; tested in tests/test_preload.py) (reviewed)
SCRIPT_REVIEWED = {"grassroots/ui/preload.py": "SAFE_NAME.fullmatch("}
# st.html of a style sheet whose only text (the interface's own words) goes through widgets.css_text (reviewed)
CSS_REVIEWED = {"grassroots/ui/widgets.py"}
# markdown that may carry markup: only the KPI sparklines, an SVG drawn from numbers by
# charts.base.sparkline_svg, whose only text (the hover tips) is escaped (tested below)
UNSAFE_REVIEWED = {"grassroots/ui/widgets.py": "charts.base.sparkline_svg("}


def test_no_code_lets_html_through():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(ROOT))
        if rel in UNSAFE_REVIEWED:
            assert UNSAFE_REVIEWED[rel] in text and len(re.findall(r"unsafe_allow_html\s*=\s*True", text)) == 1, rel
        else:
            assert not re.search(r"unsafe_allow_html\s*=\s*True", text), rel
        assert "components.html" not in text and "components.v1" not in text, rel
        calls = re.findall(r"\bst\.html\(([^)]*)\)", text)
        if calls and all(re.fullmatch(r"[A-Z_]+", c.strip()) for c in calls):
            continue  # only module constants (style sheets): no text of anyone's
        if rel in SCRIPT_REVIEWED:
            assert SCRIPT_REVIEWED[rel] in text and "unsafe_allow_javascript=True" in text, rel
            continue
        if rel in CSS_REVIEWED:
            assert re.findall(r"\bst\.html\(\s*f\"\"\"<style>", text) and "css_text(" in text, rel
            continue
        if re.search(r"\bst\.html\(", text):
            assert rel in HTML_REVIEWED and "html.escape(" in text, f"{rel}: st.html with unescaped text?"


def test_css_text_lets_nothing_out_of_its_string():
    from grassroots.ui.widgets import css_text

    for hostile in (
        '上传"; } body { display: none } a { content: "',
        "</style><script>alert(1)</script>",
        "\\",
        "a\nb",
    ):
        out = css_text(hostile)
        inner = out[1:-1]
        assert out[0] == out[-1] == '"' and not set(inner) - set(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \\"
        )
        # every escape reads back as the character it stands for
        back = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner)
        assert back == hostile


def test_sparkline_svg_escapes_its_text():
    from grassroots import charts

    svg = charts.base.sparkline_svg([1, 2, 3], "截至<b>11月20日</b>", ["<img src=x onerror=alert(1)>", "a&b", "x"])
    assert "<img" not in svg and "<b>" not in svg and "&lt;img" in svg and "a&amp;b" in svg


@pytest.fixture
def markup_db(tiny_db, tmp_path):
    path = tmp_path / "markup.duckdb"
    shutil.copy(tiny_db, path)
    with db.writer(path) as con:
        con.execute(
            "insert into centres (centre_id, name, type, community_code, lon, lat, opened_on, status)"
            " values ('X1', ?, '邻里中心', '530111004001', 102.771, 25.041, '2026-01-01', '运行')",
            [SCRIPT],
        )
        con.execute(
            "insert into activities (activity_id, centre_id, date, category, title, participants)"
            " values ('XA', 'X1', '2026-10-20', '其他', ?, 3)",
            [IMG],
        )
        rollups.rebuild(con)
    return path


def test_map_tooltips_are_plain_text(markup_db, monkeypatch):
    at = open_page(markup_db, monkeypatch, "pages/coverage.py", "admin")
    charts = at.get("deck_gl_json_chart")
    assert charts
    for chart in charts:  # deck.gl fills "text" in as text, never as HTML ("html")
        assert set(json.loads(chart.proto.tooltip)) <= {"text", "style"}
    tips = json.dumps([json.loads(c.proto.json) for c in charts], ensure_ascii=False)
    assert SCRIPT in tips  # the centre's name, as written


def test_exports_keep_markup_as_characters():
    import pandas as pd

    frame = pd.DataFrame({"name": [SCRIPT, IMG, "=1+1", "@SUM(A1)", "普通"]})
    csv = exports.to_csv_bytes(frame).decode("utf-8-sig")
    assert SCRIPT in csv and IMG in csv
    assert "'=1+1" in csv and "'@SUM(A1)" in csv
    ws = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame))).active
    cells = [ws.cell(row=r, column=1).value for r in range(2, 7)]
    assert cells == [SCRIPT, IMG, "'=1+1", "'@SUM(A1)", "普通"]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, 7))  # text, not formulas
