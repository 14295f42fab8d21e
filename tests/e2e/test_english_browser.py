"""The English pages in a real browser on the small demo database: the activities, services and
tickets pages show no word of a fixed code list in Chinese (place names and free text may be
Chinese), a widget's value reads in English the moment the language switches, and metric and tab
labels fit at 1366 px without being cut. Screenshots of the English activities, services, tickets and
assessment pages at 1366×900 go to $GRASSROOTS_SHOTS (default artifacts/screenshots/english)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

from grassroots import codes, i18n
from tests.e2e.conftest import ROOT, wait_for_app

SHOTS = Path(os.environ.get("GRASSROOTS_SHOTS") or ROOT / "artifacts" / "screenshots" / "english")
# a fixed word is a whole run of Chinese in English text: inside a longer run it is part of a name
# (小街社区便民党群服务中心 holds a centre type) or of free text
CHINESE_RUN = re.compile(r"[0-9]*[\u4e00-\u9fff]+")
CHINESE_ONLY = {w for w in codes.fixed_words("zh") if w not in codes.fixed_words("en")}
PAGES = [
    (i18n.t(f"nav.{p}", "en"), i18n.t(title, "en"), p)
    for p, title in (
        ("activities", "act.title"),
        ("services", "svc.title"),
        ("tickets", "tickets.title"),
        ("assessment", "asm.title"),
    )
]
# labels whose text overflows its box (cut with an ellipsis)
CUT_LABELS = """() => Array.from(document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMetric"] *, [data-testid="stMain"] button[role="tab"] *'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && e.innerText && e.innerText.trim()
                 && getComputedStyle(e).textOverflow === 'ellipsis')
    .map(e => e.innerText.trim())"""


def to_english(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English", exact=True).click()
    wait_for_app(page, timeout_ms=180_000)


def open_page(page, nav: str, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=nav).first.click()
    wait_for_app(page, timeout_ms=180_000)
    page.locator("h1").filter(has_text=title).first.wait_for(timeout=120_000)


def fixed_words_shown(page) -> list[str]:
    text = page.locator('[data-testid="stMain"]').inner_text() + page.locator('[data-testid="stSidebar"]').inner_text()
    return sorted(set(CHINESE_RUN.findall(text)) & CHINESE_ONLY)


def test_english_pages_show_no_chinese_fixed_labels(page, app_url):
    page.set_default_timeout(120_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(app_url + "/activities")
    wait_for_app(page, timeout_ms=180_000)
    to_english(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for nav, title, name in PAGES:
        open_page(page, nav, title)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.locator('[data-testid="stMain"] [data-testid="stMetric"]').first.wait_for()
        if name != "assessment":
            page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=120_000)
            shown = fixed_words_shown(page)
            assert not shown, f"{name} shows {shown}"
        cut = page.evaluate(CUT_LABELS)
        assert not cut, f"{name}: labels cut at 1366 px: {cut}"
        page.screenshot(path=str(SHOTS / f"{name}_en.png"))
    assert page.requests.outside() == []


def shown_value(box) -> str:
    """What a selectbox shows: its text and the value of its search input."""
    return box.evaluate(
        """e => e.innerText + ' ' + Array.from(e.querySelectorAll('input')).map(i => i.value).join(' ')"""
    )


def test_a_widget_reads_english_at_once(page, app_url):
    """The tickets page's category stays the one chosen; its box says it in the language of the
    moment, without another page in between."""
    page.set_default_timeout(120_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(app_url + "/tickets?tk_category=" + quote("市容环境"))
    wait_for_app(page, timeout_ms=180_000)
    main = page.locator('[data-testid="stMain"]')
    box = main.locator('[data-testid="stSelectbox"]').first
    box.wait_for()
    assert "市容环境" in shown_value(box), shown_value(box)
    main.get_by_role("tab", name=i18n.t("tickets.tab.wishes", "zh")).click()  # a tab, kept by its label
    wait_for_app(page, timeout_ms=180_000)
    to_english(page)
    selected = main.get_by_role("tab", selected=True).first.inner_text()
    assert selected == i18n.t("tickets.tab.wishes", "en"), selected
    box = main.locator('[data-testid="stSelectbox"]').first
    assert "Streetscape" in shown_value(box) and "市容环境" not in shown_value(box), shown_value(box)
    grain = main.locator('[data-testid="stButtonGroup"]').first.inner_text()
    assert "Month" in grain or "month" in grain, grain
    # the link keeps the same category (Streamlit writes a bound widget's shown words into it)
    assert parse_qs(urlparse(page.url).query).get("tk_category") in (["市容环境"], ["Streetscape"])
    assert not fixed_words_shown(page)
