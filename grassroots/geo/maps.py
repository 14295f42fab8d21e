"""Map builders: frames in, pydeck layers and a Deck out. No Streamlit, no database.

Offline first: the base map is a blank style the app serves itself (static/blank_style.json), so
drawing the map requests nothing from outside the machine; the boundaries give the picture. A WGS-84
base map from the internet is an explicit option, and then every coordinate is converted from the
database's GCJ-02 to WGS-84 to sit on it.

Tooltips: every pickable object carries a `tip` text in the interface language (the Deck's tooltip
shows "{tip}"); builders take `tr(key, **fmt) -> str` for their words.

pydeck reads a bare string argument as a JavaScript expression ("colour" -> each object's colour);
a literal string is quoted: radius_units="'pixels'".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from grassroots.geo import crs
from grassroots.geo.coverage import EARTH_RADIUS_M

BLANK_STYLE = "/app/static/blank_style.json"
ONLINE_STYLE = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"  # WGS-84 tiles, internet
LAYERS = ("boundaries", "centres", "circles", "communities", "density", "suggestions", "hotspots")
DEFAULT_LAYERS = ("boundaries", "centres", "circles", "communities")
SIZE_METRICS = ("none", "services", "activities", "visits", "floor_area_m2", "staff")
COLOUR_BY = ("status", "pilot_batch")

STATUS_COLOURS = {"运行": (31, 119, 180), "在建": (255, 127, 14), "规划": (148, 103, 189)}
BATCH_PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (188, 189, 34),
    (23, 190, 207),
    (127, 127, 127),
)
NO_BATCH = (150, 150, 150)
COVERED = (26, 152, 80)
UNCOVERED = (215, 48, 39)
CIRCLE = (31, 119, 180)
SUGGESTION = (255, 196, 0)
HOTSPOT = (230, 0, 126)
LEVEL_STYLE = {  # line colour, line width in pixels
    "district": ((55, 55, 55), 2.5),
    "street": ((95, 95, 95), 1.5),
    "community": ((130, 130, 130), 1.0),
    "grid": ((170, 170, 170), 0.5),
}
DENSITY_RAMP = ((255, 255, 204), (254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
TOOLTIP_STYLE = {
    "fontSize": "12px",
    "fontFamily": "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    "backgroundColor": "rgba(33, 33, 33, 0.92)",
    "color": "white",
    "whiteSpace": "pre-line",
    "maxWidth": "320px",
}

Tr = Callable[..., str]
WORLD_PX = 512


# --- view -----------------------------------------------------------------------------------------


def fit_view(lon: Iterable[float], lat: Iterable[float], width_px: int = 900, height_px: int = 560) -> dict:
    """A view state (longitude, latitude, zoom) that shows every given point, with a margin."""
    xs = np.asarray(list(lon), dtype=float)
    ys = np.asarray(list(lat), dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return {"longitude": 104.0, "latitude": 35.0, "zoom": 3.2, "pitch": 0, "bearing": 0}
    xs, ys = xs[ok], ys[ok]
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()

    def merc(y):
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, y))) / 2))

    span_x = max(x1 - x0, 1e-4)
    span_y = max(merc(y1) - merc(y0), 1e-6)
    # deck.gl's web-mercator world is 512 pixels wide at zoom 0
    zoom_x = math.log2(width_px * 360.0 / (WORLD_PX * span_x))
    zoom_y = math.log2(height_px * 2 * math.pi / (WORLD_PX * span_y))
    zoom = max(2.5, min(15.0, min(zoom_x, zoom_y) - 0.35))
    return {
        "longitude": round(float((x0 + x1) / 2), 6),
        "latitude": round(float((y0 + y1) / 2), 6),
        "zoom": round(zoom, 2),
        "pitch": 0,
        "bearing": 0,
    }


# --- coordinates for display ----------------------------------------------------------------------


def _display_xy(lon, lat, wgs84: bool) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if wgs84 and len(lon):
        lon, lat = crs.gcj02_to_wgs84(lon, lat)
    return np.round(lon, 6), np.round(lat, 6)


def _geometry_to_wgs84(geom: dict) -> dict:
    def ring(r):
        a = np.asarray(r, dtype=float)
        x, y = crs.gcj02_to_wgs84(a[:, 0], a[:, 1])
        return np.round(np.column_stack([x, y]), 6).tolist()

    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geom["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in geom["coordinates"]]}


def hex_centres(q, r, size_m: float, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres (lon, lat) of the hexagonal cells (q, r) of circumradius size_m that the database's
    hex_cell macro bins into, on its plane x = R cos(lat0) lon, y = R lat (pointy-top cells)."""
    q, r = np.asarray(q, dtype=float), np.asarray(r, dtype=float)
    x = size_m * math.sqrt(3) * (q + r / 2)
    y = size_m * 1.5 * r
    return (np.degrees(x / (EARTH_RADIUS_M * math.cos(math.radians(lat0)))), np.degrees(y / EARTH_RADIUS_M))


