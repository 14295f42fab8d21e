"""Header profiles: config/profiles/*.toml map a system's column names and value words to the model.

A user adds a layout by dropping a TOML file there (see config/profiles/standard.toml for the
format). Profiles are validated on load; an error names the file and the key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from grassroots import CONFIG_DIR
from grassroots.config import ConfigError, read_toml
from grassroots.ingest import model

PROFILES_DIR = CONFIG_DIR / "profiles"
DEADLINE_POLICIES = ("source", "sla")  # whose deadlines a ticket gets (see Profile.deadlines)
CALENDARS = ("cn", "plain")  # working days counted by grassroots.deadlines

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>")
_NOISE = re.compile(r"[\s_\-*:·.、/\\'\"]+")


def normalise_header(h) -> str:
    """Header text as matched: NFKC (full-width -> half-width), no units in brackets, no spaces or
    punctuation, lower case. '建筑面积（平方米）' and ' 建筑面积(㎡)' both become '建筑面积'."""
    if h is None:
        return ""
    s = unicodedata.normalize("NFKC", str(h)).strip().lower()
    stripped = _BRACKETED.sub("", s)
    s = stripped if _NOISE.sub("", stripped) else s  # a header that is all brackets keeps its text
    return _NOISE.sub("", s)


def normalise_word(w) -> str:
    """A value word as matched (the same folding the import applies in SQL: trim and lower case)."""
    return str(w).strip().lower()


@dataclass(frozen=True)
class TableProfile:
    table: str
    names: tuple[str, ...]  # sheet / file name hints
    columns: dict[str, tuple[str, ...]]  # field -> header aliases, in order of preference
    values: dict[str, dict[str, str]]  # field -> {normalised word: model value}
    defaults: dict[str, str]

    def header_index(self) -> dict[str, str]:
        """normalised header -> field."""
        out: dict[str, str] = {}
        for f, aliases in self.columns.items():
            for a in aliases:
                out.setdefault(normalise_header(a), f)
        return out


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    path: Path
    crs: str
    date_formats: tuple[str, ...]
    tables: dict[str, TableProfile] = field(default_factory=dict)
    deadlines: str = "sla"  # source: only the export's own deadlines; sla: fill missing ones from sla.toml
    calendar: str = "cn"  # cn: Chinese working days (holidays, 调休); plain: Monday to Friday


def _err(path: Path, key: str, reason: str) -> ConfigError:
    return ConfigError(f"profiles/{path.name}: {key}: {reason}")


def _str_list(v, path: Path, key: str) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(x, (str, int, float)) and str(x).strip() for x in v):
        raise _err(path, key, "must be a text or a non-empty list of texts")
    return tuple(str(x) for x in v)


def _canonical(f: model.Field, value: str, path: Path, key: str) -> str:
    """Check a model value named in a profile, for a field of an enumerated kind."""
    if f.kind == "rating":
        if value not in {"1", "2", "3", "4", "5"}:
            raise _err(path, key, "a rating must be 1..5")
    elif f.kind == "bool":
        if value not in ("true", "false"):
            raise _err(path, key, "must be true or false")
    elif f.kind == "status":
        if value not in model.TICKET_STATUSES + (model.CLOSED_OR_CANCELLED,):
            raise _err(path, key, f"must be one of {list(model.TICKET_STATUSES) + [model.CLOSED_OR_CANCELLED]}")
    elif f.kind == "crs":
        if value not in model.CRS_VALUES:
            raise _err(path, key, f"must be one of {list(model.CRS_VALUES)}")
    elif f.allowed and value not in f.allowed:
        raise _err(path, key, f"must be one of {list(f.allowed)}")
    return value


def _value_map(t: model.Table, fname: str, spec, path: Path, key: str) -> dict[str, str]:
    try:
        f = t.field(fname)
    except KeyError:
        raise _err(path, key, f"unknown field of {t.name}; fields: {list(t.names)}") from None
    if f.kind not in model.ENUM_KINDS:
        raise _err(path, key, f"{fname} is not a field with a fixed list of values")
    if not isinstance(spec, dict):
        raise _err(path, key, "must be a table of model value = [words]")
    out: dict[str, str] = {}
    for value, words in spec.items():
        value = _canonical(f, str(value), path, f"{key}.{value}")
        for w in _str_list(words, path, f"{key}.{value}"):
            nw = normalise_word(w)
            if out.get(nw, value) != value:
                raise _err(path, f"{key}.{value}", f"word {w!r} is already mapped to {out[nw]!r}")
            out[nw] = value
    return out


def _builtin_values(f: model.Field) -> dict[str, str]:
    """Words every profile understands: the model values themselves and yes/no words."""
    if f.kind == "bool":
        return {normalise_word(w): v for v, ws in model.BOOL_WORDS.items() for w in ws}
    if f.kind == "rating":
        return {str(i): str(i) for i in range(1, 6)}
    if f.kind == "crs":
        return {normalise_word(v): v for v in model.CRS_VALUES}
    return {normalise_word(v): v for v in f.allowed}


def load_profile(path: Path) -> Profile:
    d = read_toml(path)
    name = d.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise _err(path, "name", "must be a non-empty text")
    crs = d.get("crs", model.DB_CRS)
    if crs not in model.CRS_VALUES:
        raise _err(path, "crs", f"must be one of {list(model.CRS_VALUES)}")
    fmts = d.get("date_formats", ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"])
    if not isinstance(fmts, list) or not fmts or not all(isinstance(x, str) and "%" in x for x in fmts):
        raise _err(path, "date_formats", "must be a non-empty list of strptime formats such as '%Y-%m-%d'")
    deadlines = d.get("deadlines", "sla")
    if deadlines not in DEADLINE_POLICIES:
        raise _err(path, "deadlines", f"must be one of {list(DEADLINE_POLICIES)}")
    calendar = d.get("calendar", "cn")
    if calendar not in CALENDARS:
        raise _err(path, "calendar", f"must be one of {list(CALENDARS)}")
    shared = d.get("values", {})
    if not isinstance(shared, dict):
        raise _err(path, "values", "must be a table")
    tables_spec = d.get("tables")
    if not isinstance(tables_spec, dict) or not tables_spec:
        raise _err(path, "tables", "needs at least one [tables.NAME] section")
    tables: dict[str, TableProfile] = {}
    for tname, spec in tables_spec.items():
        key = f"tables.{tname}"
        if tname not in model.TABLES:
            raise _err(path, key, f"unknown table; tables: {list(model.TABLES)}")
        t = model.TABLES[tname]
        if not isinstance(spec, dict):
            raise _err(path, key, "must be a table")
        cols_spec = spec.get("columns")
        if not isinstance(cols_spec, dict) or not cols_spec:
            raise _err(path, f"{key}.columns", "needs at least one field = [headers]")
        columns: dict[str, tuple[str, ...]] = {}
        for fname, aliases in cols_spec.items():
            if fname not in t.names:
                raise _err(path, f"{key}.columns.{fname}", f"unknown field of {tname}; fields: {list(t.names)}")
            columns[fname] = _str_list(aliases, path, f"{key}.columns.{fname}")
        names = _str_list(spec["names"], path, f"{key}.names") if "names" in spec else ()
        values: dict[str, dict[str, str]] = {}
        for f in t.fields:
            if f.kind not in model.ENUM_KINDS:
                continue
            vm = _builtin_values(f)
            if f.name in shared:
                vm.update(_value_map(t, f.name, shared[f.name], path, f"values.{f.name}"))
            own = spec.get("values", {}).get(f.name)
            if own is not None:
                vm.update(_value_map(t, f.name, own, path, f"{key}.values.{f.name}"))
            values[f.name] = vm
        for fname in spec.get("values", {}):
            if fname not in values:
                _value_map(t, fname, spec["values"][fname], path, f"{key}.values.{fname}")  # raises
        defaults: dict[str, str] = {}
        for fname, v in spec.get("defaults", {}).items():
            if fname not in t.names:
                raise _err(path, f"{key}.defaults.{fname}", f"unknown field of {tname}")
            if not isinstance(v, (str, int, float, bool)):
                raise _err(path, f"{key}.defaults.{fname}", "must be a text, number or true/false")
            defaults[fname] = str(v).lower() if isinstance(v, bool) else str(v)
        tables[tname] = TableProfile(tname, names, columns, values, defaults)
    return Profile(name, str(d.get("description", name)), path, crs, tuple(fmts), tables, deadlines, calendar)


def load_all(directory: Path | None = None) -> dict[str, Profile]:
    """Every profile in config/profiles/, by name; the standard profile first."""
    directory = directory or PROFILES_DIR
    out: dict[str, Profile] = {}
    for path in sorted(directory.glob("*.toml"), key=lambda p: (p.stem != "standard", p.name)):
        p = load_profile(path)
        if p.name in out:
            raise _err(path, "name", f"profile {p.name!r} is also defined in {out[p.name].path.name}")
        out[p.name] = p
    if not out:
        raise ConfigError(f"no header profiles found in {directory.name}/")
    return out


def labels(profiles: dict[str, Profile]) -> dict[str, str]:
    """Profile name -> the text a page shows for it (its description); GeoJSON boundary files too."""
    return {"geojson": "GeoJSON", **{name: p.description for name, p in profiles.items()}}


# --- matching headers to a (profile, table) ------------------------------------------------------


@dataclass(frozen=True)
class Match:
    profile: Profile
    table: str
    mapping: dict[str, int]  # field -> source column index
    headers: tuple[str, ...]  # as found in the file
    score: tuple

    @property
    def table_profile(self) -> TableProfile:
        return self.profile.tables[self.table]

    @property
    def missing_required(self) -> list[str]:
        t = model.TABLES[self.table]
        defaults = self.table_profile.defaults
        return [f for f in t.required if f not in self.mapping and f not in defaults and t.field(f).default is None]

    def expected_headers(self) -> list[str]:
        """The first alias of every field of the table, required ones first."""
        t = model.TABLES[self.table]
        cols = self.table_profile.columns
        order = sorted(cols, key=lambda f: (not t.field(f).required, t.names.index(f)))
        return [cols[f][0] for f in order]

    def column_of(self, fname: str) -> str:
        """The column as a person knows it: its header in the file, else the profile's first name for
        it, else the standard export layout's (never the model's field name when either has one)."""
        i = self.mapping.get(fname)
        if i is not None:
            return self.headers[i]
        own = self.table_profile.columns.get(fname)
        return own[0] if own else standard_header(self.table, fname)


@functools.cache
def _standard_headers() -> dict[tuple[str, str], str]:
    try:
        p = load_profile(PROFILES_DIR / "standard.toml")
    except ConfigError:
        return {}
    return {(tn, f): aliases[0] for tn, tp in p.tables.items() for f, aliases in tp.columns.items()}


def standard_header(table: str, fname: str) -> str:
    """The standard export layout's header of a field (its model name when the layout has none)."""
    return _standard_headers().get((table, fname), fname)


