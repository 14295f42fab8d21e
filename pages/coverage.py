"""试点覆盖 Coverage: where the pilots are, whom they reach, and where the next one should go."""

import datetime as dt
import html

import pandas as pd
import streamlit as st

from grassroots import charts_coverage, config, markup
from grassroots.geo import coverage, maps
from grassroots.metrics import catalogue, hotspots, targets
from grassroots.ui import data, downloads, filters, links, widgets
from grassroots.ui.text import in_language, lang, tr

f = filters.current()
cfg = config.app()
radius = cfg.service_radius_m
FAR_M = 10_000
MAP_HEIGHT_PX = 560
MAP_WIDTH_PX = 640  # the map's column at a 1366-pixel-wide screen; a narrower screen sees a little less
st.title(tr("coverage.title"))
st.caption(f.describe())

comms = data.query("coverage/communities", f.params())
if comms.empty:
    st.info(tr("coverage.no_communities"))
    st.stop()

# --- the day the map shows: the period's end, or an earlier month end on the rollout slider ---------
period_end = min(f.window.end - dt.timedelta(days=1), f.as_of.date())
rollout = data.query("coverage/rollout_monthly", f.params())
first = pd.Timestamp(rollout["month"].min()).date() if len(rollout) else period_end
days = []
m = min(first, f.window.start, period_end).replace(day=1)  # the whole rollout, and the whole period
while m <= period_end:
    nxt = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    days.append(min(nxt - dt.timedelta(days=1), period_end).isoformat())
    m = nxt
if st.session_state.get("_coverage_month_for") != days[-1] or st.session_state.get("coverage_month") not in days:
    st.session_state["coverage_month"] = days[-1]  # a new period: start at its end
    st.session_state["_coverage_month_for"] = days[-1]
elif st.session_state.get("_coverage_month_lang") != lang():
    # The browser holds the slider's month by its label, which a language switch changes: without
    # being handed its month again in the new language, the slider would show the first month while
    # the map kept the chosen one.
    st.session_state["coverage_month"] = st.session_state["coverage_month"]
st.session_state["_coverage_month_lang"] = lang()
if len(days) > 1:
    on_iso = st.select_slider(
        tr("coverage.as_of"),
        days,
        key="coverage_month",
        help=tr("coverage.as_of_help"),
        format_func=in_language(lambda d, tr: tr("coverage.month_fmt", y=int(d[:4]), m=int(d[5:7]))),
    )
else:
    on_iso = days[-1]
on = dt.date.fromisoformat(on_iso)

centres = data.query("coverage/centres", {**f.params(), "on": on, "radius_m": radius})
placed = centres[centres["lon"].notna() & centres["lat"].notna()]
operating = placed[placed["operating"]]
bounds = data.query("coverage/boundaries", f.params())

# --- coverage, and where next (cached: a layer switch or a tooltip language does not recompute it) --
st.session_state.setdefault("coverage_k", 5)
with st.spinner(tr("coverage.next_running")):
    result = st.cache_data(show_spinner=False, max_entries=64, ttl=cfg.cache_ttl_seconds)(coverage.analyse)(
        comms,
        operating[["lon", "lat", "community_code", "programme_id"]].reset_index(drop=True),
        radius,
        bounds.loc[bounds["level"] == "community", ["code", "geojson"]].reset_index(drop=True),
        int(st.session_state["coverage_k"]),
        FAR_M,
    )
cov, total, sites = result.communities, result.totals, result.sites
# the map shows the region's centres and, from outside it, the operating ones whose circle reaches in
reaching = set(operating["centre_id"].to_numpy()[result.serving])
shown = placed[placed["in_region"] | placed["centre_id"].isin(reaching)]
operating_here = operating[operating["in_region"]]
in_the_works = set(centres.loc[centres["status_on"].isin(["在建", "规划"]), "community_code"])
sites["planned"] = sites["code"].isin(in_the_works)