# --- helpers --------------------------------------------------------------------------------------


def _ints(values) -> list[str]:
    """Whole numbers with thousands separators; missing as a dash."""
    return [
        "—" if x != x else f"{x:,.0f}" for x in pd.to_numeric(pd.Series(values), errors="coerce").astype(float).tolist()
    ]


def _pcts(values) -> list[str]:
    return [
        "—" if x != x else f"{x:.0%}" for x in pd.to_numeric(pd.Series(values), errors="coerce").astype(float).tolist()
    ]


def _dates(values) -> list[str]:
    return pd.to_datetime(pd.Series(values), errors="coerce").dt.strftime("%Y-%m-%d").fillna("—").tolist()


def _texts(values, missing: str) -> list[str]:
    return [
        missing if x is None or x is pd.NA or (isinstance(x, float) and x != x) or x == "" else str(x)
        for x in pd.Series(values).tolist()
    ]


def radius_px(values, min_px: float = 4.0, max_px: float = 18.0) -> np.ndarray:
    """Pixel radii with area proportional to the value (largest value -> max_px)."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0).clip(min=0)
    top = v.max() if len(v) else 0.0
    if top <= 0:
        return np.full(len(v), (min_px + max_px) / 2)
    return min_px + (max_px - min_px) * np.sqrt(v / top)


def batch_colours(batches: Iterable) -> dict:
    """A stable colour per pilot batch (sorted names), grey for none."""
    names = sorted({str(b) for b in batches if b is not None and not pd.isna(b)})
    return {b: BATCH_PALETTE[i % len(BATCH_PALETTE)] for i, b in enumerate(names)}


def _rgba(rgb, a: int) -> list[int]:
    return [int(rgb[0]), int(rgb[1]), int(rgb[2]), int(a)]


def _plain(values: pd.Series) -> list:
    """A column as plain Python values, missing ones as None (JSON has no NaN)."""
    if values.dtype.kind == "f":
        arr = values.to_numpy(dtype=float)
        out = arr.tolist()
        return [None if x != x else x for x in out] if np.isnan(arr).any() else out
    if values.dtype.kind in "iub":
        return values.to_numpy().tolist()
    return [None if x is None or x is pd.NA or (isinstance(x, float) and x != x) else x for x in values.tolist()]


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe records: plain Python types, no NaN."""
    cols = {c: _plain(frame[c]) for c in frame.columns}
    return [dict(zip(cols, row)) for row in zip(*cols.values())]


# --- layers ---------------------------------------------------------------------------------------


