"""A progress line on a terminal, silence in cron.

Drawn only when the stream is a terminal (``isatty``), so a cron job's log
gets no carriage-return noise; redrawn at most a few times a second so a fast
export does not spend its time on the terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, label: str = "exported",
                 interval: float = 0.2, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.label, self.interval = total, label, interval
        self.done = 0
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self._last >= self.interval:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        share = self.done / self.total if self.total else 1.0
        width = 30
        bar = "#" * int(width * min(share, 1.0))
        self.stream.write(f"\r{self.label} [{bar:<{width}}] {self.done:,}/{self.total:,} "
                          f"({share:.0%})")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