# --- map controls --------------------------------------------------------------------------------------
layers_on = (
    st.pills(
        tr("coverage.layers"),
        maps.LAYERS,
        selection_mode="multi",
        default=list(maps.DEFAULT_LAYERS),
        format_func=in_language(lambda k, tr: tr(f"coverage.layer.{k}")),
        key="coverage_layers",
    )
    or []
)
c_colour, c_size, c_density, c_hex, c_fit = st.columns([1.1, 1.1, 1.5, 0.9, 1.1], vertical_alignment="bottom")
colour_by = c_colour.selectbox(
    tr("coverage.colour_by"),
    maps.COLOUR_BY,
    key="coverage_colour",
    format_func=in_language(lambda k, tr: tr(f"coverage.colour.{k}")),
)
size_by = c_size.selectbox(
    tr("coverage.size_by"),
    maps.SIZE_METRICS,
    key="coverage_size",
    format_func=in_language(lambda k, tr: tr(f"coverage.size.{k}")),
)
density_off = "density" not in layers_on
density_of = c_density.selectbox(
    tr("coverage.density_of"),
    ["tickets", "services"],
    key="coverage_density_of",
    format_func=in_language(lambda k, tr: tr(f"coverage.density.{k}")),
    disabled=density_off,
)
hex_m = c_hex.selectbox(
    tr("coverage.hex_size"),
    [250, 500, 1000, 2000],
    index=1,
    key="coverage_hex_m",
    format_func=in_language(lambda v, tr: tr("coverage.hex_fmt", m=f"{v:,}")),
    disabled=density_off,
)
refit = c_fit.button(tr("coverage.fit"), key="coverage_fit", width="stretch")
base_map = st.toggle(tr("coverage.base_map"), value=False, key="coverage_base_map", help=tr("coverage.base_map_help"))
density, lat0 = None, 0.0
if not density_off:
    lats = pd.to_numeric(comms["lat"], errors="coerce")
    lat0 = float(round(lats.median())) if lats.notna().any() else 0.0  # whole degrees: a stable grid
    hexes = {"tickets": "coverage/ticket_hexes", "services": "coverage/service_hexes"}[density_of]
    density = data.query(hexes, {**f.params(), "hex_m": float(hex_m), "lat0": lat0})

# The map keeps its position while filters, the slider and layers change; it moves to a region when
# the region filter changes or on request.
fit_n = st.session_state.get("_coverage_fit_n", 0) + (1 if refit else 0)
st.session_state["_coverage_fit_n"] = fit_n
stored = st.session_state.get("_coverage_view")
if stored is None or stored["region"] != f.region or refit:
    lons = pd.concat([comms["lon"], centres.loc[centres["in_region"], "lon"], bounds["min_lon"], bounds["max_lon"]])
    lats = pd.concat([comms["lat"], centres.loc[centres["in_region"], "lat"], bounds["min_lat"], bounds["max_lat"]])
    if comms["lon"].notna().any():  # boundaries of the enclosing district would zoom too far out
        lons = pd.concat([comms["lon"], centres.loc[centres["in_region"], "lon"]])
        lats = pd.concat([comms["lat"], centres.loc[centres["in_region"], "lat"]])
    stored = {"region": f.region, "view": maps.fit_view(lons, lats, width_px=MAP_WIDTH_PX, height_px=MAP_HEIGHT_PX)}
    st.session_state["_coverage_view"] = stored

wgs84 = bool(base_map)
layers = []
if "boundaries" in layers_on:
    layers += maps.boundary_layers(bounds, tr, wgs84)
if density is not None:
    layers.append(
        maps.density_layer(density, float(hex_m), float(lat0), tr(f"coverage.density.{density_of}"), tr, wgs84)
    )
if "communities" in layers_on:
    layers += maps.community_layers(cov, bounds, tr, FAR_M, wgs84)
if "circles" in layers_on:
    layers.append(maps.circle_layer(shown[shown["operating"]], radius, wgs84))
if "centres" in layers_on:
    layers.append(maps.centre_layer(shown, tr, colour_by, size_by, wgs84))
if "suggestions" in layers_on:
    layers += maps.suggestion_layers(sites, radius, tr, wgs84)
hot = hotspots.hot_frame(data.query, f.params(), with_keywords=False) if "hotspots" in layers_on else None
if hot is not None:
    layers.append(maps.hotspot_layer(hot, tr, wgs84))

