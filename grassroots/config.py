"""Configuration files under config/: loaded, validated, and refused with the file and key named."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grassroots import CONFIG_DIR


class ConfigError(ValueError):
    pass


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: {exc}") from None


def _need(cond: bool, path: Path, key: str, reason: str) -> None:
    if not cond:
        raise ConfigError(f"{path.name}: {key}: {reason}")


COMPOSITE_METRICS = {
    "on_time_rate", "satisfaction_rate", "median_hours_to_close", "activities_per_1000",
    "online_share", "closure_rate", "visits_per_1000",
}


@dataclass(frozen=True)
class AppConfig:
    default_language: str
    default_period: str
    cache_ttl_seconds: int
    min_n: int
    service_radius_m: float
    yellow_gap: float
    extended_weekday: tuple[tuple[str, str], ...]
    extended_weekend: tuple[tuple[str, str], ...]
    composite: tuple[tuple[str, float, bool], ...]
    import_max_mb: int = 1024         # [import] max_size_mb: the one size limit of an imported file


def _hhmm(v) -> bool:
    return isinstance(v, str) and len(v) == 5 and v[2] == ":" and v[:2].isdigit() and v[3:].isdigit() \
        and int(v[:2]) <= 24 and int(v[3:]) < 60


def load_app(path: Path | None = None) -> AppConfig:
    path = path or CONFIG_DIR / "app.toml"
    d = read_toml(path)
    app, rules, tl, ext = d.get("app", {}), d.get("rules", {}), d.get("traffic_light", {}), d.get("extended_hours", {})
    lang = app.get("default_language", "zh")
    _need(lang in ("zh", "en"), path, "app.default_language", "must be 'zh' or 'en'")
    period = app.get("default_period", "year")
    _need(period in ("month", "quarter", "year", "custom"), path, "app.default_period", "must be month, quarter, year or custom")
    ttl = app.get("cache_ttl_seconds", 600)
    _need(isinstance(ttl, int) and ttl > 0, path, "app.cache_ttl_seconds", "must be a positive whole number")
    min_n = rules.get("min_n", 20)
    _need(isinstance(min_n, int) and min_n >= 1, path, "rules.min_n", "must be a whole number >= 1")
    radius = rules.get("service_radius_m", 1000)
    _need(isinstance(radius, (int, float)) and 50 <= radius <= 10000, path, "rules.service_radius_m", "must be 50..10000 metres")
    gap = tl.get("yellow_gap", 0.1)
    _need(isinstance(gap, (int, float)) and 0 <= gap <= 1, path, "traffic_light.yellow_gap", "must be 0..1")
    spans = {}
    for k in ("weekday", "weekend"):
        v = ext.get(k, [])
        _need(isinstance(v, list) and all(isinstance(s, list) and len(s) == 2 and all(map(_hhmm, s)) for s in v),
              path, f"extended_hours.{k}", 'must be a list of ["HH:MM", "HH:MM"] pairs')
        spans[k] = tuple(tuple(s) for s in v)
    comp = []
    for i, c in enumerate(d.get("composite", [])):
        m = c.get("metric")
        _need(m in COMPOSITE_METRICS, path, f"composite[{i}].metric", f"unknown metric {m!r}; known: {sorted(COMPOSITE_METRICS)}")
        w = c.get("weight")
        _need(isinstance(w, (int, float)) and w >= 0, path, f"composite[{i}].weight", "must be a number >= 0")
        hib = c.get("higher_is_better", True)
        _need(isinstance(hib, bool), path, f"composite[{i}].higher_is_better", "must be true or false")
        comp.append((m, float(w), hib))
    _need(bool(comp) and sum(w for _, w, _ in comp) > 0, path, "composite", "needs at least one metric with a weight > 0")
    max_mb = d.get("import", {}).get("max_size_mb", 1024)
    _need(isinstance(max_mb, int) and not isinstance(max_mb, bool) and 1 <= max_mb <= 100_000, path,
          "import.max_size_mb", "must be a whole number of megabytes, 1..100000")
    return AppConfig(lang, period, ttl, min_n, float(radius), float(gap), spans["weekday"], spans["weekend"], tuple(comp),
                     max_mb)


@dataclass(frozen=True)
class Sla:
    amount: float
    unit: str  # hours | working_days


def load_sla(path: Path | None = None) -> tuple[Sla, dict[str, Sla]]:
    path = path or CONFIG_DIR / "sla.toml"
    d = read_toml(path)

    def one(v, key) -> Sla:
        _need(isinstance(v, dict), path, key, "must be a table with amount and unit")
        a, u = v.get("amount"), v.get("unit")
        _need(isinstance(a, (int, float)) and a > 0, path, f"{key}.amount", "must be a number > 0")
        _need(u in ("hours", "working_days"), path, f"{key}.unit", "must be 'hours' or 'working_days'")
        return Sla(float(a), u)

    default = one(d.get("default"), "default")
    cats = {str(k): one(v, f"categories.{k}") for k, v in d.get("categories", {}).items()}
    return default, cats


@functools.lru_cache(maxsize=1)
def app() -> AppConfig:
    return load_app()


@functools.lru_cache(maxsize=1)
def sla() -> tuple[Sla, dict[str, Sla]]:
    return load_sla()


@dataclass(frozen=True)
class PeerTolerance:
    """How far a centre may lie from its peers' median and still be called similar (app.toml [peers])."""
    pp: float = 2.0       # shares: percentage points
    pct: float = 5.0      # every other figure: percent of the peers' median


def load_peers(path: Path | None = None) -> PeerTolerance:
    path = path or CONFIG_DIR / "app.toml"
    d = read_toml(path).get("peers", {})
    _need(isinstance(d, dict), path, "peers", "must be a table with tolerance_pp and tolerance_pct")
    default = PeerTolerance()
    pp, pct = d.get("tolerance_pp", default.pp), d.get("tolerance_pct", default.pct)
    _need(isinstance(pp, (int, float)) and not isinstance(pp, bool) and 0 <= pp <= 50, path, "peers.tolerance_pp",
          "must be a number of percentage points, 0..50")
    _need(isinstance(pct, (int, float)) and not isinstance(pct, bool) and 0 <= pct <= 100, path,
          "peers.tolerance_pct", "must be a percent, 0..100")
    return PeerTolerance(float(pp), float(pct))


@functools.lru_cache(maxsize=1)
def peers() -> PeerTolerance:
    return load_peers()
