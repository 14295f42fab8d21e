"""The shared filter bar: period, region drill-down, centre type and pilot batch.

Rendered once by dashboard.py in the sidebar, before the page runs. Every widget is bound to the
URL (`bind="query-params"`), so a view can be shared as a link, and keeps its value across pages.
Pages read the result with `current()`.

The signed-in user's scope bounds the bar: a street's user sees their district and street fixed and
only that street's communities and centres to choose from, and `Filters.params()` clamps the region
and centre to the scope whatever the link or the page asks for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from grassroots import codes, config, markup, periods
from grassroots.auth.roles import EVERYTHING, Scope
from grassroots.ui import data, session, warmup
from grassroots.ui.text import default_for, in_language, lang, tr
from grassroots.views import freshness

STATE_KEY = "_filters"
ALL = ""


@dataclass(frozen=True)
class Filters:
    kind: str
    window: periods.Window
    previous: periods.Window
    year_ago: periods.Window
    as_of: dt.datetime
    region: str = ""  # code prefix: '' all, 6 district, 9 street, 12 community
    region_name: str = ""
    centre_id: str | None = None
    centre_type: str | None = None
    pilot_batch: str | None = None
    scope: Scope = EVERYTHING  # the signed-in user's: region and centre never leave it
    # the window lies wholly after the data's newest record or before its oldest (a shared link to a month not
    # imported yet): its figures would all read 0, and "-100%" beside the year before
    outside: bool = False

    def params(self, window: periods.Window | None = None) -> dict:
        """Bound parameters for queries: the window (default: the chosen one) and the scope."""
        w = window or self.window
        region, centre_id = self.scope.clamp(self.region, self.centre_id)
        return {
            "date_from": w.start,
            "date_to": w.end,
            "as_of": self.as_of,
            "region": region,
            "centre_id": centre_id,
            "centre_type": self.centre_type,
            "pilot_batch": self.pilot_batch,
        }

    @property
    def comparisons(self) -> tuple[periods.Comparison, ...]:
        """What this period is compared with (periods.comparisons: 环比/同比, 同比 only for a year)."""
        return periods.comparisons(self.kind, self.window)

    @property
    def primary(self) -> periods.Comparison:
        return self.comparisons[0]

    def compare_label(self, c: periods.Comparison | None = None) -> str:
        """环比 / 同比 / 较前N天 in the interface's language (default: the primary comparison)."""
        return periods.label(c or self.primary, lang())

    def partial_note(self, first_only: bool = False) -> str | None:
        """截至11月20日，与上月、去年同期比 while the period is still running; None otherwise."""
        return periods.partial_note(self.kind, self.window, lang(), first_only)

    def trend_partial(self) -> str | None:
        """ "截至11月20日" when the last month of a monthly trend ending with this window is cut short
        (by the as-of day, or a custom window's end); None when that month is whole."""
        from grassroots.views import overview

        return overview.trend_partial(self.window, lang(), self.as_of)

    def describe(self) -> str:
        return f"{markup.md(self.region_name)} · {self.window.text()}"


def _as_of() -> tuple[dt.datetime, dt.date | None]:
    """The newest timestamp in the data (the app's "now") and the oldest day (None: no records)."""
    frame = data.query("common/data_as_of")
    ts = frame["newest_record"].iloc[0] if len(frame) else None
    first = frame["oldest_record"].iloc[0] if len(frame) else None
    first = None if first is None or pd.isna(first) else pd.Timestamp(first).date()
    if ts is None or pd.isna(ts):
        return dt.datetime.combine(dt.date.today(), dt.time()), first
    return pd.Timestamp(ts).to_pydatetime(), first


def _linked_dates(key: str) -> list[dt.date]:
    """The dates a link carries for `key` (?dates=2019-01-01&dates=2019-01-31), unreadable ones dropped."""
    out = []
    for raw in st.query_params.get_all(key):
        try:
            out.append(dt.date.fromisoformat(str(raw)))
        except ValueError:
            pass
    return out


_ANCHOR_FORMS = {  # a period as a link shows it, in either language (period.*_fmt), or as its first day
    "month": (r"(\d{4})年(\d{1,2})月", r"(\d{4})-(\d{1,2})"),
    "quarter": (r"(\d{4})年第([1-4])季度", r"(\d{4}) ?Q([1-4])"),
    "year": (r"(\d{4})年", r"(\d{4})"),
}


def parse_anchor(kind: str, raw: str) -> str | None:
    """The first day (ISO) of the period a link names: 2019年3月, 2019-03, 2019-03-01, 2019 Q1, 2019年."""
    text = str(raw).strip()
    try:
        d = dt.date.fromisoformat(text)
        return d.isoformat() if periods.period_start(kind, d) == d else None
    except ValueError:
        pass
    for form in _ANCHOR_FORMS.get(kind, ()):
        m = re.fullmatch(form, text)
        if m:
            y = int(m.group(1))
            n = int(m.group(2)) if m.lastindex and m.lastindex > 1 else 1
            month = {"month": n, "quarter": 3 * (n - 1) + 1, "year": 1}[kind]
            if 1 <= month <= 12 and 1900 < y < 2200:
                return dt.date(y, month, 1).isoformat()
    return None