def boundary_layers(
    bounds: pd.DataFrame, tr: Tr, wgs84: bool = False, levels: Sequence[str] = tuple(LEVEL_STYLE)
) -> list[pdk.Layer]:
    """One outline layer per level present (district lines thickest), with a tooltip on the area."""
    out: list[pdk.Layer] = []
    if bounds is None or bounds.empty:
        return out
    for level in levels:
        rows = bounds[bounds["level"] == level]
        if rows.empty:
            continue
        colour, width = LEVEL_STYLE[level]
        feats = []
        for b in rows.itertuples():
            geom = json.loads(b.geojson)
            if wgs84:
                geom = _geometry_to_wgs84(geom)
            area = "—" if b.area_m2 is None or b.area_m2 != b.area_m2 else f"{b.area_m2 / 1e6:,.1f}"
            tip = tr("coverage.tip.boundary", name=b.name, level=tr(f"coverage.level.{level}"), code=b.code, area=area)
            feats.append({"type": "Feature", "geometry": geom, "properties": {"code": b.code, "tip": tip}})
        out.append(
            pdk.Layer(
                "GeoJsonLayer",
                id=f"boundaries-{level}",
                data={"type": "FeatureCollection", "features": feats},
                stroked=True,
                filled=True,
                get_fill_color=_rgba(colour, 8),
                get_line_color=_rgba(colour, 230),
                line_width_units="'pixels'",
                get_line_width=width,
                line_width_min_pixels=width,
                pickable=True,
                auto_highlight=False,
            )
        )
    return out


def centre_layer(
    centres: pd.DataFrame, tr: Tr, colour_by: str = "status", size_by: str = "none", wgs84: bool = False
) -> pdk.Layer | None:
    """Centres as points: colour by status on the shown day (or pilot batch), area by a metric."""
    pts = centres[centres["lon"].notna() & centres["lat"].notna()]
    if pts.empty:
        return None
    lon, lat = _display_xy(pts["lon"], pts["lat"], wgs84)
    if colour_by == "pilot_batch":
        pal = batch_colours(pts["pilot_batch"])
        colours = [
            pal.get(str(b), NO_BATCH) if b is not None and not pd.isna(b) else NO_BATCH for b in pts["pilot_batch"]
        ]
    else:
        colours = [STATUS_COLOURS.get(s, NO_BATCH) for s in pts["status_on"]]
    size = radius_px(pts[size_by]) if size_by in pts.columns and size_by != "none" else np.full(len(pts), 7.0)
    metric = tr(f"coverage.size.{size_by}") if size_by != "none" else tr("coverage.size.services")
    value_col = size_by if size_by != "none" else "services"
    template, undated = tr("coverage.tip.centre"), "\n" + tr("coverage.tip.centre_undated")
    status = {s: tr(f"coverage.status.{s}") for s in STATUS_COLOURS}
    types = {t: tr(f"code.centre_type.{t}") for t in set(pts["type"].dropna())}
    types = {t: t if w == f"code.centre_type.{t}" else w for t, w in types.items()}
    communities = [
        c if c != "—" else code for c, code in zip(_texts(pts["community"], "—"), pts["community_code"].tolist())
    ]
    tips = [
        template.format(
            name=n,
            type=types.get(t, t),
            status=status.get(s, s),
            community=c,
            batch=b,
            opened=o,
            metric=metric,
            value=v,
        )
        + (undated if u else "")
        for n, t, s, c, b, o, v, u in zip(
            pts["name"].tolist(),
            pts["type"].tolist(),
            pts["status_on"].tolist(),
            communities,
            _texts(pts["pilot_batch"], tr("coverage.no_batch")),
            _dates(pts["opened_on"]),
            _ints(pts[value_col]),
            pts["undated"].tolist(),
        )
    ]
    data = pd.DataFrame(
        {
            "lon": lon,
            "lat": lat,
            "r": np.round(size, 1),
            "colour": [_rgba(c, 235) for c in colours],
            "tip": tips,
            "centre_id": pts["centre_id"].astype(str).to_numpy(),
        }
    )
    return pdk.Layer(
        "ScatterplotLayer",
        id="centres",
        data=_records(data),
        get_position=["lon", "lat"],
        get_radius="r",
        radius_units="'pixels'",
        get_fill_color="colour",
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_units="'pixels'",
        get_line_width=1.5,
        pickable=True,
        auto_highlight=True,
    )


