"""GeoJSON boundary files: region polygons, matched to regions by code.

    python -m grassroots import 街道边界.geojson          (grassroots.ingest.import_files routes it here)
    load_boundaries(con, path)                            (the demo build: inside the caller's connection)

A file is a FeatureCollection (or a single Feature) of Polygon or MultiPolygon features. Each feature
names its region by a property: adcode, code, region_code, 区划代码 or 代码. Coordinates are longitude,
latitude in degrees, in the system the file declares with a top-level "crs" member - a name such as
"GCJ02", "WGS84", "EPSG:4326" or "urn:ogc:def:crs:OGC:1.3:CRS84" (CGCS2000 / EPSG:4490 is read as
WGS-84: they differ by well under a metre), either as a string or as {"type": "name",
"properties": {"name": ...}}. A file that declares nothing is GCJ-02, like the DataV boundary files
Chinese map services publish. WGS-84 is converted to GCJ-02, the database's system (grassroots.geo).

Repairs, documented: an unclosed ring is closed; a third coordinate (height) is dropped.
A feature whose code matches no region is skipped and listed (a city file holds districts the
database may not have). A bad feature is an error with its number, code and reason; as for other
imports, a file with errors is refused whole unless accept_valid, and nothing is written before
every feature has been checked.
"""

from __future__ import annotations

import codecs
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from grassroots import db as database
from grassroots import geo, i18n, sql
from grassroots.errors import Refused
from grassroots.geo import coverage
from grassroots.i18n import t
from grassroots.ingest.model import DB_CRS
from grassroots.ingest.readers import default_max_bytes, file_sha256
from grassroots.ingest.report import FileReport, already_imported, fault, refusal
from grassroots.progress import NULL, scaled

TABLE = "region_boundaries"
PROFILE = "geojson"
CODE_PROPERTIES = ("adcode", "code", "region_code", "区划代码", "代码")
NAME_PROPERTIES = ("name", "名称", "region_name")
SUFFIXES = (".geojson", ".json")
_WGS84_NAMES = (
    "WGS84",
    "WGS 84",
    "EPSG:4326",
    "CRS84",
    "OGC:1.3:CRS84",
    "EPSG::4326",
    "CGCS2000",
    "EPSG:4490",
    "EPSG::4490",
)
_GCJ02_NAMES = ("GCJ02", "GCJ-02", "GCJ_02")


@dataclass
class Feature:
    number: int  # 1-based position in the file
    code: str | None
    name: str | None
    geometry: dict | None


def is_geojson(path: str | Path) -> bool:
    """A .geojson file, or a .json file (or any text file) that opens as a GeoJSON object."""
    path = Path(path)
    if path.suffix.lower() == ".geojson":
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return text.startswith(b"{") and (path.suffix.lower() == ".json" or b'"type"' in text)


# --- reading --------------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise Refused("geojson_encoding")


def declared_crs(doc: dict, override: str | None = None) -> str:
    """GCJ02 or WGS84: `override` if given, else the file's "crs" member, else GCJ02."""
    value = override if override is not None else doc.get("crs")
    if value is None:
        return DB_CRS
    if isinstance(value, dict):
        value = (value.get("properties") or {}).get("name") or (value.get("properties") or {}).get("code")
    name = str(value or "").strip().upper().replace("URN:OGC:DEF:CRS:", "")
    if any(name == n or name.endswith(n) for n in _GCJ02_NAMES):
        return "GCJ02"
    if any(name == n or name.endswith(n) for n in _WGS84_NAMES):
        return "WGS84"
    raise Refused("geojson_crs", crs=str(value))


def read(path: Path, crs: str | None = None, max_bytes: int | None = None) -> tuple[str, list[Feature]]:
    """(the file's coordinate system, its features); raises Refused for a file that is no GeoJSON."""
    try:
        size = path.stat().st_size
    except OSError:
        raise Refused("not_found") from None
    limit = max_bytes or default_max_bytes()
    if size > limit:
        raise Refused("too_large", size_mb=round(size / 2**20, 1), limit_mb=round(limit / 2**20, 1))
    text = _decode(path.read_bytes())
    if not text.strip():
        raise Refused("empty")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused("geojson_bad_json", line=exc.lineno, col=exc.colno, detail=exc.msg) from None
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature"):
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise Refused("geojson_not_features", found=str(found))
    system = declared_crs(doc, crs)
    raw = doc.get("features") if doc["type"] == "FeatureCollection" else [doc]
    if not isinstance(raw, list) or not raw:
        raise Refused("geojson_no_features")
    out = []
    for i, feat in enumerate(raw, start=1):
        props = feat.get("properties") if isinstance(feat, dict) else None
        props = props if isinstance(props, dict) else {}
        code = next((props[k] for k in CODE_PROPERTIES if props.get(k) not in (None, "")), None)
        name = next((props[k] for k in NAME_PROPERTIES if props.get(k) not in (None, "")), None)
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        out.append(
            Feature(
                i,
                None if code is None else str(code).strip(),
                None if name is None else str(name),
                geom if isinstance(geom, dict) else None,
            )
        )
    return system, out