left, right = st.columns([3, 1])
with left:
    clicked = st.pydeck_chart(
        maps.deck(layers, stored["view"], base_map),
        height=MAP_HEIGHT_PX,
        key=f"coverage_map_{fit_n}",
        alt=tr("coverage.map_alt"),
        on_select="rerun",
        selection_mode="single-object",
    )
    links.open_centre(maps.picked_centre(clicked))  # a centre clicked on the map: its profile
    if "centres" in layers_on:
        st.caption(tr("coverage.click_centre"))
    items = maps.legend(layers_on, colour_by, shown, radius, tr)
    if items:
        st.html(
            '<div style="font-size:0.85rem;line-height:1.8">'
            + " ".join(
                f'<span style="white-space:nowrap;margin-right:1em"><span style="display:inline-block;width:0.8em;'
                f'height:0.8em;border-radius:50%;background:rgb{tuple(c)};vertical-align:middle;margin-right:0.3em">'
                f"</span>{html.escape(label)}</span>"
                for label, c in items
            )
            + "</div>"
        )
with right:
    r_txt = f"{radius:,.0f}"
    st.metric(tr("coverage.kpi.centres"), f"{len(operating_here):,}", help=tr("coverage.kpi.centres_help"), border=True)
    st.metric(
        tr("coverage.kpi.pilot_share"),
        f"{total['pilot_share']:.1%}",
        border=True,
        delta=tr("coverage.kpi.of", a=total["with_pilot"], b=total["communities"]),
        delta_color="off",
        delta_arrow="off",
        help=catalogue.get("pilot_coverage").help(),
    )
    st.metric(
        tr("coverage.kpi.centre_share"),
        f"{total['centre_share']:.1%}",
        border=True,
        delta=tr("coverage.kpi.of", a=total["with_centre"], b=total["communities"]),
        delta_color="off",
        delta_arrow="off",
        help=catalogue.get("operating_coverage").help(),
    )
    st.metric(
        tr("coverage.kpi.community_share"),
        f"{total['community_share']:.1%}",
        border=True,
        delta=tr("coverage.kpi.of", a=total["covered"], b=total["communities"]),
        delta_color="off",
        delta_arrow="off",
        help=tr("coverage.kpi.community_share_help", r=r_txt),
    )
    share = total["resident_share"]
    st.metric(
        tr("coverage.kpi.resident_share"),
        "—" if share is None else f"{share:.1%}",
        border=True,
        delta=tr("coverage.kpi.of", a=f"{total['residents_covered']:,.0f}", b=f"{total['residents']:,.0f}"),
        delta_color="off",
        delta_arrow="off",
        help=tr("coverage.kpi.resident_share_help", r=r_txt),
    )

notes = []
lost = cov[~cov["located"]]
if len(lost):
    notes.append(
        tr("coverage.no_location", n=len(lost), residents=f"{pd.to_numeric(lost['residents']).fillna(0).sum():,.0f}")
    )
undated = centres["undated"] & centres["in_region"]
if undated.any():
    notes.append(tr("coverage.undated", n=int(undated.sum())))
if len(centres) > len(placed):
    notes.append(tr("coverage.unplaced_centres", n=len(centres) - len(placed)))
if density is not None and len(density):
    n_placed = int(density["n_placed" if density_of == "tickets" else "n_at_centre"].sum())
    if n_placed:
        notes.append(tr("coverage.density_note", n=f"{n_placed:,}"))
if hot is not None:
    notes.append(tr("coverage.hotspots_note", n=len(hot)))
for note in notes:
    st.caption(note)

# --- the numbers behind the map ---------------------------------------------------------------------
pct = st.column_config.NumberColumn(format="percent")
tab_streets, tab_uncovered, tab_rollout, tab_next = st.tabs(
    [tr("coverage.tab.streets"), tr("coverage.tab.uncovered"), tr("coverage.tab.rollout"), tr("coverage.tab.next")]
)

