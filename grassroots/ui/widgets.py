"""Shared page widgets: KPI cards, programme progress, the uploader's words (the ranking lists are in
grassroots/ui/ranking.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from grassroots import charts, fmt, i18n
from grassroots.cards import Card
from grassroots.metrics import catalogue, kpis, targets
from grassroots.ui import links, stat_cards
from grassroots.ui.text import lang, tr
from grassroots.views import overview


def kpi_card(
    k: kpis.Kpi,
    value,
    compared: list[tuple[str, object]],
    trend: list,
    months: list[str] | None = None,
    partial: str | None = None,
    note: str | None = None,
) -> None:
    """A KPI in its own bordered card: the first comparison of `compared` ((label, base value) pairs,
    periods.comparisons' order) as the delta, the others beneath; its monthly `trend` as a sparkline
    whose last point is marked when `partial` ("截至11月20日") says the month is still running; `note`
    says which days are compared; a link to the page (and tab) behind it, with the same filters."""
    with st.container(border=True, key=f"kpi_{k.key}"):
        label, base = compared[0] if compared else (None, None)
        d_first = kpis.delta(k, value, base) if compared else None
        shown = fmt.value(k.kind, value)
        delta = fmt.change(k.kind, d_first)
        card = Card(tr(f"kpi.{k.key}"), shown, catalogue.get(k.key).help(), delta, k.higher_is_better, compared=True)
        stat_cards.draw(card, label, border=False)
        spark = [fmt.number(v) for v in trend]
        tips = [f"{m} {fmt.value(k.kind, v)}" for m, v in zip(months or [], trend)] if months else None
        svg = charts.base.sparkline_svg(spark, partial, tips)
        if svg:
            st.markdown(svg, unsafe_allow_html=True)  # st.html drops inline SVG
        if compared and d_first is None:
            st.caption(f"{label} {tr('overview.na')}")
        for other, other_base in compared[1:]:
            st.caption(f"{other} {fmt.change(k.kind, kpis.delta(k, value, other_base)) or tr('overview.na')}")
        if note:
            with st.container(key=f"kpinote_{k.key}"):  # on a phone, said once above the cards instead
                st.caption(note)
        behind_link(k.key)


# The overview's cards in one wrapping row: five to a row on a laptop, two on a phone (the cards are
# st.container(key="kpi_<metric>") inside st.container(horizontal=True, key="kpigrid")).
KPI_GRID_CSS = """<style>
.st-key-kpigrid > div { flex: 1 1 calc(20% - 1rem); min-width: 8.5rem; }
.st-key-kpigrid [data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; text-overflow: clip; }
.st-key-kpigrid [data-testid="stMetricLabel"] div { overflow: visible; }
.st-key-kpigrid div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; overflow: visible; row-gap: 0.15rem; }
.st-key-kpigrid [data-testid="stMetricDeltaDescription"],
.st-key-kpigrid [data-testid="stMetricDeltaDescription"] * {
  white-space: normal; overflow: visible; text-overflow: clip; }
.st-key-kpinote_all { display: none; }
@media (max-width: 640px) {
  .st-key-kpigrid { gap: 0.5rem; }
  .st-key-kpigrid > div { flex: 1 1 calc(50% - 0.25rem); min-width: 0; max-width: calc(50% - 0.25rem); }
  .st-key-kpigrid [data-testid="stMetricValue"] { font-size: 1.3rem; }
  .st-key-kpigrid [class*="st-key-kpi_"] { padding: 0.45rem 0.6rem; gap: 0.2rem; }
  .st-key-kpigrid .kpi-spark, .st-key-kpigrid [class*="st-key-kpinote_"] { display: none !important; }
  .st-key-kpigrid [data-testid="stBaseButton-tertiary"] { min-height: 0; padding: 0; }
  .st-key-kpinote_all { display: block; }
}
</style>"""


def kpi_grid_style(note: str | None = None) -> None:
    """The cards' layout; `note` (which days are compared) said once, shown on a phone only."""
    st.html(KPI_GRID_CSS)
    if note:
        with st.container(key="kpinote_all"):
            st.caption(note)


def behind_link(key: str) -> None:
    """ "→ 诉求与网格事件": the page (and tab) behind an overview card, with the same filters."""
    found = kpis.BEHIND.get(key)
    if found:
        page, nav, tab = found
        links.page_link(tr(nav), page, key=f"kpigo_{key}", state={"tk_tab": tr(f"tickets.tab.{tab}")} if tab else None)