def map_headers(tp: TableProfile, headers: list) -> dict[str, int]:
    """field -> index of the first header that names it (aliases in order of preference)."""
    norm = [normalise_header(h) for h in headers]
    out: dict[str, int] = {}
    for fname, aliases in tp.columns.items():
        for a in aliases:
            na = normalise_header(a)
            if na in norm:
                out[fname] = norm.index(na)
                break
    # one header feeds one field: the earlier field in the profile keeps it
    seen: set[int] = set()
    for fname in list(out):
        if out[fname] in seen:
            del out[fname]
        else:
            seen.add(out[fname])
    return out


def _name_hit(tp: TableProfile, hint: str) -> bool:
    h = normalise_header(hint)
    return bool(h) and any(normalise_header(n) and normalise_header(n) in h for n in tp.names)


def best_match(profiles: dict[str, Profile], headers: list, name_hints: tuple[str, ...] = ()) -> Match | None:
    """The (profile, table) whose columns the headers match best; sheet/file names break ties and
    decide when the headers say little."""
    best: Match | None = None
    for p in profiles.values():
        for tname, tp in p.tables.items():
            mapping = map_headers(tp, headers)
            hit = any(_name_hit(tp, n) for n in name_hints)
            t = model.TABLES[tname]
            req = sum(1 for f in t.required if f in mapping)
            score = (len(mapping), hit, req / max(1, len(t.required)), len(mapping) / max(1, len(tp.columns)))
            m = Match(p, tname, mapping, tuple("" if h is None else str(h) for h in headers), score)
            if best is None or m.score > best.score:
                best = m
    return best


def recognised(m: Match | None) -> bool:
    """Whether a match is strong enough to call the file that table."""
    if m is None:
        return False
    n, hit = m.score[0], m.score[1]
    return n >= 2 or (n >= 1 and hit)
