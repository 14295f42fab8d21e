"""Pieces several pages' views share."""

from __future__ import annotations

from collections.abc import Callable

from grassroots import config


def extended_spans_text(cfg: config.AppConfig, tr: Callable[..., str]) -> str:
    """The extended opening hours of config/app.toml as the help texts say them."""
    return tr(
        "act.spans",
        wd=", ".join("–".join(s) for s in cfg.extended_weekday),
        we=", ".join("–".join(s) for s in cfg.extended_weekend),
    )