def pilot_card(operating, progress: pd.DataFrame, on: dt.date) -> None:
    """Operating pilot centres against the centre-count targets due at `on` (the window's last day):
    the shown region's own targets after the slash; a wider region's target only in the caption,
    named as that region's; community-share targets never added to it."""
    goal = targets.pilot_target(progress, on)
    value = f"{int(operating or 0):,}" + (f" / {goal.own:,.0f}" if goal.own else "")
    stat_cards.draw(Card(tr("overview.pilots"), value, catalogue.get("pilots_operating").help()))
    notes = []
    if goal.wider:
        notes.append(
            tr("overview.pilots_wider", target=f"{goal.wider:,.0f}", region=i18n.listing(goal.wider_regions, lang()))
        )
    if goal.shares:
        notes.append(tr("overview.pilots_shares", targets=i18n.listing((f"{v:.0%}" for _, v in goal.shares), lang())))
    if notes:
        st.caption(" ".join(notes))


def target_scope_label(row) -> str:
    """Whose target a progress row carries: the programme's own, or a wider region's (named)."""
    if getattr(row, "target_scope", "own") != "wider":
        return tr("overview.scope.own")
    level = "district" if len(str(row.region_code)) <= 6 else "street"
    return tr(f"overview.scope.wider_{level}", region=row.target_region or row.region_code)


def programme_table(progress: pd.DataFrame, lights: list[str | None]) -> None:
    def show(metric, v):
        if v is None or pd.isna(v):
            return "—"
        return f"{v:.0%}" if metric == "community_share" else f"{v:,.0f}"

    rows = list(progress.itertuples())
    view = pd.DataFrame(
        {
            tr("overview.programme"): progress["programme"],
            tr("overview.light"): [
                tr(f"overview.light.{x}") if x else tr("overview.light.none") for x in lights
            ],  # early: in view on a phone
            tr("overview.target_scope"): [target_scope_label(r) for r in rows],
            tr("overview.target_date"): pd.to_datetime(progress["target_date"]).dt.date,
            tr("overview.target"): [
                f"{tr('overview.metric.' + m)} {show(m, v)}"
                for m, v in zip(progress["metric"], progress["target_value"])
            ],
            tr("overview.actual"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_at_target"])],
            tr("overview.actual_now"): [show(m, v) for m, v in zip(progress["metric"], progress["actual_now"])],
            tr("overview.progress"): [
                (min(1.0, (r.actual_at_target or 0) / r.target_value) if r.target_value else None)
                if targets.judged(r)
                else None
                for r in rows
            ],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        column_config={
            tr("overview.progress"): st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0),
        },
    )
    if any(getattr(r, "target_scope", "own") == "wider" for r in rows):
        st.caption(tr("overview.scope.wider_note"))


def overview_cards(f, links_below: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's KPI cards and pilot card for the filters `f` (the overview page and the wall
    screen both draw them here): this window's KPIs, each against the period's comparisons, with its
    24-month trend. Returns the programme progress the pilot card was judged on, and the trend."""
    from grassroots.ui import data

    asks = overview.card_queries(f)
    now = data.query(*asks["now"]).iloc[0]
    bases = [(f.compare_label(c), data.query(*q).iloc[0]) for c, q in zip(f.comparisons, asks["bases"])]
    trend = data.query(*asks["trend"])
    months = pd.to_datetime(trend["month"]).dt.strftime("%Y-%m").tolist()
    progress = data.query(*asks["progress"])
    if stat_cards.outside(f):  # no cards of zeros
        return progress, trend
    kpi_grid_style(f.partial_note())
    with st.container(horizontal=True, key="kpigrid", gap="small"):
        for k in kpis.KPIS:
            kpi_card(
                k,
                now[k.key],
                [(label, b[k.key]) for label, b in bases],
                trend[k.key].tolist(),
                months,
                f.trend_partial(),
                f.partial_note(),
            )
        with st.container(key="kpi_pilots"):
            pilot_card(now["pilots_operating"], progress, f.window.end - dt.timedelta(days=1))
            if links_below:
                behind_link("pilots")
    return progress, trend


def css_text(text: str) -> str:
    """`text` as a quoted CSS string in which every character but ASCII letters, digits and spaces is a
    hexadecimal escape (\\4e0a for 上): no quote, backslash or "<" of the text reaches the style sheet."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text) + '"'


def uploader_words(key: str, mb: int, types: list[str]) -> None:
    """Streamlit's file uploader writes its button ("Upload") and its line of limits ("1GB per file • CSV, ...")
    in English whatever the page's language. Outside English, the uploader st.file_uploader(key=`key`) shows the
    interface's words in their place: the button's and the limits of this app (`mb` a file, `types`)."""
    if lang() == "en":
        return
    button = css_text(tr("upload.button"))
    limits = css_text(tr("upload.limits", mb=mb, types=i18n.listing((t.upper() for t in types), lang())))
    box = f".st-key-{key}"
    st.html(
        f"""<style>
{box} [data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
{box} [data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{
  content: {button}; font-size: 0.875rem; }}
{box} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
{box} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {limits}; font-size: 0.875rem; }}
</style>"""
    )
