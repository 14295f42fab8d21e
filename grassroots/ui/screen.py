"""The wall screen (大屏) for a meeting room: `?screen=1` on the app's address, after sign-in.

The screens of config/app.toml [screen] `pages` take turns, each for `rotate_seconds`, laid out for
1920x1080 in large type, without the sidebar and Streamlit's own chrome (`&seconds=N` in the address sets
one wall's own time per screen). A timer (a fragment that runs every `rotate_seconds`) reruns the whole app
when a screen's time is up; that run moves to the next screen and reads every number afresh, so the data of
an import since (grassroots/ui/data.py data_version) shows on the next screen without a reload. The sidebar's
filters (bound to the address) still choose the period and region.

Every number comes from the functions and queries the pages use: the overview's KPI cards and pilot
card (grassroots/ui/widgets.py), the programme lights (grassroots/metrics/targets.py), the official
红榜/黑榜 (grassroots/assessment/official.py), the tickets page's headline queries and flow chart,
and the coverage page's analysis and map layers.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import time
from collections.abc import MutableMapping, Sequence, Set

import pandas as pd
import streamlit as st

from grassroots import charts, config, fmt, markup, views
from grassroots.assessment import official
from grassroots.assessment.system import IndicatorConfigError
from grassroots.cards import Card
from grassroots.geo import maps
from grassroots.metrics import targets, ticket_config
from grassroots.ui import coverage_data, data, filters, frame, stat_cards, widgets
from grassroots.ui.text import lang, tr

PARAM = "screen"  # ?screen=1
SECONDS_PARAM = "seconds"  # ?seconds=N: this wall's time per screen, in place of app.toml's rotate_seconds
SECONDS_RANGE = (5, 3600)  # as app.toml's rotate_seconds
PAGE_KEY = "_screen_page"  # the screen on show
SHOWN_KEY = "_screen_shown_at"  # since when (time.time())
SLACK_S = 1.0  # a timer firing this much early still counts as due

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarCollapseButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], #MainMenu, footer { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.8rem 2.5rem 0.5rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div {
  font-size: 64px !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p { font-size: 26px !important; }
/* the room reads values: the trends and the links to the pages behind the cards stay on the pages */
[data-testid="stMetricChart"], .kpi-spark, [class*="st-key-kpigo_"] { display: none !important; }
[class*="st-key-kpinote_"] { display: none !important; }      /* which days are compared: said once */
.st-key-kpinote_all { display: block !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] div { font-size: 22px !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 20px !important; }
[data-testid="stMain"] h1 { font-size: 44px !important; padding: 0 !important; }
[data-testid="stMain"] h3 { font-size: 30px !important; padding: 0.2rem 0 0 !important; }
.gr-screen-clock { font-size: 48px; font-weight: 600; text-align: right; font-variant-numeric: tabular-nums; }
.gr-screen-table { width: 100%; border-collapse: collapse; font-size: 24px; line-height: 1.25; }
.gr-screen-table td, .gr-screen-table th { padding: 0.12em 0.4em; border-bottom: 1px solid rgba(128,128,128,.3); }
.gr-screen-table th { text-align: left; font-size: 20px; opacity: .75; }
.gr-screen-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.gr-screen-table td.nowrap { white-space: nowrap; }
.gr-screen-list-title { font-size: 28px; font-weight: 700; margin: 0 0 0.1em; }
.gr-screen-note { font-size: 24px; }
</style>
"""

# A clock that runs in the browser: no server round trip every second.
CLOCK = """
<div class="gr-screen-clock" id="gr-screen-clock">{now}</div>
<script>
(function () {{
  const el = document.getElementById("gr-screen-clock");
  const pad = (n) => String(n).padStart(2, "0");
  function tick() {{
    const d = new Date();
    el.textContent = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " "
      + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }}
  if (el && !el.dataset.ticking) {{ el.dataset.ticking = "1"; tick(); setInterval(tick, 1000); }}
}})();
</script>
"""


# --- which screen (no Streamlit: tested on its own) --------------------------------------------------


def wanted(query_params) -> bool:
    """Whether the address asks for the wall screen (?screen=1)."""
    value = query_params.get(PARAM)
    if isinstance(value, list):
        value = value[-1] if value else None
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def seconds(query_params, default: int) -> int:
    """Each screen's time on this wall: the address's ?seconds= when it is a whole number of seconds within
    SECONDS_RANGE (a wall in a corridor may turn faster than the meeting room's), else `default`."""
    value = query_params.get(SECONDS_PARAM)
    if isinstance(value, list):
        value = value[-1] if value else None
    text = str(value or "").strip()
    if not text.isdigit():
        return default
    low, high = SECONDS_RANGE
    return int(text) if low <= int(text) <= high else default


