"""The download functions a page run drew (grassroots.ui.downloads.button), by file name: calling one
does what a click on the button does in the browser - the user's check, the audit row, the file."""

from __future__ import annotations

from collections.abc import Callable

from grassroots.ui import downloads


def capture(monkeypatch) -> dict[str, Callable[[], bytes | str]]:
    made: dict[str, Callable] = {}
    real = downloads.on_click

    def keep(build, file_name):
        made[file_name] = real(build, file_name)
        return made[file_name]

    monkeypatch.setattr(downloads, "on_click", keep)
    return made
