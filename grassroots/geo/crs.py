"""Coordinate systems: WGS-84 (GPS) and GCJ-02 (the offset system of Chinese web maps).

The database keeps GCJ-02. These functions take scalars or array-likes of longitudes and latitudes
in degrees and return numpy arrays (floats for scalars). NaN stays NaN; points outside China's
bounding box are left unchanged, as the published transform does.
"""

from __future__ import annotations

import numpy as np

# Krasovsky 1940 ellipsoid, as used by the published GCJ-02 transform
_A = 6378245.0
_EE = 0.00669342162296594323


def _as_arrays(lon, lat) -> tuple[np.ndarray, np.ndarray, bool]:
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), scalar


def _out(x: np.ndarray, y: np.ndarray, scalar: bool):
    return (float(x), float(y)) if scalar else (x, y)


def out_of_china(lon, lat) -> np.ndarray:
    """True where a point lies outside the rough bounding box in which GCJ-02 applies an offset."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    with np.errstate(invalid="ignore"):
        return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 shift (dlon, dlat) in degrees at a WGS-84 point."""
    x, y = lon - 105.0, lat - 35.0
    pi = np.pi
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def wgs84_to_gcj02(lon, lat):
    """WGS-84 -> GCJ-02 (the published forward transform)."""
    lon, lat, scalar = _as_arrays(lon, lat)
    dlon, dlat = _offset(lon, lat)
    return _out(lon + dlon, lat + dlat, scalar)


def gcj02_to_wgs84(lon, lat, tol: float = 1e-9, max_iter: int = 30):
    """GCJ-02 -> WGS-84 by fixed-point iteration on the forward transform (error below `tol` degrees)."""
    glon, glat, scalar = _as_arrays(lon, lat)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(max_iter):
        dlon, dlat = _offset(wlon, wlat)
        elon, elat = wlon + dlon - glon, wlat + dlat - glat
        wlon, wlat = wlon - elon, wlat - elat
        with np.errstate(invalid="ignore"):
            if not np.any((np.abs(elon) > tol) | (np.abs(elat) > tol)):
                break
    return _out(wlon, wlat, scalar)