def next_page(current: str, pages: Sequence[str]) -> str:
    """The screen after `current` in `pages`, round and round (the first when `current` is not one)."""
    if current not in pages:
        return pages[0]
    return pages[(list(pages).index(current) + 1) % len(pages)]


def due(shown_at: float | None, now: float, rotate_seconds: float) -> bool:
    """Whether the screen shown since `shown_at` has had its time."""
    return shown_at is not None and now - shown_at >= rotate_seconds - SLACK_S


def page_for_run(state: MutableMapping, pages: Sequence[str], rotate_seconds: float, now: float) -> str:
    """The screen this run shows, moving on when the one on show has had its time; kept in `state`."""
    page = state.get(PAGE_KEY)
    if page is None or page not in pages:
        page = pages[0]
        state[SHOWN_KEY] = now
    elif due(state.get(SHOWN_KEY), now, rotate_seconds):
        page = next_page(page, pages)
        state[SHOWN_KEY] = now
    state[PAGE_KEY] = page
    return page


def fmt_target(metric: str, v) -> str:
    """A programme target or actual as the overview's programme table shows it."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v):
        return "—"
    return f"{v:.0%}" if metric == "community_share" else f"{v:,.0f}"


# --- the frame -------------------------------------------------------------------------------------


def show(f: filters.Filters) -> None:
    """The wall screen for this run: the frame, the screen whose turn it is, and the timer."""
    cfg = config.app()
    pages = cfg.screen_pages
    rotate = seconds(st.query_params, cfg.screen_rotate_seconds)
    page = page_for_run(st.session_state, pages, rotate, time.time())
    st.html(CSS)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        st.title(f"{tr('screen.title')} · {tr('screen.page.' + page)}", anchor=False)
        st.caption(
            f"{f.describe()} · {frame.as_of_text()} · "
            + tr("screen.next", s=rotate, i=pages.index(page) + 1, n=len(pages))
        )
    with right:
        st.html(
            CLOCK.format(now=html.escape(dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"))), unsafe_allow_javascript=True
        )
    {"overview": overview, "tickets": tickets, "coverage": coverage_screen}[page](f)
    _timer(rotate)


def _timer(rotate_seconds: int) -> None:
    @st.fragment(run_every=rotate_seconds)
    def tick() -> None:
        if due(st.session_state.get(SHOWN_KEY), time.time(), rotate_seconds):
            st.rerun(scope="app")

    tick()


def _table(
    head: list[str],
    rows: list[list[str]],
    numeric: Set[int] = frozenset(),
    nowrap: Set[int] = frozenset(),
) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)

    def td(i: int, c: str) -> str:
        cls = "num" if i in numeric else ("nowrap" if i in nowrap else "")
        return f'<td class="{cls}">{html.escape(c)}</td>'

    body = "".join("<tr>" + "".join(td(i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<table class="gr-screen-table"><tr>{th}</tr>{body}</table>'


# --- the overview -----------------------------------------------------------------------------------


def overview(f: filters.Filters) -> None:
    """The overview's KPI cards and pilot card (the same widgets over the same queries), the
    programme lights and the official 红榜/黑榜."""
    cfg = config.app()
    progress, _ = widgets.overview_cards(f, links_below=False)

    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader(tr("overview.programmes"), anchor=False)
        if progress.empty:
            st.info(tr("common.no_data"))
        else:
            lights = targets.lights(progress, f.as_of.date(), cfg.yellow_gap)
            rows = [
                [
                    str(r.programme),
                    f"{tr('overview.metric.' + r.metric)} {fmt_target(r.metric, r.target_value)}",
                    fmt_target(r.metric, r.actual_now),
                    tr(f"overview.light.{x}") if x else tr("overview.light.none"),
                ]
                for r, x in zip(progress.itertuples(), lights)
            ]
            st.html(
                _table(
                    [tr("overview.programme"), tr("screen.col.target"), tr("screen.col.now"), tr("overview.light")],
                    rows,
                    {2},
                    {1, 3},
                )
            )
    with right:
        _ranking(f)


def _ranking(f: filters.Filters) -> None:
    L = lang()
    try:
        r = official.compute(data.query, f.params())
    except IndicatorConfigError as err:
        st.subheader(tr("rank.heading", level=tr("asm.level_name." + official.level_for(f.params()))), anchor=False)
        st.error(tr("rank.cfg_refused", msg=err.message(L)))
        return
    st.subheader(tr("rank.heading", level=tr(f"asm.level_name.{r.level}")), anchor=False)
    if r.reason:
        st.html(f'<div class="gr-screen-note">{html.escape(r.message(L) or "")}</div>')
        return
    red_title, black_title = r.titles(L)
    cols = st.columns(2)
    for col, title, entries in ((cols[0], "🔴 " + red_title, r.red), (cols[1], "⚫ " + black_title, r.black)):
        with col:
            rows = [[str(e.rank or "—"), e.name, "—" if e.score is None else f"{e.score:.1f}"] for e in entries]
            st.html(
                f'<div class="gr-screen-list-title">{html.escape(title)}</div>'
                + _table([tr("rank.col_rank"), tr(f"rank.col_unit.{r.level}"), tr("rank.col_score")], rows, {0, 2})
            )


# --- tickets -------------------------------------------------------------------------------------------


def ticket_params(f: filters.Filters) -> dict:
    """The tickets page's query parameters with its own filters at their defaults (every category,
    by month, every deadline)."""
    tc = ticket_config.tickets()
    return {
        **f.params(),
        "category": None,
        "grain": "month",
        "dim": "",
        "escalated_only": False,
        "response_hours": tc.response_hours,
        "own_due_only": False,
    }


def tickets(f: filters.Filters) -> None:
    """The tickets page's headline from its queries, and its flow chart in large type."""
    P = ticket_params(f)
    rates = data.query("tickets/rates", {**P, "dim": "category"})
    head = rates[rates["is_total"]]
    h = head.iloc[0] if len(head) else pd.Series(dtype=object)
    flow = data.query("tickets/flow", P)
    backlog = data.query("tickets/backlog", {**P, "age_edges": list(ticket_config.tickets().age_buckets)})
    count, rate, hours = "count", "percent", "hours"

    def card(label: str, unit: str, value) -> Card:
        return Card(label, fmt.value(unit, value))

    cards = [
        card(tr("kpi.received"), count, flow["received"].sum()),
        card(tr("kpi.closed"), count, flow["closed"].sum()),
        card(tr("tickets.m.open"), count, h.get("open_n", 0) if pd.notna(h.get("open_n")) else 0),
        card(tr("tickets.m.overdue_now"), count, backlog["overdue_n"].sum()),
        card(tr("kpi.median_hours_to_close"), hours, h.get("median_hours")),
        card(tr("kpi.on_time_rate"), rate, h.get("on_time_rate")),
        card(tr("tickets.m.closure_rate"), rate, h.get("closure_rate")),
        card(tr("tickets.m.response_rate"), rate, h.get("response_rate")),
        card(tr("kpi.satisfaction_rate"), rate, h.get("satisfaction_rate")),
        card(tr("tickets.m.escalated_share"), rate, h.get("escalated_share")),
    ]
    stat_cards.row(cards, fit=False)
    st.subheader(tr("screen.flow"), anchor=False)
    if flow.empty:
        st.info(tr("common.no_data"))
        return
    fig = charts.tickets.flow(flow, views.tickets.flow_names(tr), "month")
    fig.update_layout(height=460, font={"size": 22}, legend={"font": {"size": 22}})
    fig.update_xaxes(tickfont={"size": 20}, title_font={"size": 20})
    fig.update_yaxes(tickfont={"size": 20}, title_font={"size": 20})
    st.plotly_chart(markup.plain_figure(fig), key="screen_flow", config={"displayModeBar": False})


# --- coverage ------------------------------------------------------------------------------------------


def coverage_screen(f: filters.Filters) -> None:
    """The coverage page's cards and map at the period's end, without its controls."""
    radius = config.app().service_radius_m
    comms = data.query("coverage/communities", f.params())
    if comms.empty:
        st.info(tr("coverage.no_communities"))
        return
    cv = coverage_data.on_day(f, comms, min(f.window.end - dt.timedelta(days=1), f.as_of.date()), 5)
    stat_cards.row(views.coverage.cards(cv.result.totals, len(cv.operating_here), radius, tr, helps=False), fit=False)
    st.subheader(tr("screen.map"), anchor=False)
    view = maps.fit_view(*cv.fit_points(), width_px=1840, height_px=640)
    layers = maps.boundary_layers(cv.bounds, tr) + maps.community_layers(
        cv.result.communities, cv.bounds, tr, views.coverage.FAR_M
    )
    layers += [maps.circle_layer(cv.shown[cv.shown["operating"]], radius), maps.centre_layer(cv.shown, tr)]
    st.pydeck_chart(maps.deck(layers, view), height=640, key="screen_map", alt=tr("coverage.map_alt"))
