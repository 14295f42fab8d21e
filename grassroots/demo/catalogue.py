"""The service-item catalogue (事项清单) of the demo places, read from catalogue.csv.

Each item: (name, 1+6+X category, can be done online, median processing time in minutes, popularity).
Kunming's lists follow 小街社区's published 30 government-service items and 25 proxy items; Daxing's
follow 魏善庄's "47+N" high-frequency list; Putian's are the centres' high-frequency items.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DAY = 24 * 60


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    category: str
    list_kind: str  # 政务服务 / 代办 / 高频
    online: bool
    median_minutes: float
    popularity: float


CATALOGUE_FILE = Path(__file__).with_name("catalogue.csv")

Row = tuple[str, str, bool, int, int | float]  # name, category, online, median minutes, popularity


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _minutes(text: str) -> int:
    """A median processing time as the file writes it: "20min" or "3d"."""
    if text.endswith("min"):
        return int(text[: -len("min")])
    if text.endswith("d"):
        return int(text[:-1]) * DAY
    raise ValueError(f"{CATALOGUE_FILE.name}: median {text!r} is neither minutes (20min) nor days (3d)")


def _read_lists() -> dict[str, tuple[Row, ...]]:
    lists: dict[str, list[Row]] = {}
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            row = (r["name"], r["category"], r["online"] == "yes", _minutes(r["median"]), _number(r["popularity"]))
            lists.setdefault(r["list"], []).append(row)
    return {k: tuple(v) for k, v in lists.items()}


_LISTS = _read_lists()
KM_GOV = _LISTS["km_gov"]
KM_PROXY = _LISTS["km_proxy"]
DX_47 = _LISTS["dx_47"]
DX_N = _LISTS["dx_n"]
# the "+N" items a single station adds for its village
DX_LOCAL = _LISTS["dx_local"]
PT_HIGH = _LISTS["pt_high"]


def _items(prefix: str, kind: str, rows) -> list[Item]:
    return [Item(f"{prefix}{i:03d}", n, c, kind, o, m, p) for i, (n, c, o, m, p) in enumerate(rows, start=1)]


def family_lists(family: str) -> dict[str, list[Item]]:
    """The published lists of a family of places (KM Kunming, GY Guiyang, DX Daxing, PT Putian)."""
    if family in ("KM", "GY"):
        return {
            "政务服务": _items(f"{family}-ZW-", "政务服务", KM_GOV),
            "代办": _items(f"{family}-DB-", "代办", KM_PROXY),
        }
    if family == "DX":
        return {"高频": _items("DX-GP-", "高频", DX_47), "N": _items("DX-N-", "高频", DX_N)}
    if family == "PT":
        return {"高频": _items("PT-GP-", "高频", PT_HIGH)}
    raise ValueError(f"unknown family {family}")


def local_items(village_code: str, picks: list[int]) -> list[Item]:
    """The "+N" local items of one 魏善庄 station (indexes into DX_LOCAL)."""
    out = []
    for j, i in enumerate(picks, start=1):
        name, category, online, minutes, popularity = DX_LOCAL[i]
        out.append(Item(f"DX-L-{village_code[-3:]}-{j:02d}", name, category, "高频", online, minutes, popularity))
    return out
