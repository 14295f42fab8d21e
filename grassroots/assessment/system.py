"""Indicator systems: config/indicators/<name>.toml, loaded and validated.

A bad file is refused with an `IndicatorConfigError` naming the file, the line and the problem:
TOML syntax errors carry tomllib's line; for a value that parses but makes no sense the line of the
offending key is found in the text (`KeyLines`).

Each indicator names the query that computes it per unit (queries/assessment/<query>.sql, "a
source"), the columns holding its numerator and denominator (or its value), its direction, its
scoring rule, its full points and weight, and its red/yellow/green thresholds. The file format is
documented at the top of config/indicators/default.toml.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from grassroots import CONFIG_DIR, QUERIES_DIR, config, i18n

INDICATORS_DIR = CONFIG_DIR / "indicators"
SOURCES_DIR = QUERIES_DIR / "assessment"
LEVELS = ("street", "community", "centre")
DIRECTIONS = ("higher", "lower")
FORMATS = ("percent", "number", "count", "hours")
IF_MISSING = ("zero", "full", "exclude")
RULE_KINDS = ("linear", "bands", "deduction")
NOT_SOURCES = ("units", "data_sources")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class IndicatorConfigError(config.ConfigError):
    """A refused indicator file: `file`, `line` (None when the problem has no single line), and the
    problem as an i18n key with its values, so the page can say it in the user's language."""

    def __init__(self, file: str, line: int | None, problem: str, **values):
        self.file, self.line, self.key, self.values = file, line, problem, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        problem = i18n.t(self.key, lang, **self.values)
        where = i18n.t(
            "asm.cfg.where_line" if self.line else "asm.cfg.where_file", lang, file=self.file, line=self.line
        )
        return f"{where}: {problem}"


# --- where a key sits in the text -------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(r"^\s*([A-Za-z0-9_\-\.\"' ]+?)\s*=")
_INLINE_KEY = re.compile(r"([A-Za-z0-9_\-]+)\s*=")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in dotted.split("."))


class KeyLines:
    """Line numbers (1-based) of the keys of a TOML text, addressed by path:
    ("system", "min_n"), ("indicator", 2, "rule", "target"), ("indicator", 0, "rule", "bands", 1, "score").
    Covers what indicator files use: tables, arrays of tables, dotted keys, inline tables, and arrays
    of inline tables written one element per line."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}
        table: tuple = ()
        array_key: tuple | None = None  # inside a multi-line array value
        element = 0
        depth = 0
        for no, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
            if array_key is not None:
                for segment in line.split("{")[1:]:
                    self._inline(array_key + (element,), segment, no)
                    element += 1
                depth += line.count("[") - line.count("]")
                if depth <= 0:
                    array_key = None
                continue
            m = _HEADER.match(line)
            if m and "=" not in line.split("]", 1)[0]:
                names = _parts(m.group(2))
                path: tuple = ()
                for i, name in enumerate(names):
                    path += (name,)
                    is_last = i == len(names) - 1
                    if m.group(1) == "[[" and is_last:
                        counts[path] = counts.get(path, -1) + 1
                        path += (counts[path],)
                    elif path in counts:
                        path += (counts[path],)
                table = path
                self.lines.setdefault(table, no)
                continue
            k = _KEYLINE.match(line)
            if not k:
                continue
            key = table + _parts(k.group(1))
            self.lines.setdefault(key, no)
            value = line[k.end() :].strip()
            if value.startswith("{"):
                self._inline(key, value, no)
                inner = re.findall(r"([A-Za-z0-9_\-]+)\s*=\s*\[", value)
                depth = value.count("[") - value.count("]")
                if inner and depth > 0:  # an inline table whose array runs on over the next lines
                    array_key, element = key + (inner[-1],), 0
            elif value.startswith("["):
                depth = value.count("[") - value.count("]")
                element = 0
                for segment in value.split("{")[1:]:
                    self._inline(key + (element,), segment, no)
                    element += 1
                if depth > 0:
                    array_key = key

    def _inline(self, key: tuple, value: str, no: int) -> None:
        self.lines.setdefault(key, no)
        for m in _INLINE_KEY.finditer(value):
            self.lines.setdefault(key + (m.group(1),), no)

    def line(self, path: tuple) -> int | None:
        """The line of `path`, or of its nearest ancestor written in the text."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


# --- sources: the per-unit queries and their columns ----------------------------------------


def source_names() -> list[str]:
    return sorted(
        p.stem for p in SOURCES_DIR.glob("*.sql") if not p.stem.endswith("_records") and p.stem not in NOT_SOURCES
    )