def _linked_anchor(kind: str, key: str) -> str | None:
    """A link's period (?at_month=2019年3月) when it names one, whether or not the data reaches it."""
    found = [a for a in (parse_anchor(kind, raw) for raw in st.query_params.get_all(key)) if a]
    return found[-1] if found else None


def _anchor_options(kind: str, first: dt.date, last: dt.date) -> list[str]:
    out, d = [], periods.period_start(kind, last)
    while d >= periods.period_start(kind, first):
        out.append(d.isoformat())
        months = {"month": 1, "quarter": 3, "year": 12}[kind]
        d = periods._add_months(d, -months)
    return out


def _anchor_label(kind: str, iso: str, tr=tr) -> str:
    d = dt.date.fromisoformat(iso)
    if kind == "month":
        return tr("period.month_fmt", y=d.year, m=d.month)
    if kind == "quarter":
        return tr("period.quarter_fmt", y=d.year, q=(d.month - 1) // 3 + 1)
    return tr("period.year_fmt", y=d.year)


def _pick(label: str, options: list[str], names: dict[str, str], key: str, fixed: str | None = None) -> str:
    """A selectbox over `options` (ALL first) that drops a stale value before rendering; `fixed`: the
    one value the user's scope allows at this level, shown but not changeable."""
    if fixed:
        st.session_state[key] = fixed  # whatever the link said
        return st.sidebar.selectbox(
            label, [fixed], key=key, bind="query-params", disabled=True, format_func=lambda c: names.get(c, c)
        )
    opts = [ALL] + options
    if key in st.session_state and st.session_state[key] not in opts:
        st.session_state[key] = ALL  # e.g. a street of the district the user just left
    return st.sidebar.selectbox(
        label,
        opts,
        key=key,
        bind="query-params",
        format_func=in_language(lambda c, tr: tr("filter.all") if c == ALL else names.get(c, c)),
    )


def of(kind: str, window: periods.Window, as_of: dt.datetime, scope: Scope, **rest) -> Filters:
    """The filters for `window` of the period `kind`, with its comparisons' windows."""
    return Filters(
        kind=kind,
        window=window,
        previous=periods.primary(kind, window).window,  # the window a single comparison uses
        year_ago=periods.year_ago(window, kind),
        as_of=as_of,
        scope=scope,
        **rest,
    )


def latest(kind: str, as_of: dt.datetime, scope: Scope) -> Filters:
    """What the bar shows a user of `scope` who picks `kind` (month, quarter or year) and nothing else:
    the latest such period, the scope's own region and centre."""
    today = as_of.date()
    window = periods.window(kind, periods.period_start(kind, today), today)
    return of(kind, window, as_of, scope, region=scope.region, centre_id=scope.centre_id)


def render() -> Filters:
    """Draw the filter bar in the sidebar and remember the result for the page."""
    cfg = config.app()
    scope = session.scope()
    if scope is None:
        raise RuntimeError("the filter bar needs a signed-in user (dashboard.py signs in first)")
    warmup.note_scope(scope)  # its default views are computed after each import
    as_of, oldest = _as_of()
    today = as_of.date()
    regions = data.query("common/regions")
    centres = data.query("common/centres")
    names = dict(zip(regions["code"], regions["name"]))
    sb = st.sidebar

    kinds = list(periods.KINDS)
    kind = (
        sb.segmented_control(
            tr("filter.period"),
            kinds,
            key="period",
            bind="query-params",
            default=default_for("period", cfg.default_period),
            format_func=in_language(lambda k, tr: tr(f"period.{k}")),
            required=True,
        )
        or cfg.default_period
    )
    first_day = min(oldest or today, today)  # windows reach back to the earliest record
    if kind == "custom":
        default = (periods.period_start("month", today), today)
        linked = _linked_dates("dates")  # a shared link's dates stay, even outside the data
        raw = sb.date_input(
            tr("filter.dates"),
            value=default,
            min_value=min([first_day] + linked),
            max_value=max([today] + linked),
            key="dates",
            bind="query-params",
        )
        start, end = (tuple(raw) + (None, None))[:2] if isinstance(raw, (tuple, list)) else (raw, None)
        start = start or default[0]
        end = end or start
        window = periods.window("custom", start, today, custom_end=end)
    else:
        opts = _anchor_options(kind, first_day, today)
        key = f"at_{kind}"
        linked_anchor = _linked_anchor(kind, key)
        if linked_anchor and linked_anchor not in opts:  # a shared link's period stays, even outside the data
            opts = sorted(opts + [linked_anchor], reverse=True)
        if key in st.session_state and st.session_state[key] not in opts:
            st.session_state[key] = opts[0]
        anchor = sb.selectbox(
            tr(f"filter.which_{kind}"),
            opts,
            key=key,
            bind="query-params",
            format_func=in_language(lambda v, tr: _anchor_label(kind, v, tr)),
        )
        window = periods.window(kind, dt.date.fromisoformat(anchor), today)
    outside = oldest is not None and (window.end <= oldest or window.start > today)
    if outside:
        st.warning(
            tr("filter.outside_range", window=window.text(), first=f"{oldest:%Y-%m-%d}", last=f"{today:%Y-%m-%d}")
        )

    def fixed(digits: int) -> str | None:  # the level is set by the scope
        return scope.region[:digits] if len(scope.region) >= digits else None

    districts = regions.loc[regions["level"] == "district", "code"].tolist()
    district = _pick(tr("filter.district"), districts, names, "district", fixed(6))
    region = district
    street = community = ALL
    if district:
        streets = regions.loc[(regions["level"] == "street") & (regions["parent_code"] == district), "code"].tolist()
        street = _pick(tr("filter.street"), streets, names, "street", fixed(9))
        region = street or district
    if street:
        comms = regions.loc[(regions["level"] == "community") & (regions["parent_code"] == street), "code"].tolist()
        community = _pick(tr("filter.community"), comms, names, "community", fixed(12))
        region = community or street
    region, _ = scope.clamp(region, None)
    centres = centres[centres["community_code"].str.startswith(scope.region)]
    if scope.centre_id:
        centres = centres[centres["centre_id"] == scope.centre_id]
    in_region = centres[centres["community_code"].str.startswith(region)]
    types = sorted(centres["type"].dropna().unique().tolist())
    ctype = _pick(tr("filter.centre_type"), types, {t: codes.label("centre_type", t, lang()) for t in types}, "ctype")
    batches = sorted(centres["pilot_batch"].dropna().unique().tolist())
    batch = _pick(tr("filter.pilot_batch"), batches, {b: b for b in batches}, "batch")
    pool = in_region
    if ctype:
        pool = pool[pool["type"] == ctype]
    if batch:
        pool = pool[pool["pilot_batch"] == batch]
    centre = _pick(
        tr("filter.centre"),
        pool["centre_id"].tolist(),
        dict(zip(pool["centre_id"], pool["name"])),
        "centre",
        scope.centre_id,
    )

    region_name = names.get(region, tr("filter.all_regions")) if region else tr("filter.all_regions")
    if centre:
        region_name += " · " + dict(zip(centres["centre_id"], centres["name"])).get(centre, centre)
    result = of(
        kind,
        window,
        as_of,
        scope,
        region=region,
        region_name=region_name,
        centre_id=centre or None,
        centre_type=ctype or None,
        pilot_batch=batch or None,
        outside=outside,
    )
    st.session_state[STATE_KEY] = result
    return result


def mark_running_month(fig):
    """`fig` with its last month ("2026-11" on a category axis) marked "截至11月20日" when the chosen
    window cuts that month short (grassroots.charts.base.mark_running_month); unchanged otherwise."""
    from grassroots import charts

    found = st.session_state.get(STATE_KEY)
    if found is None:
        return fig
    from grassroots.views import overview

    last = overview.series_end(found.window, found.as_of) - dt.timedelta(days=1)
    return charts.base.mark_running_month(fig, f"{last:%Y-%m}", found.trend_partial())


def current() -> Filters:
    """The filters dashboard.py rendered for this run (never without a signed-in user)."""
    found = st.session_state.get(STATE_KEY)
    if found is None or session.user() is None:
        raise RuntimeError("the filter bar has not been rendered (run the app through dashboard.py)")
    return found


def page(title_key: str, table: str | None = None) -> Filters:
    """The filters of this run, after the page's title and a caption naming the place and the period (and, for
    a page of one `table` of records, `behind_note`)."""
    f = current()
    st.title(tr(title_key))
    st.caption(f.describe())
    if table:
        behind_note(f, table)
    return f


def wholly_behind(f: Filters, table: str) -> bool:
    """True when the records of `table` are behind (behind_note) and end before the window's first day: none of
    the window's days is in them yet, and a card of the period would read 0 (stat_cards.row leaves them out)."""
    last = _behind(f, (table,)).get(table)
    return last is not None and f.window.start > last


def _behind(f: Filters, tables: tuple[str, ...]) -> dict[str, dt.date]:
    return freshness.tables_behind(data.query("common/data_as_of"), f.as_of.date(), f.window, tables)


def behind_note(f: Filters, *tables: str) -> None:
    """A warning for each of `tables` whose records end well before the data's "now" while the window reaches past
    their end (grassroots/views/freshness.py): the page would show those days as days with nothing done."""
    for table, last in _behind(f, tables).items():
        st.warning(
            tr(
                "asof.behind",
                table=tr(f"ingest.table.{table}"),
                last=f"{last:%Y-%m-%d}",
                as_of=f"{f.as_of:%Y-%m-%d}",
                after=f"{last + dt.timedelta(days=1):%Y-%m-%d}",
            )
        )


def this_and_previous(name: str, f: Filters, extra: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """The one-row summary queries/<name>.sql for the chosen period and for the period it is compared
    with; `extra`: the page's own parameters, the same for both."""
    now = data.query(name, {**f.params(), **(extra or {})}).iloc[0]
    before = data.query(name, {**f.params(f.previous), **(extra or {})}).iloc[0]
    return now, before
