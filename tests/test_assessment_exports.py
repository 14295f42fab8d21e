"""The files an organisation department files: the workbook opened with openpyxl and its cells
checked; the PDF rendered to images with pdftoppm (poppler-utils) and its text extracted."""

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest

from grassroots import periods
from grassroots.assessment import pdf, report, scorecard, system, xlsx
from tests import tiny_assessment as T

OCT, SEP = T.OCT, T.SEP
TITLE = "官渡区2026年10月街道考核结果"


@pytest.fixture(scope="module")
def card_and_context(tmp_path_factory):
    sc, sources = T.street_card(T.build(tmp_path_factory.mktemp("asm_x") / "asm.duckdb"))
    october = periods.Window(OCT["date_from"], OCT["date_to"])
    ctx = report.Context(
        "官渡区",
        "2026年10月",
        (OCT["date_from"], OCT["date_to"]),
        (SEP["date_from"], SEP["date_to"]),
        T.AS_OF,
        dt.datetime(2026, 11, 21, 10, 0),
        "zh",
        sources,
        compare=periods.label(periods.primary("month", october)),
    )
    return sc, ctx


def test_workbook(card_and_context):
    sc, ctx = card_and_context
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(sc, ctx)))
    assert wb.sheetnames == ["考核结果", "红黑榜", "指标说明", "数据来源"]
    ws = wb["考核结果"]
    assert ws["A1"].value == TITLE  # region and period in the title
    assert "2026-10-01 – 2026-10-31" in ws["A2"].value and "基层治理考核指标体系" in ws["A2"].value
    assert ws.freeze_panes == "C5"  # four header rows and two columns frozen
    head = [c.value for c in ws[4]]
    assert head[:4] == ["名次", "单位", "上级", "样本数"]
    assert head[4:8] == ["实际值", "分子", "分母", "得分"]
    assert ws["E3"].value == "按期结案率（50）"
    rows = {r[1].value: r for r in ws.iter_rows(min_row=5)}
    assert list(rows)[:2] == ["关上街道", "金马街道"]  # best first
    a, b, c = rows["关上街道"], rows["金马街道"], rows["太和街道"]
    # 关上: rank 1, 10 tickets, on time 8 / 10 = 80% worth full 50 points, shown as a percent
    assert (a[0].value, a[3].value) == (1, 10)
    assert (a[4].value, a[5].value, a[6].value, a[7].value) == (0.8, 8, 10, 50)
    assert a[4].number_format == "0.0%"
    col = {h: i for i, h in enumerate(head) if h in ("总分", "等级", "备注", "总分变化（环比）")}
    assert a[col["总分"]].value == pytest.approx(
        50 + 9.4 + 4 + 10 + 10 * (10 / (10000 * 31 / (365.25 / 12)) * 1000) + 5
    )
    assert b[col["总分"]].value == pytest.approx(81.25)
    # fills: the light of each score; green C6EFCE for 关上's on-time, yellow FFEB9C for 金马's, total likewise
    assert a[7].fill.fgColor.rgb.endswith("C6EFCE") and b[7].fill.fgColor.rgb.endswith("FFEB9C")
    assert a[col["等级"]].value == "绿" and a[col["等级"]].fill.fgColor.rgb.endswith("C6EFCE")
    assert b[col["等级"]].value == "黄" and b[col["总分"]].fill.fgColor.rgb.endswith("FFEB9C")
    assert a[col["总分变化（环比）"]].value == pytest.approx(a[col["总分"]].value - 60 / 70 * 100)
    # 太和 has 2 tickets (< 4): no rank, a note; its online share has no data and is left out
    assert c[0].value == "—" and "不参与排名" in c[col["备注"]].value
    online = head.index("实际值", 4 + 4 * 3)
    assert c[online].value == "—" and c[online + 3].value == "不计"

    # the official lists (grassroots/assessment/official.py): two ranked streets, one on each list
    lists = wb["红黑榜"]
    assert lists.cell(3, 1).value == "红榜（前 1 名）" and lists.cell(3, 7).value == "黑榜（后 1 名）"
    assert [lists.cell(5, 2).value, lists.cell(6, 2).value] == ["关上街道", None]  # 红榜
    assert [lists.cell(5, 8).value, lists.cell(6, 8).value] == ["金马街道", None]  # 黑榜
    assert lists.cell(2, 1).value == "参与排名的单位共 2 个，不足前后各 5 名：两榜各列 1 名，互不重复。"

    defs = wb["指标说明"]
    names = [defs.cell(r, 1).value for r in range(6, 12)]
    assert names == ["按期结案率", "返工扣分", "群众满意率", "网办占比", "每千人月均活动场次", "微心愿认领率"]
    assert defs.cell(6, 7).value == "满分 50 分；≥70.0% 得满分，每低 1 个百分点扣 1 分"
    assert defs.cell(7, 7).value == "满分 10 分；每件扣 0.2 分，最多扣 10 分"

    src = wb["数据来源"]
    cells = {c.value for row in src.iter_rows() for c in row if c.value is not None}
    assert "官渡区2026年10月诉求工单台账.xlsx" in cells and "服务中心台账.csv" in cells
    assert dt.datetime(2026, 11, 1, 9, 30) in cells  # import dates from import_log
    assert "2026-11-20 09:00" in cells  # the data's as-of


