"""A settings file holding a bad text, and the message its loader refuses it with."""

from __future__ import annotations

from pathlib import Path

import pytest

from grassroots.config import ConfigError


def refusal(load, path: Path, text: str) -> str:
    """Write `text` to `path`, load it with `load` and give the message of the ConfigError that raises."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load(path)
    return str(err.value)