def circle_layer(
    centres: pd.DataFrame, radius_m: float, wgs84: bool = False, layer_id: str = "circles", colour=CIRCLE
) -> pdk.Layer | None:
    """Service circles of radius_m around the given points (not pickable)."""
    pts = centres[centres["lon"].notna() & centres["lat"].notna()]
    if pts.empty:
        return None
    lon, lat = _display_xy(pts["lon"], pts["lat"], wgs84)
    data = pd.DataFrame({"lon": lon, "lat": lat})
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=_records(data),
        get_position=["lon", "lat"],
        get_radius=float(radius_m),
        radius_units="'meters'",
        get_fill_color=_rgba(colour, 38),
        get_line_color=_rgba(colour, 170),
        stroked=True,
        line_width_units="'pixels'",
        get_line_width=1.2,
        pickable=False,
    )


def community_tips(cov: pd.DataFrame, tr: Tr, far_m: float) -> list[str]:
    template, own = tr("coverage.tip.community"), "\n" + tr("coverage.tip.with_centre")
    far = tr("coverage.tip.far", km=f"{far_m / 1000:.0f}")
    nearest = [f"{m / 1000:.2f} km" if math.isfinite(m) else far for m in cov["nearest_m"].astype(float).tolist()]
    return [
        template.format(name=n, street=st, residents=r, share=sh, nearest=ne) + (own if w else "")
        for n, st, r, sh, ne, w in zip(
            cov["name"].tolist(),
            cov["street"].tolist(),
            _ints(cov["residents"]),
            _pcts(cov["covered_share"]),
            nearest,
            cov["with_centre"].tolist(),
        )
    ]


def community_layers(
    cov: pd.DataFrame, bounds: pd.DataFrame | None, tr: Tr, far_m: float, wgs84: bool = False
) -> list[pdk.Layer]:
    """Communities coloured covered / not covered: their polygons when imported, and their points
    (area by residents)."""
    out = []
    tips = community_tips(cov, tr, far_m)
    colour = {code: (COVERED if c else UNCOVERED) for code, c in zip(cov["code"], cov["covered"])}
    tip_of = dict(zip(cov["code"], tips))
    if bounds is not None and not bounds.empty:
        polys = bounds[(bounds["level"] == "community") & bounds["code"].isin(colour)]
        feats = []
        for b in polys.itertuples():
            geom = json.loads(b.geojson)
            if wgs84:
                geom = _geometry_to_wgs84(geom)
            feats.append(
                {
                    "type": "Feature",
                    "geometry": geom,
                    "properties": {"colour": _rgba(colour[b.code], 70), "tip": tip_of[b.code]},
                }
            )
        if feats:
            out.append(
                pdk.Layer(
                    "GeoJsonLayer",
                    id="community-areas",
                    data={"type": "FeatureCollection", "features": feats},
                    stroked=False,
                    filled=True,
                    get_fill_color="properties.colour",
                    pickable=True,
                )
            )
    located = cov["lon"].notna() & cov["lat"].notna()
    pts = cov[located]
    if len(pts):
        lon, lat = _display_xy(pts["lon"], pts["lat"], wgs84)
        data = pd.DataFrame(
            {
                "lon": lon,
                "lat": lat,
                "r": np.round(radius_px(pts["residents"], 3.0, 11.0), 1),
                "colour": [_rgba(COVERED if c else UNCOVERED, 215) for c in pts["covered"]],
                "tip": [t for t, ok in zip(tips, located) if ok],
            }
        )
        out.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="communities",
                data=_records(data),
                get_position=["lon", "lat"],
                get_radius="r",
                radius_units="'pixels'",
                get_fill_color="colour",
                get_line_color=[255, 255, 255, 230],
                stroked=True,
                line_width_units="'pixels'",
                get_line_width=1,
                pickable=True,
                auto_highlight=True,
            )
        )
    return out


