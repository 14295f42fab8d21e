"""Interface strings, Chinese first, English beside it.

Strings live in grassroots/strings/*.toml, one file per area of the app, each key a table
`key = { zh = "...", en = "..." }`. A key defined twice, or missing a language, is an error at load.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

STRINGS_DIR = Path(__file__).parent / "strings"
LANGUAGES = ("zh", "en")


@functools.lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for key, val in data.items():
            if key in out:
                raise ValueError(f"{path.name}: string {key!r} is defined twice")
            if not isinstance(val, dict) or any(not isinstance(val.get(lg), str) for lg in LANGUAGES):
                raise ValueError(f"{path.name}: string {key!r} needs zh and en")
            out[key] = val
    return out


def listing(items, lang: str = "zh") -> str:
    """Items in running text, as each language lists them: 甲、乙、丙 / a, b, c."""
    return t("common.list", lang).join(items)


def t(key: str, lang: str = "zh", **fmt) -> str:
    """The string for `key` in `lang`, formatted with `fmt`; an unknown key shows as itself."""
    entry = table().get(key)
    text = entry[lang if lang in LANGUAGES else "zh"] if entry else key
    return text.format(**fmt) if fmt else text
