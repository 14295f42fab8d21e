"""config/tickets.toml: the tickets page's settings, validated on load (errors name the file and key)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from grassroots import CONFIG_DIR
from grassroots.config import ConfigError, read_toml

RATES = ("response", "resolution", "satisfaction")


@dataclass(frozen=True)
class TicketConfig:
    response_hours: float
    weights: tuple[tuple[str, float], ...]  # (rate, weight) in RATES order
    hour_buckets: tuple[int, ...]  # lower bounds in hours, first 0, strictly increasing
    age_buckets: tuple[int, ...]  # lower bounds in days, first 0, strictly increasing
    oldest_listed: int
    max_curves: int
    show_rows: int
    download_rows: int

    def bucket_labels(self) -> list[str]:
        """'0–2', '3–7', ..., '31+' for the age buckets."""
        b = self.age_buckets
        return [f"{lo}–{hi - 1}" if hi - 1 > lo else f"{lo}" for lo, hi in zip(b, b[1:])] + [f"{b[-1]}+"]


def _need(cond: bool, path: Path, key: str, reason: str) -> None:
    if not cond:
        raise ConfigError(f"{path.name}: {key}: {reason}")


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _whole(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _table(d: dict, name: str, path: Path) -> dict:
    v = d.get(name, {})
    _need(isinstance(v, dict), path, name, "must be a table")
    return v


def _edges(v, path: Path, key: str, unit: str) -> tuple[int, ...]:
    _need(
        isinstance(v, list) and len(v) >= 2 and all(_whole(e) for e in v),
        path,
        key,
        f"must be a list of at least two whole numbers of {unit}",
    )
    _need(v[0] == 0, path, key, "must start at 0")
    _need(all(a < b for a, b in zip(v, v[1:])), path, key, "must increase strictly")
    return tuple(v)


def load(path: Path | None = None) -> TicketConfig:
    path = path or CONFIG_DIR / "tickets.toml"
    d = read_toml(path)
    known = {"rates", "weights", "turnaround", "backlog", "survival", "drilldown"}
    unknown = sorted(set(d) - known)
    _need(not unknown, path, unknown[0] if unknown else "", f"unknown section; known: {sorted(known)}")
    rates, weights = _table(d, "rates", path), _table(d, "weights", path)
    turnaround, backlog = _table(d, "turnaround", path), _table(d, "backlog", path)
    survival, drill = _table(d, "survival", path), _table(d, "drilldown", path)

    hours = rates.get("response_hours", 2)
    _need(
        _number(hours) and 0 < hours <= 24 * 30,
        path,
        "rates.response_hours",
        "must be a number of hours, > 0 and <= 720",
    )

    extra = sorted(set(weights) - set(RATES))
    _need(not extra, path, f"weights.{extra[0]}" if extra else "weights", f"unknown rate; known: {list(RATES)}")
    w = []
    for r in RATES:
        v = weights.get(r, 0)
        _need(_number(v) and 0 <= v <= 100, path, f"weights.{r}", "must be a number >= 0")
        w.append((r, float(v)))
    _need(sum(v for _, v in w) > 0, path, "weights", "at least one weight must be > 0")

    hour_edges = _edges(
        turnaround.get("hour_buckets", [0, 2, 8, 24, 72, 168, 360, 720]), path, "turnaround.hour_buckets", "hours"
    )
    edges = _edges(backlog.get("age_buckets", [0, 3, 8, 16, 31]), path, "backlog.age_buckets", "days")
    oldest = backlog.get("oldest_listed", 20)
    _need(_whole(oldest) and 1 <= oldest <= 1000, path, "backlog.oldest_listed", "must be a whole number 1..1000")

    curves = survival.get("max_curves", 8)
    _need(_whole(curves) and 1 <= curves <= 30, path, "survival.max_curves", "must be a whole number 1..30")

    show = drill.get("show_rows", 1000)
    _need(_whole(show) and 1 <= show <= 10_000, path, "drilldown.show_rows", "must be a whole number 1..10000")
    down = drill.get("download_rows", 50_000)
    _need(
        _whole(down) and show <= down <= 1_000_000,
        path,
        "drilldown.download_rows",
        "must be a whole number, at least drilldown.show_rows and at most 1000000",
    )
    return TicketConfig(float(hours), tuple(w), hour_edges, edges, oldest, curves, show, down)


@functools.lru_cache(maxsize=1)
def tickets() -> TicketConfig:
    return load()