with tab_streets:
    st.caption(tr("coverage.streets_help"))
    streets = coverage.by_street(cov)
    view = pd.DataFrame(
        {
            tr("coverage.col.street"): streets["street"],
            tr("coverage.col.communities"): streets["communities"],
            tr("coverage.col.with_pilot"): streets["with_pilot"],
            tr("coverage.col.pilot_share"): streets["pilot_share"],
            tr("coverage.col.with_centre"): streets["with_centre"],
            tr("coverage.col.centre_share"): streets["centre_share"],
            tr("coverage.col.covered"): streets["covered"],
            tr("coverage.col.community_share"): streets["community_share"],
            tr("coverage.col.residents"): streets["residents"].round(0),
            tr("coverage.col.residents_covered"): streets["residents_covered"].round(0),
            tr("coverage.col.resident_share"): streets["resident_share"],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        key="coverage_streets_table",
        column_config={
            tr("coverage.col.pilot_share"): pct,
            tr("coverage.col.centre_share"): pct,
            tr("coverage.col.community_share"): pct,
            tr("coverage.col.resident_share"): pct,
        },
    )
    downloads.buttons(view, "coverage_by_street", key="coverage_streets")

with tab_uncovered:
    st.caption(tr("coverage.uncovered_help"))
    gaps = coverage.uncovered(cov)
    if gaps.empty:
        st.success(tr("coverage.all_covered"))
    else:
        view = pd.DataFrame(
            {
                tr("coverage.col.community"): gaps["name"],
                tr("coverage.col.street"): gaps["street"],
                tr("coverage.col.residents"): gaps["residents"],
                tr("coverage.col.uncovered_residents"): gaps["uncovered_residents"].round(0),
                tr("coverage.col.nearest_km"): (gaps["nearest_m"] / 1000).where(gaps["nearest_m"] < FAR_M).round(2),
                tr("coverage.col.planned"): gaps["code"].isin(in_the_works),
                tr("coverage.col.code"): gaps["code"],
            }
        )
        st.dataframe(
            view,
            hide_index=True,
            key="coverage_uncovered_table",
            column_config={tr("coverage.col.nearest_km"): st.column_config.NumberColumn(format="%.2f")},
        )
        downloads.buttons(view, "coverage_uncovered", key="coverage_uncovered")

with tab_rollout:
    progress = data.query("overview/programme_progress", f.params())
    monthly = data.query("coverage/programme_monthly", f.params())
    if monthly.empty:
        st.info(tr("coverage.no_programmes"))
    else:
        names = dict(zip(monthly["programme_id"], monthly["programme"]))
        pid = st.selectbox(
            tr("coverage.rollout_programme"), list(names), format_func=names.get, key="coverage_programme"
        )
        st.caption(tr("coverage.rollout_help"))
        of_pid = progress[progress["programme_id"] == pid]
        judged = of_pid[pd.Series([targets.judged(r) for r in of_pid.itertuples()], index=of_pid.index, dtype=bool)]
        st.plotly_chart(
            markup.plain_figure(charts_coverage.programme_rollout(monthly[monthly["programme_id"] == pid], judged, tr)),
            key="coverage_programme_chart",
        )
        mine = progress[progress["programme_id"] == pid].reset_index(drop=True)
        if len(mine):
            st.markdown(
                f"**{tr('coverage.rollout_targets')}**", help=tr("overview.light_help", gap=f"{cfg.yellow_gap:.0%}")
            )
            widgets.programme_table(mine, targets.lights(mine, f.as_of.date(), cfg.yellow_gap))
    st.markdown(f"**{tr('coverage.rollout_streets')}**", help=tr("coverage.rollout_streets_help"))
    if rollout.empty:
        st.info(tr("coverage.no_rollout"))
    else:
        st.plotly_chart(markup.plain_figure(charts_coverage.street_heatmap(rollout, tr)), key="coverage_street_heatmap")

with tab_next:
    st.number_input(
        tr("coverage.next_k"), min_value=1, max_value=50, step=1, key="coverage_k", help=tr("coverage.next_help")
    )
    if sites.empty:
        st.info(tr("coverage.next_none"))
    else:
        if len(sites) < int(st.session_state["coverage_k"]):
            st.caption(tr("coverage.next_fewer", n=len(sites)))
        st.markdown(
            tr(
                "coverage.next_total",
                n=len(sites),
                before=f"{total['residents_covered']:,.0f}",
                after=f"{sites['cumulative'].iloc[-1]:,.0f}",
            )
        )
        view = pd.DataFrame(
            {
                tr("coverage.col.pick"): sites["pick"],
                tr("coverage.col.community"): sites["name"],
                tr("coverage.col.street"): sites["street"],
                tr("coverage.col.gain"): sites["gain"].round(0),
                tr("coverage.col.communities_covered"): sites["communities_covered"],
                tr("coverage.col.cumulative"): sites["cumulative"].round(0),
                tr("coverage.col.cumulative_share"): sites["cumulative_share"],
                tr("coverage.col.planned"): sites["planned"],
                tr("coverage.col.code"): sites["code"],
            }
        )
        st.dataframe(
            view, hide_index=True, key="coverage_next_table", column_config={tr("coverage.col.cumulative_share"): pct}
        )
        downloads.buttons(view, "coverage_where_next", key="coverage_next")
