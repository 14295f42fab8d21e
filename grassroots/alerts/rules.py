"""Alert rules from config/alerts.toml, validated on load: a mistake names the file, the rule and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grassroots import CONFIG_DIR

METRICS = ("on_time_pct", "satisfaction_pct", "closure_rate_pct", "overdue_open", "volume_change_pct", "pilot_behind")
LEVELS = ("street", "community")
OPS = {"<": lambda v, t: v < t, "<=": lambda v, t: v <= t, ">": lambda v, t: v > t, ">=": lambda v, t: v >= t}
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class RuleError(ValueError):
    """config/alerts.toml: what is wrong and where."""


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    name_en: str
    metric: str
    level: str
    op: str
    threshold: float
    min_n: int = 0
    window_days: int = 30

    def label(self, lang: str = "zh") -> str:
        return self.name if lang == "zh" else (self.name_en or self.name)

    def fires(self, value: float | None) -> bool:
        return value is not None and OPS[self.op](value, self.threshold)


def parse(text: str, file: str = "alerts.toml") -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{file}: not valid TOML ({exc})") from None
    unknown = set(data) - {"rule"}
    if unknown:
        raise RuleError(f"{file}: unknown section {sorted(unknown)[0]!r}; rules go in [[rule]] tables")
    out, seen = [], set()
    for i, r in enumerate(data.get("rule", []), start=1):
        where = f"{file}: rule {i}"

        def need(cond: bool, key: str, why: str, where: str = where, r: dict = r) -> None:
            if not cond:
                raise RuleError(f"{where} ({r.get('key', '?')}), key {key}: {why}")

        extra = set(r) - {"key", "name", "name_en", "metric", "level", "op", "threshold", "min_n", "window_days"}
        need(not extra, sorted(extra)[0] if extra else "", "unknown key")
        need(isinstance(r.get("key"), str) and bool(_KEY.match(r["key"])), "key", "a short id of a-z, 0-9 and _")
        need(r["key"] not in seen, "key", "used by an earlier rule")
        seen.add(r["key"])
        need(isinstance(r.get("name"), str) and r["name"].strip() != "", "name", "required text")
        need(r.get("metric") in METRICS, "metric", f"one of {', '.join(METRICS)}")
        need(r.get("level") in LEVELS, "level", f"one of {', '.join(LEVELS)}")
        need(r.get("op") in OPS, "op", f"one of {' '.join(OPS)}")
        th = r.get("threshold")
        need(isinstance(th, (int, float)) and not isinstance(th, bool), "threshold", "a number")
        mn = r.get("min_n", 0)
        need(isinstance(mn, int) and not isinstance(mn, bool) and mn >= 0, "min_n", "a whole number >= 0")
        wd = r.get("window_days", 30)
        need(isinstance(wd, int) and not isinstance(wd, bool) and 1 <= wd <= 366, "window_days", "1 to 366 days")
        out.append(Rule(r["key"], r["name"], r.get("name_en", ""), r["metric"], r["level"], r["op"], float(th), mn, wd))
    return tuple(out)


def load(path: Path | None = None) -> tuple[Rule, ...]:
    path = path or CONFIG_DIR / "alerts.toml"
    if not path.exists():
        return ()
    return parse(path.read_text(encoding="utf-8"), path.name)
