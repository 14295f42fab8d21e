"""Pieces several pages' views share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from grassroots import config


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