def density_layer(
    cells: pd.DataFrame, size_m: float, lat0: float, what: str, tr: Tr, wgs84: bool = False
) -> pdk.Layer | None:
    """Hexagonal cells (q, r, n) from the database, coloured on a log scale of n. Each cell is sent
    as its centre and drawn as a flat six-sided column of the cell's size (pointy-top: turned 30
    degrees), so the browser gets one small record per cell."""
    if cells is None or cells.empty:
        return None
    lon, lat = hex_centres(cells["q"], cells["r"], size_m, lat0)
    lon, lat = _display_xy(lon, lat, wgs84)
    n = cells["n"].to_numpy(dtype=float)
    level = np.log1p(n) / np.log1p(n.max()) if n.max() > 0 else np.zeros(len(n))
    idx = np.clip((level * (len(DENSITY_RAMP) - 1)).round().astype(int), 0, len(DENSITY_RAMP) - 1)
    data = pd.DataFrame(
        {
            "lon": lon,
            "lat": lat,
            "colour": [_rgba(DENSITY_RAMP[i], 150) for i in idx],
            "tip": [tr("coverage.tip.hex", what=what, n=v) for v in _ints(n)],
        }
    )
    return pdk.Layer(
        "ColumnLayer",
        id="density",
        data=_records(data),
        get_position=["lon", "lat"],
        disk_resolution=6,
        radius=float(size_m),
        angle=30,
        extruded=False,
        get_fill_color="colour",
        pickable=True,
    )


def suggestion_layers(sites: pd.DataFrame, radius_m: float, tr: Tr, wgs84: bool = False) -> list[pdk.Layer]:
    """Suggested sites: their would-be service circles, a marker and the pick number."""
    if sites is None or sites.empty:
        return []
    lon, lat = _display_xy(sites["lon"], sites["lat"], wgs84)
    data = pd.DataFrame(
        {
            "lon": lon,
            "lat": lat,
            "label": sites["pick"].astype(int).astype(str),
            "tip": [
                tr("coverage.tip.suggestion", pick=int(p), name=n, gain=g)
                for p, n, g in zip(sites["pick"].tolist(), sites["name"].tolist(), _ints(sites["gain"]))
            ],
        }
    )
    recs = _records(data)
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id="suggestion-circles",
            data=recs,
            get_position=["lon", "lat"],
            get_radius=float(radius_m),
            radius_units="'meters'",
            get_fill_color=_rgba(SUGGESTION, 30),
            get_line_color=_rgba(SUGGESTION, 230),
            stroked=True,
            line_width_units="'pixels'",
            get_line_width=2,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="suggestions",
            data=recs,
            get_position=["lon", "lat"],
            get_radius=10,
            radius_units="'pixels'",
            get_fill_color=_rgba(SUGGESTION, 255),
            get_line_color=[60, 60, 60, 255],
            stroked=True,
            line_width_units="'pixels'",
            get_line_width=1.5,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "TextLayer",
            id="suggestion-labels",
            data=recs,
            get_position=["lon", "lat"],
            get_text="label",
            get_size=12,
            get_color=[30, 30, 30, 255],
            font_weight=700,
            pickable=False,
        ),
    ]