def test_another_systems_lists_are_not_red_and_black(card_and_context):
    sc, ctx = card_and_context
    three = system.load(system.INDICATORS_DIR / "three_rates.toml")
    other = scorecard.Scorecard(three, sc.level, sc.min_n, sc.units, sc.cells)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(other, ctx)))
    assert wb.sheetnames[1] == "排序前后名"
    lists = wb["排序前后名"]
    assert lists.cell(3, 1).value == "按〈接诉即办“三率”考核〉排序 前 1"
    texts = [c.value for row in lists.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("红榜" in x or "黑榜" in x for x in texts)
    titles = [title for title, _ in report.lists(other, ctx).blocks]  # the PDF's list titles too
    assert report.lists(other, ctx).heading == "二、按〈接诉即办“三率”考核〉排序前后名"
    assert titles == ["按〈接诉即办“三率”考核〉排序 前 1", "按〈接诉即办“三率”考核〉排序 后 1"]


def _all_text(wb) -> str:
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("lang,word,banned", [("zh", "同比", "环比"), ("en", "vs last year", "vs last month")])
def test_year_workbook_says_year_on_year(card_and_context, lang, word, banned):
    """A year has no 环比: the period before a year is last year, so its change column and the
    comparison period are labelled 同比 (periods.comparisons), in both languages."""
    sc, ctx = card_and_context
    as_of = T.AS_OF.date()
    year = periods.window("year", dt.date(2026, 1, 1), as_of)
    base = periods.primary("year", year)
    assert base.key == periods.YEAR_AGO and base.window == periods.Window(dt.date(2025, 1, 1), dt.date(2025, 11, 21))
    ctx = report.Context(
        "官渡区",
        "2026年",
        (year.start, year.end),
        (base.window.start, base.window.end),
        T.AS_OF,
        ctx.generated_at,
        lang,
        ctx.sources,
        compare=periods.label(base, lang),
    )
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(sc, ctx)))
    head = [c.value for c in wb.worksheets[0][4]]
    total_change = next(h for h in head if h and ("总分变化" in h or "Total change" in h))
    assert word in total_change
    sources = {r[0].value: r[1].value for r in wb.worksheets[3].iter_rows(min_row=3, max_row=8)}
    label = next(k for k in sources if k and ("对比周期" in k or "Compared with" in k))
    assert word in label and sources[label] == "2025-01-01 – 2025-11-20"
    assert banned not in _all_text(wb)
    table, _ = report.table(sc, lang, compare=ctx.compare)
    assert any(word in c for c in table.columns) and not any(banned in c for c in table.columns)


def test_text_cells_are_never_formulas(card_and_context):
    sc, ctx = card_and_context
    units = sc.units.copy()
    units.loc[0, "unit_name"] = '=HYPERLINK("http://x")'
    hostile = scorecard.Scorecard(sc.system, sc.level, sc.min_n, units, sc.cells)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(hostile, ctx)))["考核结果"]
    assert ws["B5"].data_type == "s" and ws["B5"].value.startswith("=HYPERLINK")


def test_pdf_renders_with_chinese_text(card_and_context, tmp_path):
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils is not installed: run `make system-deps` (scripts/install_system_deps.sh)")
    sc, ctx = card_and_context
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.document(sc, ctx))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 4
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = text.replace(" ", "")  # pdftotext may drop the spaces between Chinese and digits
    assert TITLE in compact
    for word in (
        "红榜（前1名）",
        "黑榜（后1名）",
        "关上街道",
        "按期结案率",
        "官渡区2026年10月诉求工单台账.xlsx",
        "第1页",
    ):
        assert word in compact, word
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    first = Image.open(images[0]).convert("L")
    dark = sum(1 for v in first.getdata() if v < 128) / (first.width * first.height)
    colours = Image.open(images[0]).convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert 0.005 < dark < 0.5  # text and charts drawn, not a blank or black page
    assert len(colours) > 50  # the charts' colours, not text alone