# --- checking -------------------------------------------------------------------------------------


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def clean_geometry(geom: dict | None) -> tuple[dict | None, str | None, str | None]:
    """(the geometry with closed 2-D rings, None, None) or (None, reason code, offending value)."""
    if not geom or geom.get("type") not in ("Polygon", "MultiPolygon"):
        return None, "geojson_geometry", None if not geom else str(geom.get("type"))
    coords = geom.get("coordinates")
    polys = [coords] if geom["type"] == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        return None, "geojson_geometry", None
    out_polys = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            return None, "geojson_ring", None
        rings = []
        for ring in poly:
            if not isinstance(ring, list):
                return None, "geojson_ring", None
            pts = []
            for p in ring:
                if not isinstance(p, list) or len(p) < 2 or not _number(p[0]) or not _number(p[1]):
                    return None, "geojson_coordinate", json.dumps(p, ensure_ascii=False)[:60]
                if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90):
                    return None, "geojson_coordinate", f"{p[0]}, {p[1]}"
                pts.append([float(p[0]), float(p[1])])
            if pts and pts[0] != pts[-1]:
                pts.append(list(pts[0]))
            if len(pts) < 4:
                return None, "geojson_ring", str(len(pts))
            rings.append(pts)
        out_polys.append(rings)
    return (
        {
            "type": "MultiPolygon" if len(out_polys) > 1 else "Polygon",
            "coordinates": out_polys if len(out_polys) > 1 else out_polys[0],
        },
        None,
        None,
    )


def to_db_crs(geom: dict, system: str) -> dict:
    """The geometry in GCJ-02, coordinates rounded to 1e-6 degrees (about 0.1 m)."""
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    out = []
    for poly in polys:
        rings = []
        for ring in poly:
            a = np.asarray(ring, dtype=float)
            lon, lat = a[:, 0], a[:, 1]
            if system == "WGS84":
                lon, lat = geo.wgs84_to_gcj02(lon, lat)
            rings.append(np.round(np.column_stack([lon, lat]), 6).tolist())
        out.append(rings)
    return {"type": geom["type"], "coordinates": out if geom["type"] == "MultiPolygon" else out[0]}


def _code_ok(code: str) -> bool:
    return code.isdigit() and len(code) >= 6


# --- loading --------------------------------------------------------------------------------------


def _error(rep: FileReport, f: Feature, column: str | None, value, code: str, lang: str, **fmt) -> dict:
    return {
        "file": rep.file,
        "sheet": rep.sheet,
        "row": f.number,
        "column": column,
        "value": value,
        "reason": t(f"ingest.reason.{code}", lang, **fmt),
        "code": code,
    }


def load_boundaries(
    con,
    path: str | Path,
    *,
    crs: str | None = None,
    accept_valid: bool = False,
    name: str | None = None,
    lang: str = "zh",
    max_bytes: int | None = None,
    progress=NULL,
) -> FileReport:
    """Check a GeoJSON boundary file and insert-or-replace its polygons, matched to regions by code.

    Writes through `con` without managing a transaction (the caller's, if any). Nothing is written
    when the file is refused. Returns the report: rows_read = features, rows_loaded, rows_rejected;
    features whose code matches no region are skipped and named in `message`.
    """
    path = Path(path)
    rep = FileReport(name or path.name, table=TABLE, profile=PROFILE, new=None, updated=None, unchanged=None)
    try:
        system, feats = read(path, crs, max_bytes)
    except Refused as exc:
        return refusal(rep, exc.code, lang, **exc.params)
    rep.rows_read = len(feats)
    codes = [f.code for f in feats if f.code and _code_ok(f.code)]
    known = sql.run(con, "coverage/region_levels", {"codes": sorted(set(codes))})
    regions = {r.code: (r.level, r.name) for r in known.itertuples()}
    rows, errors, unmatched = [], [], []
    seen: dict[str, int] = {}
    for k, f in enumerate(feats):
        progress(k, len(feats), f.code or "")
        if f.code is None:
            errors.append(
                _error(rep, f, "properties", None, "geojson_no_code", lang, keys=i18n.listing(CODE_PROPERTIES, lang))
            )
            continue
        if not _code_ok(f.code):
            errors.append(_error(rep, f, "code", f.code, "geojson_bad_code", lang))
            continue
        if f.code in seen:
            errors.append(_error(rep, f, "code", f.code, "geojson_duplicate", lang, first=seen[f.code]))
            continue
        seen[f.code] = f.number
        geom, why, value = clean_geometry(f.geometry)
        if geom is None:
            assert why is not None  # clean_geometry names the reason whenever it returns no geometry
            errors.append(_error(rep, f, "geometry", value, why, lang))
            continue
        if f.code not in regions:
            unmatched.append(f"{f.code}{' ' + f.name if f.name else ''}")
            continue
        stored = to_db_crs(geom, system)
        polys = coverage.polygons_of(stored)
        level, region_name = regions[f.code]
        rows.append(
            (
                f.code,
                level,
                f.name or region_name,
                json.dumps(stored, separators=(",", ":")),
                coverage.area_m2(polys),
                *coverage.bbox(polys),
            )
        )
    rep.rows_rejected = len({e["row"] for e in errors})
    rep.errors_total = len(errors)
    rep.errors = errors
    if errors and not accept_valid:
        return refusal(rep, "rows_invalid", lang, n=rep.rows_rejected)
    if not rows:
        if unmatched:
            return refusal(rep, "geojson_no_match", lang, codes=unmatched[:20], n=len(unmatched))
        return refusal(rep, "no_valid_rows", lang)
    cols = list(zip(*rows))
    sql.run(
        con,
        "coverage/boundaries_upsert",
        {
            "codes": list(cols[0]),
            "levels": list(cols[1]),
            "names": list(cols[2]),
            "geojsons": list(cols[3]),
            "areas": [float(a) for a in cols[4]],
            "min_lons": list(cols[5]),
            "min_lats": list(cols[6]),
            "max_lons": list(cols[7]),
            "max_lats": list(cols[8]),
            "source_crs": system,
            "source": rep.file,
        },
    )
    rep.rows_loaded = len(rows)
    rep.status = "partial" if rep.rows_rejected else "loaded"
    if unmatched:
        rep.message = t(
            "ingest.geojson.unmatched",
            lang,
            n=len(unmatched),
            codes=i18n.listing(unmatched[:20], lang) + ("…" if len(unmatched) > 20 else ""),
        )
    progress(len(feats), len(feats), "")
    return rep


