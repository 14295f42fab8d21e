"""Personal data: the catalogue that says which column holds what (grassroots/schema/personal.toml)
and the masks every output applies for a role without the personal right (docs/domain.md): phone
180****1999, ID first 6 + last 4, names keep the surname, addresses to the community, and phone and ID
numbers inside free text masked where they stand."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CATALOGUE_PATH = Path(__file__).parent / "schema" / "personal.toml"
KINDS = ("name", "phone", "id", "address", "free_text", "none")

# two-character compound surnames that must stay whole
_COMPOUND = tuple("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯".split())


def _keeps_missing(mask):
    """`mask` for a present value; a missing one (None, NaN) comes back as it is."""

    @functools.wraps(mask)
    def masked(v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return v
        return mask(v)

    return masked


@_keeps_missing
def mask_phone(v):
    if re.fullmatch(r"\d{3}\*+\d{4}", str(v)):
        return v  # already masked
    s = re.sub(r"\D", "", str(v))
    if len(s) < 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


@_keeps_missing
def mask_id(v):
    s = str(v).strip()
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


@_keeps_missing
def mask_name(v):
    s = str(v).strip()
    if not s:
        return s
    if re.fullmatch(r"[A-Za-z .'-]+", s):  # western name: keep the family name (last word)
        parts = s.split()
        return " ".join(["*"] * (len(parts) - 1) + parts[-1:]) if len(parts) > 1 else s[0] + "*" * (len(s) - 1)
    keep = 2 if s[:2] in _COMPOUND else 1
    return s[:keep] + "*" * max(1, len(s) - keep)


_COMMUNITY = re.compile(r"^(.*?(?:社区|村委会|村|居委会))")


@_keeps_missing
def mask_address(v):
    m = _COMMUNITY.match(str(v))
    return (m.group(1) + "***") if m else "***"


# 18-character ID card numbers, mobile numbers (optionally +86, spaced or dashed 3-4-4) and landlines
# with their area code, each standing alone (not part of a longer run of digits or letters)
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[- ]?)\d{7,8}(?!\d)")
_DIGIT_RUN = re.compile(r"\d[\d -]{5,}\d")


def _mask_digits(m: re.Match) -> str:
    text = m.group(0)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    hide = set(digits[3:-4])
    return "".join("*" if i in hide else ch for i, ch in enumerate(text))


@_keeps_missing
def mask_text(v):
    """Free text with every phone and ID number in it masked (the words around them stay)."""
    s = str(v)
    if not _DIGIT_RUN.search(s):
        return v
    s = _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), s)
    s = _MOBILE_IN_TEXT.sub(_mask_digits, s)
    return _LANDLINE_IN_TEXT.sub(_mask_digits, s)


MASKS = {"name": mask_name, "phone": mask_phone, "id": mask_id, "address": mask_address, "free_text": mask_text}


# --- the catalogue ---------------------------------------------------------------------------------


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    """What a column holds. `named_when`: (column, words) - on a row whose `column` contains one of
    the words the value names an organisation, not a person, and is not masked."""

    kind: str
    named_when: tuple[str, tuple[str, ...]] | None = None
    key: bool = False  # identifies a person or record: anonymised by pseudonym (grassroots/retention.py)

    @property
    def personal(self) -> bool:
        return self.kind != "none"


@dataclass(frozen=True)
class Catalogue:
    tables: dict[str, dict[str, Entry]]  # table -> column -> entry
    names: dict[str, Entry]  # every column name (tables' and query outputs') -> entry

    def entry(self, column: str) -> Entry | None:
        """The entry for a column name, None when the catalogue does not list it."""
        return self.names.get(column)

    def table(self, name: str) -> dict[str, Entry]:
        return self.tables.get(name, {})

    def personal(self, table: str) -> dict[str, Entry]:
        """The personal columns of a table."""
        return {c: e for c, e in self.table(table).items() if e.personal}


def _entry(where: str, value) -> Entry:
    if isinstance(value, str):
        value = {"kind": value}
    if not isinstance(value, dict) or value.get("kind") not in KINDS:
        raise CatalogueError(f"{CATALOGUE_PATH.name} {where}: kind must be one of {', '.join(KINDS)}")
    named = value.get("named_when")
    if named is not None:
        column, words = named.get("column"), named.get("contains")
        if not isinstance(column, str) or not isinstance(words, list) or not words:
            raise CatalogueError(f"{CATALOGUE_PATH.name} {where}: named_when needs a column and a list of words")
        named = (column, tuple(str(w) for w in words))
    key = value.get("key", False)
    if not isinstance(key, bool):
        raise CatalogueError(f"{CATALOGUE_PATH.name} {where}: key must be true or false")
    return Entry(value["kind"], named, key)


def load(path: Path = CATALOGUE_PATH) -> Catalogue:
    """Read and check the catalogue: a column name means the same wherever it appears."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    tables: dict[str, dict[str, Entry]] = {}
    names: dict[str, Entry] = {}
    for table, cols in raw.get("tables", {}).items():
        tables[table] = {c: _entry(f"[tables.{table}] {c}", v) for c, v in cols.items()}
    merged = [(f"[tables.{t}]", c, e) for t, cols in tables.items() for c, e in cols.items()]
    merged += [("[outputs]", c, _entry(f"[outputs] {c}", v)) for c, v in raw.get("outputs", {}).items()]
    for where, column, entry in merged:
        seen = names.setdefault(column, entry)
        if seen.kind != entry.kind:
            raise CatalogueError(f"{path.name} {where} {column}: tagged {entry.kind} here, {seen.kind} elsewhere")
    return Catalogue(tables, names)


