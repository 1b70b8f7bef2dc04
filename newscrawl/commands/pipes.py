"""Standard output as a pipe: commands that stream records to stdout end
quietly when the reader stops reading (``newscrawl export - | head``)."""

from __future__ import annotations

import os
import sys


def quiet_stdout() -> None:
    """Point stdout at /dev/null after the reader closed the pipe, so that the
    interpreter's final flush does not print a BrokenPipeError."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
