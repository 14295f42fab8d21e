"""The coverage page's map: its controls (layers, colour, size, density, hexagon size, fit, base map),
its layers and legend; beside it, the coverage cards."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from grassroots import config
from grassroots.geo import maps
from grassroots.metrics import hotspots
from grassroots.ui import data, links, stat_cards
from grassroots.ui.filters import Filters
from grassroots.ui.text import default_for, in_language, tr
from grassroots.views import coverage as view

MAP_HEIGHT_PX = 560
MAP_WIDTH_PX = 640  # the map's column at a 1366-pixel-wide screen; a narrower screen sees a little less
HEX_SIZES = [250, 500, 1000, 2000]


@dataclass
class Controls:
    layers: list
    colour_by: str
    size_by: str
    density_of: str
    hex_m: int
    refit: bool
    base_map: bool


def controls() -> Controls:
    layers_on = (
        st.pills(
            tr("coverage.layers"),
            maps.LAYERS,
            selection_mode="multi",
            default=default_for("coverage_layers", list(maps.DEFAULT_LAYERS)),
            format_func=in_language(lambda k, tr: tr(f"coverage.layer.{k}")),
            key="coverage_layers",
        )
        or []
    )
    c_colour, c_size, c_density, c_hex, c_fit = st.columns([1.1, 1.1, 1.5, 0.9, 1.1], vertical_alignment="bottom")

    def choose(col, word: str, options, key: str, **kw):
        fmt = in_language(lambda k, tr: tr(f"coverage.{word}.{k}"))
        return col.selectbox(tr(f"coverage.{word}_by"), options, key=key, format_func=fmt, **kw)

    colour_by = choose(c_colour, "colour", maps.COLOUR_BY, "coverage_colour")
    size_by = choose(c_size, "size", maps.SIZE_METRICS, "coverage_size")
    off = "density" not in layers_on
    density_of = c_density.selectbox(
        tr("coverage.density_of"),
        ["tickets", "services"],
        key="coverage_density_of",
        format_func=in_language(lambda k, tr: tr(f"coverage.density.{k}")),
        disabled=off,
    )
    hex_m = c_hex.selectbox(
        tr("coverage.hex_size"),
        HEX_SIZES,
        index=1,
        key="coverage_hex_m",
        format_func=in_language(lambda v, tr: tr("coverage.hex_fmt", m=f"{v:,}")),
        disabled=off,
    )
    refit = c_fit.button(tr("coverage.fit"), key="coverage_fit", width="stretch")
    base = st.toggle(tr("coverage.base_map"), value=False, key="coverage_base_map", help=tr("coverage.base_map_help"))
    return Controls(layers_on, colour_by, size_by, density_of, hex_m, refit, bool(base))


def density(f: Filters, comms: pd.DataFrame, c: Controls) -> tuple[pd.DataFrame | None, float]:
    """The density layer's hexagons (None when the layer is off) and the grid's latitude."""
    if "density" not in c.layers:
        return None, 0.0
    lats = pd.to_numeric(comms["lat"], errors="coerce")
    lat0 = float(round(lats.median())) if lats.notna().any() else 0.0  # whole degrees: a stable grid
    hexes = {"tickets": "coverage/ticket_hexes", "services": "coverage/service_hexes"}[c.density_of]
    return data.query(hexes, {**f.params(), "hex_m": float(c.hex_m), "lat0": lat0}), lat0


def view_state(f: Filters, cv: view.Coverage, refit: bool) -> tuple[dict, int]:
    """The map keeps its position while filters, the slider and layers change; it moves to a region when
    the region filter changes or on request."""
    fit_n = st.session_state.get("_coverage_fit_n", 0) + (1 if refit else 0)
    st.session_state["_coverage_fit_n"] = fit_n
    stored = st.session_state.get("_coverage_view")
    if stored is None or stored["region"] != f.region or refit:
        lons, lats = cv.fit_points()
        stored = {"region": f.region, "view": maps.fit_view(lons, lats, width_px=MAP_WIDTH_PX, height_px=MAP_HEIGHT_PX)}
        st.session_state["_coverage_view"] = stored
    return stored["view"], fit_n


def layers(f: Filters, cv: view.Coverage, sites, c: Controls, dens, lat0: float):
    """The map's layers in drawing order, and the hot spots when that layer is on (else None)."""
    radius, wgs84, shown, on = config.app().service_radius_m, c.base_map, cv.shown, c.layers
    out = maps.boundary_layers(cv.bounds, tr, wgs84) if "boundaries" in on else []
    if dens is not None:
        out.append(
            maps.density_layer(dens, float(c.hex_m), float(lat0), tr(f"coverage.density.{c.density_of}"), tr, wgs84)
        )
    if "communities" in on:
        out += maps.community_layers(cv.result.communities, cv.bounds, tr, view.FAR_M, wgs84)
    if "circles" in on:
        out.append(maps.circle_layer(shown[shown["operating"]], radius, wgs84))
    if "centres" in on:
        out.append(maps.centre_layer(shown, tr, c.colour_by, c.size_by, wgs84))
    if "suggestions" in on:
        out += maps.suggestion_layers(sites, radius, tr, wgs84)
    hot = hotspots.hot_frame(data.query, f.params(), with_keywords=False) if "hotspots" in on else None
    if hot is not None:
        out.append(maps.hotspot_layer(hot, tr, wgs84))
    return out, hot


def legend_html(items) -> str:
    dot = "display:inline-block;width:0.8em;height:0.8em;border-radius:50%;vertical-align:middle;margin-right:0.3em"
    spans = (
        f'<span style="white-space:nowrap;margin-right:1em"><span style="{dot};background:rgb{tuple(c)}">'
        f"</span>{html.escape(label)}</span>"
        for label, c in items
    )
    return '<div style="font-size:0.85rem;line-height:1.8">' + " ".join(spans) + "</div>"


def render(f: Filters, cv: view.Coverage, sites: pd.DataFrame) -> list[str]:
    """The controls, the map with its legend and the cards beside it; returns the notes under the map."""
    c = controls()
    dens, lat0 = density(f, cv.comms, c)
    start, fit_n = view_state(f, cv, c.refit)
    drawn, hot = layers(f, cv, sites, c, dens, lat0)
    left, right = st.columns([3, 1])
    with left:
        clicked = st.pydeck_chart(
            maps.deck(drawn, start, c.base_map),
            height=MAP_HEIGHT_PX,
            key=f"coverage_map_{fit_n}",
            alt=tr("coverage.map_alt"),
            on_select="rerun",
            selection_mode="single-object",
        )
        links.open_centre(maps.picked_centre(clicked))  # a centre clicked on the map: its profile
        if "centres" in c.layers:
            st.caption(tr("coverage.click_centre"))
        items = maps.legend(c.layers, c.colour_by, cv.shown, config.app().service_radius_m, tr)
        if items:
            st.html(legend_html(items))
    with right:
        radius = config.app().service_radius_m
        for card in view.cards(cv.result.totals, len(cv.operating_here), radius, tr):
            stat_cards.draw(card)
    return view.notes(cv, dens, c.density_of, hot, tr)
