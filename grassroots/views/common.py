"""Pieces several pages' views share."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from grassroots import codes, config
from grassroots.cards import Spec


def extended_spans_text(cfg: config.AppConfig, tr: Callable[..., str]) -> str:
    """The extended opening hours of config/app.toml as the help texts say them."""
    return tr(
        "act.spans",
        wd=", ".join("–".join(s) for s in cfg.extended_weekday),
        we=", ".join("–".join(s) for s in cfg.extended_weekend),
    )


def labelled(columns: list[tuple[str, object]], tr: Callable[..., str]) -> pd.DataFrame:
    """A table from (string key of the header, column) pairs, headed in the reader's language."""
    return pd.DataFrame({tr(key): values for key, values in columns})


def headers(keys, tr: Callable[..., str]) -> list[str]:
    """The headers of `keys` (e.g. the columns a page shows in percent)."""
    return [tr(k) for k in keys]


def declared(module_file: str) -> dict:
    """A view module's cards and tables: the .toml file beside it (its comments say the format)."""
    return tomllib.loads(Path(module_file).with_suffix(".toml").read_text(encoding="utf-8"))


BETTER = {"higher": True, "lower": False, "neither": None}


def card_specs(declared_cards: dict[str, dict]) -> tuple[Spec, ...]:
    """The specs of a page's declared cards (column = {label, unit, help, metric, better, compare}), in order."""
    return tuple(
        Spec(
            column,
            **{k: v for k, v in card.items() if k != "better"},
            higher_is_better=BETTER[card.get("better", "higher")],
        )
        for column, card in declared_cards.items()
    )


def table(frame: pd.DataFrame, columns: dict[str, str], tr: Callable[..., str], lang: str = "zh") -> pd.DataFrame:
    """`frame` as one of the tables `declared`: header key -> "column" or "column how"."""
    return labelled([(key, _column(frame, spec, lang)) for key, spec in columns.items()], tr)


def _column(frame: pd.DataFrame, spec: str, lang: str):
    name, *how = spec.split()
    values = frame[name]
    if not how:
        return values
    if how[0] == "round":
        return values.round(int(how[1]))
    if how[0] == "code":
        return codes.series(how[1], values, lang)
    if how[0] == "month":
        return pd.to_datetime(values).dt.strftime("%Y-%m")
    if how[0] == "date":
        return pd.to_datetime(values).dt.date
    raise ValueError(f"a table column {spec!r}: unknown {how[0]!r} (round, code, month or date)")