def source_columns(source: str) -> tuple[str, ...]:
    """The output columns a source's header comment declares."""
    text = (SOURCES_DIR / f"{source}.sql").read_text(encoding="utf-8")
    cols: list[str] = []
    taking = False
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:]
        if "columns:" in body:
            taking = True
            body = body.split("columns:", 1)[1]
        elif taking and (not body.startswith("   ") or re.match(r"\s*\w+:", body)):
            taking = False
        if taking:
            cols += [c.strip().split()[0] for c in body.split(",") if c.strip()]
    return tuple(cols)


# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lights:
    green: float
    yellow: float


@dataclass(frozen=True)
class Rule:
    kind: str  # linear | bands | deduction
    target: float | None = None  # linear: full points at or beyond
    minus: float | None = None  # linear: points lost per `per` short of the target
    per: float | None = None
    zero_at: float | None = None  # linear: or straight down to 0 points at this value
    bands: tuple[tuple[float, float], ...] = ()  # bands: (threshold, points), best first
    otherwise: float = 0.0  # bands: points when no band is reached
    per_case: float | None = None  # deduction: points lost per case
    cap: float | None = None  # deduction: at most this many points lost


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    name_en: str
    definition: str
    definition_en: str
    query: str  # a source: queries/assessment/<query>.sql
    numerator: str | None
    denominator: str | None
    value: str | None  # a value column instead of numerator/denominator
    scale: float
    format: str
    direction: str
    points: float
    weight: float
    rule: Rule
    lights: Lights | None
    if_missing: str

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def max_weighted(self) -> float:
        return self.points * self.weight

    @property
    def records_query(self) -> str:
        return f"assessment/{self.query}_records"

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def describe(self, lang: str) -> str:
        return self.definition_en if lang == "en" and self.definition_en else self.definition


@dataclass(frozen=True)
class System:
    key: str  # file stem
    file: str
    name: str
    name_en: str
    description: str
    description_en: str
    levels: tuple[str, ...]
    min_n: int | None  # None: config/app.toml rules.min_n
    cases: tuple[str, str]  # (source, column) the minimum-n rule counts
    lights: Lights  # on the total, in points
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)

    @property
    def max_total(self) -> float:
        return sum(i.max_weighted for i in self.indicators)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def describe(self, lang: str) -> str:
        return self.description_en if lang == "en" and self.description_en else self.description

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)

    def weights(self) -> dict[str, float]:
        return {i.key: i.weight for i in self.indicators}

    def with_weights(self, weights: Mapping[str, float]) -> System:
        """A copy with these indicators' weights instead of the filed ones (a what-if: the file and this
        system stay as they are). A weight may be 0 (the indicator then counts for nothing), not below;
        at least one must be above 0. Refused with the indicator named."""
        known = self.weights()
        unknown = sorted(set(weights) - set(known))
        if unknown:
            raise ValueError(f"{self.file}: no indicator {', '.join(unknown)}")
        merged = {**known}
        for key, w in weights.items():
            try:
                f = float(w)
            except (TypeError, ValueError):
                raise ValueError(f"{self.file}: weight of {key} is not a number: {w!r}") from None
            if not math.isfinite(f) or f < 0:
                raise ValueError(f"{self.file}: weight of {key} must be 0 or more, not {w!r}")
            merged[key] = f
        if not any(w > 0 for w in merged.values()):
            raise ValueError(f"{self.file}: at least one weight must be above 0")
        return replace(self, indicators=tuple(replace(i, weight=merged[i.key]) for i in self.indicators))


# --- validation ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str, text: str):
        self.file = file
        self.where = KeyLines(text)

    def fail(self, path: tuple, problem: str, **values) -> NoReturn:
        raise IndicatorConfigError(self.file, self.where.line(path), problem, path=_show(path), **values)

    def table(self, v, path: tuple, allowed: set[str]) -> dict:
        if not isinstance(v, dict):
            self.fail(path, "asm.cfg.not_table")
        for k in v:
            if k not in allowed:
                self.fail(path + (k,), "asm.cfg.unknown_key", allowed=", ".join(sorted(allowed)))
        return v

    def text(self, d: dict, k: str, path: tuple, required: bool = False) -> str:
        v = d.get(k)
        if v is None and not required:
            return ""
        if not isinstance(v, str) or not v.strip():
            self.fail(path + (k,), "asm.cfg.need_text")
        return v.strip()

    def number(self, d: dict, k: str, path: tuple, default=None, low=None, high=None, above=None):
        v = d.get(k, default)
        if v is None:
            if default is None and k not in d:
                self.fail(path + (k,), "asm.cfg.missing", name=k)
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(path + (k,), "asm.cfg.need_number")
        if above is not None and not v > above:
            self.fail(path + (k,), "asm.cfg.need_above", low=above)
        if (low is not None and v < low) or (high is not None and v > high):
            self.fail(path + (k,), "asm.cfg.need_range", low=low, high=high)
        return float(v)

    def choice(self, d: dict, k: str, path: tuple, options, default=None) -> str:
        v = d.get(k, default)
        if v is None:
            self.fail(path + (k,), "asm.cfg.missing", name=k)
        if v not in options:
            self.fail(path + (k,), "asm.cfg.need_choice", options=", ".join(options))
        return v