def import_files(
    items: list[tuple[int, Path, str]],
    db=None,
    accept_valid: bool = False,
    progress=NULL,
    lang: str = "zh",
    max_bytes: int | None = None,
) -> list[tuple[int, FileReport]]:
    """Import boundary files [(position in the batch, path, name shown)], each in one transaction with
    its import_log row; returns [(position, report)]. Nothing raises."""
    out: list[tuple[int, FileReport]] = []
    if not items:
        return out
    try:
        with database.writer(db) as con:
            for k, (index, path, name) in enumerate(items):
                t0 = time.monotonic()
                sub = scaled(progress, k / len(items), (k + 1) / len(items))
                con.execute("begin transaction")
                try:
                    digest = file_sha256(Path(path)) if Path(path).is_file() else ""
                    found = con.execute(
                        *sql.bind("ingest/log_find", {"file_hash": digest, "sheet": None, "table_name": TABLE})
                    ).fetchone()
                    if found is not None:  # this very file was loaded before: nothing to do
                        rep = already_imported(FileReport(name, table=TABLE, profile=PROFILE), found, lang)
                        con.execute("rollback")
                        out.append((index, rep))
                        continue
                    rep = load_boundaries(
                        con, path, accept_valid=accept_valid, name=name, lang=lang, max_bytes=max_bytes, progress=sub
                    )
                    if rep.loaded:
                        sql.run(
                            con,
                            "ingest/log_insert",
                            {
                                "file_name": rep.file,
                                "file_hash": digest,
                                "sheet": None,
                                "profile": PROFILE,
                                "table_name": TABLE,
                                "rows_read": rep.rows_read,
                                "rows_loaded": rep.rows_loaded,
                                "rows_rejected": rep.rows_rejected,
                                "rows_new": None,
                                "rows_updated": None,
                                "rows_unchanged": None,
                                "rows_warned": 0,
                            },
                        )
                        con.execute("commit")
                        rep.file_hash = digest
                    else:
                        con.execute("rollback")
                except Exception as exc:  # noqa: BLE001 - a failed file becomes its report
                    con.execute("rollback")
                    rep = refusal(
                        FileReport(name, table=TABLE, profile=PROFILE),
                        "internal",
                        lang,
                        detail=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300],
                    )
                rep.seconds = round(time.monotonic() - t0, 3)
                out.append((index, rep))
            if not any(rep.loaded for _, rep in out):
                raise database.Unchanged  # nothing loaded: the database stays the file it was
    except (database.DatabaseBusy, Refused) as exc:  # busy, or a database the schema check refused
        done = {i for i, _ in out}
        code, why = ("db_refused", {"reason": exc.message(lang)}) if isinstance(exc, Refused) else ("db_busy", {})
        out += [
            (i, refusal(FileReport(n, table=TABLE, profile=PROFILE), code, lang, **why))
            for i, _, n in items
            if i not in done
        ]
    except (duckdb.Error, OSError) as exc:  # the database could not be opened or written
        done = {i for i, _ in out}
        out += [
            (i, fault(FileReport(n, table=TABLE, profile=PROFILE), exc, db, lang)) for i, _, n in items if i not in done
        ]
    return out
