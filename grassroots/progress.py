"""Progress reporting shared by the terminal and the page.

Long work takes a `progress` callable: progress(done, total, label). The terminal passes
`TerminalBar()`; a page passes a function that updates `st.progress`. `NULL` ignores it all.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: float, total: float, label: str = "") -> None: ...


def NULL(done: float, total: float, label: str = "") -> None:  # noqa: N802 - a constant-like callable
    return None


class TerminalBar:
    """A one-line bar on stderr, redrawn at most ten times a second (always at the end)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0
        self.open = False  # a line drawn and not yet ended

    def __call__(self, done: float, total: float, label: str = "") -> None:
        now = time.monotonic()
        finished = total and done >= total
        if not finished and now - self._last < 0.1:
            return
        self._last = now
        frac = 0.0 if not total else max(0.0, min(1.0, done / total))
        filled = int(frac * self.width)
        bar = "█" * filled + "░" * (self.width - filled)
        self.stream.write(f"\r{bar} {frac * 100:5.1f}% {label[:60]:<60}")
        self.open = not finished
        if finished:
            self.stream.write("\n")
        self.stream.flush()

    def end_line(self) -> None:
        """End the bar's line if it is left open (a command failing mid-way), so a message starts on its own."""
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """A sub-progress mapping its own 0..total onto start..end of a 0..1 parent."""

    def inner(done: float, total: float, label: str = "") -> None:
        frac = 0.0 if not total else done / total
        progress(start + (end - start) * frac, 1.0, label)

    return inner
