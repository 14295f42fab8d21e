"""config/hotspots.toml: hot spots, repeats and proactive candidates, validated on load (errors name
the file and key)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from grassroots import CONFIG_DIR
from grassroots.config import ConfigError, read_toml


@dataclass(frozen=True)
class HotspotConfig:
    min_count: int
    baseline_months: int
    min_baseline_months: int
    min_expected: float
    min_ratio: float
    max_p: float
    keywords: int
    texts_per_cell: int
    proactive_months: int
    min_hot_months: int
    repeat_days: int
    text_similarity: float
    max_groups: int


def _need(cond: bool, path: Path, key: str, reason: str) -> None:
    if not cond:
        raise ConfigError(f"{path.name}: {key}: {reason}")


def _whole(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def load(path: Path | None = None) -> HotspotConfig:
    path = path or CONFIG_DIR / "hotspots.toml"
    d = read_toml(path)
    for name in ("hotspots", "proactive", "repeats"):
        _need(isinstance(d.get(name, {}), dict), path, name, "must be a table")
    h, p, r = d.get("hotspots", {}), d.get("proactive", {}), d.get("repeats", {})

    def whole(table: dict, section: str, key: str, default: int, lo: int, hi: int) -> int:
        v = table.get(key, default)
        _need(_whole(v) and lo <= v <= hi, path, f"{section}.{key}", f"must be a whole number {lo}..{hi}")
        return v

    def number(table: dict, section: str, key: str, default: float, lo: float, hi: float, open_lo=False) -> float:
        v = table.get(key, default)
        ok = _number(v) and (lo < v if open_lo else lo <= v) and v <= hi
        _need(ok, path, f"{section}.{key}", f"must be a number {'above' if open_lo else 'from'} {lo:g} to {hi:g}")
        return float(v)

    baseline = whole(h, "hotspots", "baseline_months", 6, 1, 36)
    min_baseline = whole(h, "hotspots", "min_baseline_months", 3, 1, 36)
    _need(min_baseline <= baseline, path, "hotspots.min_baseline_months", "must not exceed hotspots.baseline_months")
    months = whole(p, "proactive", "months", 6, 1, 24)
    hot = whole(p, "proactive", "min_hot_months", 3, 1, 24)
    _need(hot <= months, path, "proactive.min_hot_months", "must not exceed proactive.months")
    return HotspotConfig(
        min_count=whole(h, "hotspots", "min_count", 5, 1, 100000),
        baseline_months=baseline,
        min_baseline_months=min_baseline,
        min_expected=number(h, "hotspots", "min_expected", 0.5, 0, 1000, open_lo=True),
        min_ratio=number(h, "hotspots", "min_ratio", 2.0, 1, 1000),
        max_p=number(h, "hotspots", "max_p", 1e-4, 0, 1, open_lo=True),
        keywords=whole(h, "hotspots", "keywords", 5, 0, 50),
        texts_per_cell=whole(h, "hotspots", "texts_per_cell", 300, 1, 100000),
        proactive_months=months,
        min_hot_months=hot,
        repeat_days=whole(r, "repeats", "window_days", 30, 1, 366),
        text_similarity=number(r, "repeats", "text_similarity", 0.5, 0, 1, open_lo=True),
        max_groups=whole(r, "repeats", "max_groups", 2000, 1, 1000000),
    )


@functools.lru_cache(maxsize=1)
def hotspots() -> HotspotConfig:
    return load()
