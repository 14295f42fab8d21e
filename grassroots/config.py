"""Configuration files under config/: loaded, validated, and refused with the file and key named."""

from __future__ import annotations

import functools
import re
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


def _need_whole(value, lo: int, hi: int, path: Path, key: str, reason: str) -> None:
    """`value` is a whole number (not true or false) in lo..hi, or ConfigError names the key."""
    _need(isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi, path, key, reason)


SCREEN_PAGES = ("overview", "tickets", "coverage")  # the wall screens there are (?screen=1)
_SYSTEM_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


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
    ranking_system: str  # the indicator system (config/indicators/<key>.toml) of the official 红榜/黑榜
    top_n: int  # units on each of 红榜 and 黑榜
    import_max_mb: int = 1024  # [import] max_size_mb: the one size limit of an imported file
    screen_rotate_seconds: int = 30  # [screen] rotate_seconds: each wall screen's time
    screen_pages: tuple[str, ...] = ("overview", "tickets", "coverage")  # [screen] pages, in turn
    overdue_margin_days: float = 3.0  # [supervision]: days past the deadline that put a ticket on the 督办 list
    db_threads: int = 0  # [database] threads of each app process's reading instance (0: DuckDB's default)
    db_memory_limit: str = ""  # [database] memory_limit of each app process's reading instance ("": default)
    behind_days: int = 7  # [app] behind_days: a table of records ending this many days before the others is named
    audit_key_file: str = ""  # [audit] key_file: the audit log's key, outside the project (grassroots/auth/keys.py)


def _hhmm(v) -> bool:
    return (
        isinstance(v, str)
        and len(v) == 5
        and v[2] == ":"
        and v[:2].isdigit()
        and v[3:].isdigit()
        and int(v[:2]) <= 24
        and int(v[3:]) < 60
    )


def load_app(path: Path | None = None) -> AppConfig:
    path = path or CONFIG_DIR / "app.toml"
    d = read_toml(path)
    app, rules, tl, ext = d.get("app", {}), d.get("rules", {}), d.get("traffic_light", {}), d.get("extended_hours", {})
    lang = app.get("default_language", "zh")
    _need(lang in ("zh", "en"), path, "app.default_language", "must be 'zh' or 'en'")
    period = app.get("default_period", "year")
    _need(
        period in ("month", "quarter", "year", "custom"),
        path,
        "app.default_period",
        "must be month, quarter, year or custom",
    )
    ttl = app.get("cache_ttl_seconds", 600)
    _need(isinstance(ttl, int) and ttl > 0, path, "app.cache_ttl_seconds", "must be a positive whole number")
    min_n = rules.get("min_n", 20)
    _need(isinstance(min_n, int) and min_n >= 1, path, "rules.min_n", "must be a whole number >= 1")
    radius = rules.get("service_radius_m", 1000)
    _need(
        isinstance(radius, (int, float)) and 50 <= radius <= 10000,
        path,
        "rules.service_radius_m",
        "must be 50..10000 metres",
    )
    gap = tl.get("yellow_gap", 0.1)
    _need(isinstance(gap, (int, float)) and 0 <= gap <= 1, path, "traffic_light.yellow_gap", "must be 0..1")
    spans = {}
    for k in ("weekday", "weekend"):
        v = ext.get(k, [])
        _need(
            isinstance(v, list) and all(isinstance(s, list) and len(s) == 2 and all(map(_hhmm, s)) for s in v),
            path,
            f"extended_hours.{k}",
            'must be a list of ["HH:MM", "HH:MM"] pairs',
        )
        spans[k] = tuple(tuple(s) for s in v)
    # An older file may still carry a [[composite]] section (the overview's former street composite):
    # it is ignored; the official ranking follows [ranking].
    ranking = d.get("ranking", {})
    _need(isinstance(ranking, dict), path, "ranking", "must be a table")
    rsys = ranking.get("system", "default")
    _need(
        isinstance(rsys, str) and bool(_SYSTEM_KEY.match(rsys)),
        path,
        "ranking.system",
        'must be the name of a file in config/indicators/ without .toml, e.g. "default"',
    )
    _need(
        (CONFIG_DIR / "indicators" / f"{rsys}.toml").is_file(),
        path,
        "ranking.system",
        f"no indicator system {rsys!r}: config/indicators/{rsys}.toml not found",
    )
    top_n = ranking.get("top_n", 5)
    _need_whole(top_n, 1, 50, path, "ranking.top_n", "must be a whole number 1..50")
    max_mb = d.get("import", {}).get("max_size_mb", 1024)
    _need_whole(max_mb, 1, 100_000, path, "import.max_size_mb", "must be a whole number of megabytes, 1..100000")
    rotate, screens = _screen(d, path)
    margin = d.get("supervision", {}).get("overdue_margin_days", 3)
    _need(
        isinstance(margin, (int, float)) and not isinstance(margin, bool) and margin >= 0,
        path,
        "supervision.overdue_margin_days",
        "must be a number of days >= 0",
    )
    threads, memory = _database(d, path)
    key_file = d.get("audit", {}).get("key_file", "")
    _need(isinstance(key_file, str), path, "audit.key_file", "must be a file path (text), or empty for the default")
    behind = app.get("behind_days", 7)
    _need_whole(behind, 1, 366, path, "app.behind_days", "must be a whole number of days 1..366")
    return AppConfig(
        lang,
        period,
        ttl,
        min_n,
        float(radius),
        float(gap),
        spans["weekday"],
        spans["weekend"],
        rsys,
        top_n,
        max_mb,
        rotate,
        screens,
        float(margin),
        threads,
        memory,
        behind_days=behind,
        audit_key_file=key_file,
    )