def _show(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (("." if out else "") + p)
    return out


def _lights(c: _Checker, v, path: tuple, higher: bool, low=None, high=None) -> Lights:
    d = c.table(v, path, {"green", "yellow"})
    g = c.number(d, "green", path, low=low, high=high)
    y = c.number(d, "yellow", path, low=low, high=high)
    if (higher and y > g) or (not higher and y < g):
        c.fail(path + ("yellow",), "asm.cfg.lights_order" if higher else "asm.cfg.lights_order_lower")
    return Lights(g, y)


def _rule(c: _Checker, v, path: tuple, ind: dict, points: float, higher: bool, unit_range) -> Rule:
    if not isinstance(v, dict):
        c.fail(path, "asm.cfg.not_table")
    kind = c.choice(v, "kind", path, RULE_KINDS)
    lo, hi = unit_range
    if kind == "linear":
        d = c.table(v, path, {"kind", "target", "minus", "per", "zero_at"})
        target = c.number(d, "target", path, low=lo, high=hi)
        if "zero_at" in d:
            if "minus" in d or "per" in d:
                c.fail(path + ("zero_at",), "asm.cfg.linear_one_way")
            zero = c.number(d, "zero_at", path, low=lo, high=hi)
            if (higher and zero >= target) or (not higher and zero <= target):
                c.fail(path + ("zero_at",), "asm.cfg.zero_side_higher" if higher else "asm.cfg.zero_side_lower")
            return Rule(kind, target=target, zero_at=zero)
        if "minus" not in d or "per" not in d:
            c.fail(path, "asm.cfg.linear_needs")
        return Rule(kind, target=target, minus=c.number(d, "minus", path, low=0), per=c.number(d, "per", path, above=0))
    if kind == "bands":
        d = c.table(v, path, {"kind", "bands", "otherwise"})
        bands = d.get("bands")
        if not isinstance(bands, list) or not bands:
            c.fail(path + ("bands",), "asm.cfg.bands_needs")
        edge = "at_least" if higher else "at_most"
        out: list[tuple[float, float]] = []
        for i, b in enumerate(bands):
            bp = path + ("bands", i)
            b = c.table(b, bp, {edge, "score"})
            if edge not in b:
                c.fail(bp, "asm.cfg.band_edge", edge=edge)
            t = c.number(b, edge, bp, low=lo, high=hi)
            s = c.number(b, "score", bp, low=0, high=points)
            if out and ((higher and t >= out[-1][0]) or (not higher and t <= out[-1][0])):
                c.fail(bp + (edge,), "asm.cfg.bands_order_higher" if higher else "asm.cfg.bands_order_lower")
            if out and s > out[-1][1]:
                c.fail(bp + ("score",), "asm.cfg.bands_scores")
            out.append((t, s))
        otherwise = c.number(d, "otherwise", path, default=0.0, low=0, high=out[-1][1])
        return Rule(kind, bands=tuple(out), otherwise=otherwise)
    d = c.table(v, path, {"kind", "per_case", "max"})
    if higher:
        c.fail(path + ("kind",), "asm.cfg.deduction_lower")
    if ind.get("value") is not None:
        c.fail(path + ("kind",), "asm.cfg.deduction_counts")
    per_case = c.number(d, "per_case", path, above=0)
    cap = c.number(d, "max", path, default=points, above=0, high=points)
    return Rule(kind, per_case=per_case, cap=cap)


INDICATOR_KEYS = {
    "key",
    "name",
    "name_en",
    "definition",
    "definition_en",
    "query",
    "numerator",
    "denominator",
    "value",
    "scale",
    "format",
    "direction",
    "points",
    "weight",
    "rule",
    "lights",
    "if_missing",
}
SYSTEM_KEYS = {"name", "name_en", "description", "description_en", "levels", "min_n", "cases", "lights"}


def _indicator(c: _Checker, v, i: int, seen: set[str], sources: list[str]) -> Indicator:
    path = ("indicator", i)
    d = c.table(v, path, INDICATOR_KEYS)
    key = c.text(d, "key", path, required=True)
    if not _KEY.match(key):
        c.fail(path + ("key",), "asm.cfg.bad_key")
    if key in seen:
        c.fail(path + ("key",), "asm.cfg.dup_key", name=key)
    seen.add(key)
    name = c.text(d, "name", path, required=True)
    query = c.choice(d, "query", path, sources)
    columns = source_columns(query)
    cols = {}
    for k in ("numerator", "denominator", "value"):
        if k in d:
            col = c.text(d, k, path, required=True)
            if col not in columns:
                c.fail(path + (k,), "asm.cfg.no_column", column=col, query=query, columns=", ".join(columns))
            cols[k] = col
    if ("numerator" in cols) == ("value" in cols):
        c.fail(path, "asm.cfg.num_or_value")
    if "denominator" in cols and "numerator" not in cols:
        c.fail(path + ("denominator",), "asm.cfg.den_needs_num")
    direction = c.choice(d, "direction", path, DIRECTIONS)
    higher = direction == "higher"
    default_format = "percent" if "denominator" in cols and d.get("scale", 1) == 1 else "number"
    fmt = c.choice(d, "format", path, FORMATS, default=default_format)
    scale = c.number(d, "scale", path, default=1.0, above=0)
    points = c.number(d, "points", path, above=0)
    weight = c.number(d, "weight", path, default=1.0, above=0)
    unit_range = (0.0, 1.0) if fmt == "percent" else (None, None)
    rule = _rule(c, d.get("rule"), path + ("rule",), d, points, higher, unit_range)
    lights = _lights(c, d["lights"], path + ("lights",), higher, *unit_range) if "lights" in d else None
    return Indicator(
        key=key,
        name=name,
        name_en=c.text(d, "name_en", path),
        definition=c.text(d, "definition", path),
        definition_en=c.text(d, "definition_en", path),
        query=query,
        numerator=cols.get("numerator"),
        denominator=cols.get("denominator"),
        value=cols.get("value"),
        scale=scale,
        format=fmt,
        direction=direction,
        points=points,
        weight=weight,
        rule=rule,
        lights=lights,
        if_missing=c.choice(d, "if_missing", path, IF_MISSING, default="zero"),
    )


def parse(text: str, file: str = "<text>", key: str | None = None) -> System:
    """An indicator system from TOML text; `file` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        raise IndicatorConfigError(
            file, line, "asm.cfg.syntax", detail=re.sub(r"\s*\(at (line|end).*\)$", "", msg)
        ) from None
    c = _Checker(file, text)
    c.table(data, (), {"system", "indicator"})
    if "system" not in data:
        c.fail((), "asm.cfg.missing", name="[system]")
    s = c.table(data["system"], ("system",), SYSTEM_KEYS)
    name = c.text(s, "name", ("system",), required=True)
    levels = s.get("levels", list(LEVELS))
    if (
        not isinstance(levels, list)
        or not levels
        or any(x not in LEVELS for x in levels)
        or len(set(levels)) < len(levels)
    ):
        c.fail(("system", "levels"), "asm.cfg.levels", options=", ".join(LEVELS))
    min_n = s.get("min_n")
    if min_n is not None and (isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 1):
        c.fail(("system", "min_n"), "asm.cfg.min_n")
    sources = source_names()
    raw = data.get("indicator")
    if not isinstance(raw, list) or not raw:
        c.fail(("indicator",), "asm.cfg.no_indicators")
    seen: set[str] = set()
    indicators = tuple(_indicator(c, v, i, seen, sources) for i, v in enumerate(raw))
    cases = c.text(s, "cases", ("system",), required=True)
    src, _, col = cases.partition(".")
    if src not in sources or col not in source_columns(src):
        c.fail(("system", "cases"), "asm.cfg.cases", sources=", ".join(sources))
    max_total = sum(i.max_weighted for i in indicators)
    if "lights" not in s:
        c.fail(("system", "lights"), "asm.cfg.missing", name="lights")
    lights = _lights(c, s["lights"], ("system", "lights"), True, 0, max_total)
    return System(
        key=key or Path(file).stem,
        file=file,
        name=name,
        name_en=c.text(s, "name_en", ("system",)),
        description=c.text(s, "description", ("system",)),
        description_en=c.text(s, "description_en", ("system",)),
        levels=tuple(levels),
        min_n=min_n,
        cases=(src, col),
        lights=lights,
        indicators=indicators,
    )


def load(path: Path) -> System:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IndicatorConfigError(path.name, None, "asm.cfg.not_found") from None
    except UnicodeDecodeError:
        raise IndicatorConfigError(path.name, None, "asm.cfg.encoding") from None
    return parse(text, path.name, path.stem)


def load_all(folder: Path | None = None) -> tuple[list[System], list[IndicatorConfigError]]:
    """Every system in config/indicators/, default first; a bad file is reported, not fatal."""
    folder = folder or INDICATORS_DIR
    systems, errors = [], []
    for path in sorted(folder.glob("*.toml"), key=lambda p: (p.stem != "default", p.stem)):
        try:
            systems.append(load(path))
        except IndicatorConfigError as exc:
            errors.append(exc)
    return systems, errors