def hotspot_layer(hot: pd.DataFrame, tr: Tr, wgs84: bool = False, max_items: int = 6) -> pdk.Layer | None:
    """Hot spots (grassroots.metrics.hotspots.hot_frame) at their communities: one ring a community,
    its area by the most surprising hot spot's -log10 p; the tooltip lists each hot spot with its
    count, expectation and p."""
    pts = hot[hot["lon"].notna() & hot["lat"].notna()] if hot is not None and len(hot) else None
    if pts is None or pts.empty:
        return None
    rows = []
    for code, g in pts.groupby("community_code", sort=False):
        g = g.sort_values("p_value")
        items = [
            tr(
                "coverage.tip.hotspot_item",
                month=f"{pd.Timestamp(m):%Y-%m}",
                sub=sub,
                n=int(n),
                expected=f"{e:.2f}",
                p="< 1e-12" if p < 1e-12 else f"= {p:.1e}",
            )
            for m, sub, n, e, p in zip(g["month"], g["subcategory"], g["n"], g["expected"], g["p_value"])
        ]
        if len(items) > max_items:
            items = items[:max_items] + ["…"]
        rows.append(
            {
                "lon": float(g["lon"].iloc[0]),
                "lat": float(g["lat"].iloc[0]),
                "surprise": float(g["surprise"].max()),
                "tip": tr("coverage.tip.hotspots", community=g["community"].iloc[0] or code, items="\n".join(items)),
            }
        )
    data = pd.DataFrame(rows)
    lon, lat = _display_xy(data["lon"], data["lat"], wgs84)
    data = data.assign(lon=lon, lat=lat, r=np.round(radius_px(data["surprise"], 8.0, 22.0), 1))
    return pdk.Layer(
        "ScatterplotLayer",
        id="hotspots",
        data=_records(data[["lon", "lat", "r", "tip"]]),
        get_position=["lon", "lat"],
        get_radius="r",
        radius_units="'pixels'",
        get_fill_color=_rgba(HOTSPOT, 70),
        get_line_color=_rgba(HOTSPOT, 255),
        stroked=True,
        line_width_units="'pixels'",
        get_line_width=2.5,
        pickable=True,
        auto_highlight=True,
    )


# --- the map --------------------------------------------------------------------------------------


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is compact. pydeck indents its JSON, which makes Python's slow encoder
    write two to three times the bytes; this JSON is what Streamlit sends to the browser."""

    def to_json(self):
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def picked_centre(event) -> str | None:
    """The centre a click on the map chose (st.pydeck_chart's event, or its selection: a point of the
    centres layer), or None when the click chose nothing or something else (a community, a suggestion)."""
    try:
        selection = event.get("selection", event) if isinstance(event, dict) else getattr(event, "selection", event)
        objects = (selection or {}).get("objects", {}) or {}
        picked = objects.get("centres") or []
    except AttributeError:
        return None
    first = picked[0] if picked else None
    centre_id = first.get("centre_id") if isinstance(first, dict) else None
    return str(centre_id) if centre_id not in (None, "") else None


def deck(layers: list[pdk.Layer | None], view: dict, base_map: bool = False) -> pdk.Deck:
    """The Deck: the given layers (None skipped) over a blank local style, or the online base map."""
    return CompactDeck(
        layers=[layer for layer in layers if layer is not None],
        initial_view_state=pdk.ViewState(**view),
        map_style=ONLINE_STYLE if base_map else BLANK_STYLE,
        tooltip={"text": "{tip}", "style": TOOLTIP_STYLE},
    )


def legend(
    layers_on: Iterable[str], colour_by: str, centres: pd.DataFrame, radius_m: float, tr: Tr
) -> list[tuple[str, tuple[int, int, int]]]:
    """(label, colour) pairs for what the map shows."""
    on = set(layers_on)
    out: list[tuple[str, tuple[int, int, int]]] = []
    if "centres" in on:
        if colour_by == "pilot_batch":
            pal = batch_colours(centres["pilot_batch"]) if len(centres) else {}
            out += [(b, c) for b, c in pal.items()]
            if len(centres) and centres["pilot_batch"].isna().any():
                out.append((tr("coverage.no_batch"), NO_BATCH))
        else:
            out += [(tr(f"coverage.status.{s}"), c) for s, c in STATUS_COLOURS.items()]
    if "circles" in on:
        out.append((tr("coverage.legend.circle", r=f"{radius_m:,.0f}"), CIRCLE))
    if "communities" in on:
        out += [(tr("coverage.legend.covered"), COVERED), (tr("coverage.legend.uncovered"), UNCOVERED)]
    if "density" in on:
        out.append((tr("coverage.legend.density"), DENSITY_RAMP[3]))
    if "suggestions" in on:
        out.append((tr("coverage.legend.suggestion"), SUGGESTION))
    if "hotspots" in on:
        out.append((tr("coverage.legend.hotspots"), HOTSPOT))
    return out