@functools.cache
def catalogue() -> Catalogue:
    return load()


# --- masking ---------------------------------------------------------------------------------------


def mask_value(column: str, value):
    """One value of `column` masked by the column's kind (unlisted columns pass unchanged)."""
    entry = catalogue().entry(column)
    if entry is None or not entry.personal:
        return value
    return MASKS[entry.kind](value)


def mask_frame(df: pd.DataFrame, may_see_personal: bool) -> pd.DataFrame:
    """A copy of `df` with every personal column (by the catalogue) masked, unless the role may see
    personal data."""
    if may_see_personal:
        return df
    cat = catalogue()
    cols = {c: e for c in df.columns if isinstance(c, str) and (e := cat.entry(c)) is not None and e.personal}
    if not cols:
        return df
    out = df.copy()
    for c, entry in cols.items():
        masked = out[c].map(MASKS[entry.kind])
        if entry.named_when and entry.named_when[0] in out.columns:
            column, words = entry.named_when
            named = out[column].fillna("").astype(str).str.contains("|".join(map(re.escape, words)))
            masked = masked.where(~named, out[c])
        out[c] = masked
    return out


# --- masking inside SQL ----------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def sql_masks(con, columns: list[str], may_see_personal: bool) -> dict[str, str]:
    """For each personal column among `columns` (by the catalogue), a select expression that passes it through
    its mask, a function registered on the DuckDB connection `con` (the identity for a role that may see
    personal data). The expressions hold only checked identifiers from the catalogue, no values."""
    cat = catalogue()
    out: dict[str, str] = {}
    for column in columns:
        entry = cat.entry(column)
        if entry is None or not entry.personal:
            continue
        names = [column] + ([entry.named_when[0]] if entry.named_when else [])
        if not all(_IDENTIFIER.match(n) for n in names):
            raise CatalogueError(f"not a plain column name: {column}")
        if entry.named_when and entry.named_when[0] in columns:
            fn, args = f"mask_{column}_unless_named", f'"{column}", "{entry.named_when[0]}"'
        else:
            fn, args = f"mask_{entry.kind}", f'"{column}"'
        _register(con, fn, entry, may_see_personal)
        out[column] = f'{fn}({args}) as "{column}"'
    return out


def _register(con, name: str, entry: Entry, may_see_personal: bool) -> None:
    try:
        con.remove_function(name)
    except Exception:  # not registered yet on this connection
        pass
    mask = MASKS[entry.kind]
    if not entry.named_when:
        con.create_function(
            name, (lambda v: v) if may_see_personal else mask, ["VARCHAR"], "VARCHAR", side_effects=False
        )
        return
    words = entry.named_when[1]

    def unless_named(v, other):
        return v if may_see_personal or any(w in (other or "") for w in words) else mask(v)

    con.create_function(name, unless_named, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=False)
