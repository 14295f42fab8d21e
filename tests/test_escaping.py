"""Imported text is never read as markdown or HTML. Names, titles, categories and descriptions of the
tiny database are replaced by hostile text (`**x**`, an image link, an <img> tag); every page is run
(AppTest) and every element Streamlit reads as markdown - headings, captions, alerts, labels, help
tips, metric and tab labels - must carry the text escaped, so it shows as written. Tables and code
blocks show text as it is and are not checked; Plotly labels must carry it with its tags escaped."""

from __future__ import annotations

import json
import shutil

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from grassroots import db, markup, rollups
from tests.conftest import ROOT
from tests.signin import as_role, open_page

BOLD = "**粗体x**"
IMAGE = "![](http://203.0.113.9/p.png)"
TAG = "<img src=x>"
HOSTILE = (BOLD, IMAGE, TAG)
# proto fields Streamlit renders as markdown, and elements that show text as it is
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "placeholder"}
LITERAL_ELEMENTS = {
    "arrowDataFrame",
    "arrowTable",
    "code",
    "text",
    "json",
    "plotlyChart",
    "deckGlJsonChart",
    "exception",
}
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="module")
def hostile_db(tiny_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy(tiny_db, path)
    with db.writer(path) as con:
        con.execute("update regions set name = name || $t where level = 'community'", {"t": BOLD})
        con.execute("update regions set name = name || $t where level = 'street'", {"t": TAG})
        con.execute("update centres set name = name || $t, type = type || $b", {"t": IMAGE, "b": BOLD})
        con.execute(
            "update tickets set department = coalesce(department, '城管') || $b, description = $i || $t,"
            " subcategory = coalesce(subcategory, '其他') || $b",
            {"b": BOLD, "i": IMAGE, "t": TAG},
        )
        con.execute("update activities set title = title || $i, partner = $b", {"i": IMAGE, "b": BOLD})
        con.execute("update service_records set item_name = item_name || $b", {"b": BOLD})
        con.execute("update service_items set item_name = item_name || $b", {"b": BOLD})
        rollups.rebuild(con)
    return path


def _markdown_texts(node, out: list[str], element: str = "") -> None:
    """Every string Streamlit reads as markdown in a proto (as a dict), with where it was found."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in LITERAL_ELEMENTS:
                continue
            if isinstance(value, str) and key in MARKDOWN_FIELDS:
                out.append(f"{element or key}: {value}")
            else:
                _markdown_texts(value, out, element or key)
    elif isinstance(node, list):
        for item in node:
            _markdown_texts(item, out, element)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def rendered(at) -> tuple[list[str], list[str]]:
    """(markdown texts, plotly figures as JSON) of the page as it stands."""
    texts, figures = [], []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = proto.DESCRIPTOR.name
        if kind == "PlotlyChart":
            figures.append(proto.spec)
            continue
        if kind in ("ArrowDataFrame", "Arrow", "Code", "Text", "Json", "DeckGlJsonChart", "Exception"):
            continue
        _markdown_texts(MessageToDict(proto), texts, kind)
    return texts, figures


def _raw(text: str) -> list[str]:
    return [h for h in HOSTILE if h in text]


def test_the_helpers_escape_what_markdown_and_plotly_would_read():
    assert markup.md(BOLD) == r"\*\*粗体x\*\*"
    assert markup.md(IMAGE) == r"\!\[\]\(http\:\/\/203\.0\.113\.9\/p\.png\)"
    assert markup.md(TAG) == r"\<img src\=x\>"
    assert markup.md("第一行\n# 标题") == r"第一行 \# 标题"
    assert markup.md(None) == "" and markup.md(3) == "3"
    assert markup.plain(TAG) == "&lt;img src=x&gt;" and markup.plain("a & b") == "a &amp; b"


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_imported_text_literally(page, hostile_db, monkeypatch):
    at = open_page(hostile_db, monkeypatch, f"pages/{page}", "admin")
    texts, figures = rendered(at)
    raw = [t for t in texts if _raw(t)]
    assert not raw, f"{page} reads imported text as markdown: {raw[:5]}"
    for fig in figures:
        shown = json.loads(fig)
        data = json.dumps(shown.get("data", []), ensure_ascii=False)
        assert TAG not in data, f"{page}: a chart reads imported text as HTML"


def _drill_script():
    """The tickets page's drill-down panels, opened on a selection whose title is imported text."""
    import os

    from grassroots.metrics import ticket_config
    from grassroots.ui import ticket_drill as td
    from tests.contracts.tickets import DRILL

    title = os.environ["HOSTILE_TITLE"]
    base = {k: v for k, v in DRILL.items() if k not in td.DRILL_DEFAULTS}
    picks = td.Picks("escaping")
    td.panel(picks, "received", base, ticket_config.tickets(), spec={"title": title, "kind": "received", "params": {}})
    picks.found["wishes"] = [("k", {"title": title, "kind": "all", "params": {"wish_dim": "", "wish_group": None}})]
    td.wish_panel(picks, base, ticket_config.tickets())


def test_drill_down_headings_show_imported_text_literally(hostile_db, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_DB", str(hostile_db))
    monkeypatch.setenv("HOSTILE_TITLE", "".join(HOSTILE))
    at = AppTest.from_function(_drill_script, default_timeout=60)
    as_role(at, "admin")
    at.run()
    assert not at.exception, at.exception
    texts, _ = rendered(at)
    heads = [t for t in texts if markup.md(BOLD) in t]
    assert len(heads) == 2, texts  # the tickets' and the wishes' headings, each with the title escaped
    assert not [t for t in texts if _raw(t)]