_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def _database(d: dict, path: Path) -> tuple[int, str]:
    """[database]: the threads and memory limit of each app process's read-only DuckDB instance."""
    sec = d.get("database", {})
    _need(isinstance(sec, dict), path, "database", "must be a table with threads and memory_limit")
    threads = sec.get("threads", 0)
    _need_whole(
        threads, 0, 256, path, "database.threads", "must be a whole number 0..256 (0: as many as the machine has cores)"
    )
    memory = sec.get("memory_limit", "")
    _need(
        isinstance(memory, str) and (memory == "" or bool(_MEMORY.match(memory.strip()))),
        path,
        "database.memory_limit",
        'must be a size such as "2GB" or "512MB" ("": DuckDB\'s default, 80% of the memory)',
    )
    return threads, memory.strip()


def _screen(d: dict, path: Path) -> tuple[int, tuple[str, ...]]:
    """[screen]: the wall view's seconds per screen and the screens it shows in turn."""
    screen = d.get("screen", {})
    _need(isinstance(screen, dict), path, "screen", "must be a table with rotate_seconds and pages")
    rotate = screen.get("rotate_seconds", 30)
    _need_whole(rotate, 5, 3600, path, "screen.rotate_seconds", "must be a whole number of seconds, 5..3600")
    pages = screen.get("pages", list(SCREEN_PAGES))
    _need(
        isinstance(pages, list)
        and len(pages) >= 1
        and all(p in SCREEN_PAGES for p in pages)
        and len(set(pages)) == len(pages),
        path,
        "screen.pages",
        "must be a list of one or more of " + ", ".join(f'"{p}"' for p in SCREEN_PAGES) + ", each once",
    )
    return rotate, tuple(pages)


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

    pp: float = 2.0  # shares: percentage points
    pct: float = 5.0  # every other figure: percent of the peers' median


def load_peers(path: Path | None = None) -> PeerTolerance:
    path = path or CONFIG_DIR / "app.toml"
    d = read_toml(path).get("peers", {})
    _need(isinstance(d, dict), path, "peers", "must be a table with tolerance_pp and tolerance_pct")
    default = PeerTolerance()
    pp, pct = d.get("tolerance_pp", default.pp), d.get("tolerance_pct", default.pct)
    _need(
        isinstance(pp, (int, float)) and not isinstance(pp, bool) and 0 <= pp <= 50,
        path,
        "peers.tolerance_pp",
        "must be a number of percentage points, 0..50",
    )
    _need(
        isinstance(pct, (int, float)) and not isinstance(pct, bool) and 0 <= pct <= 100,
        path,
        "peers.tolerance_pct",
        "must be a percent, 0..100",
    )
    return PeerTolerance(float(pp), float(pct))


@functools.lru_cache(maxsize=1)
def peers() -> PeerTolerance:
    return load_peers()


@dataclass(frozen=True)
class Privacy:
    """app.toml [privacy]: how long residents' personal data is kept, and whether the scheduler purges."""

    retention_months: int = 36
    purge_on_schedule: bool = False


def load_privacy(path: Path | None = None) -> Privacy:
    path = path or CONFIG_DIR / "app.toml"
    d = read_toml(path).get("privacy", {})
    _need(isinstance(d, dict), path, "privacy", "must be a table with retention_months and purge_on_schedule")
    default = Privacy()
    months, on = d.get("retention_months", default.retention_months), d.get("purge_on_schedule", False)
    _need_whole(months, 1, 1200, path, "privacy.retention_months", "must be a whole number of months, 1..1200")
    _need(isinstance(on, bool), path, "privacy.purge_on_schedule", "must be true or false")
    return Privacy(months, on)


@functools.lru_cache(maxsize=1)
def privacy() -> Privacy:
    return load_privacy()
