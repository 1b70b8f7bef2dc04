"""Where a scheduled run writes its log and its locks.

One log file per run, named ``newscrawl-YYYYMMDD-HHMMSS-<sources>.log`` (UTC):
names sort by time, a run's log is found by its start and sources, and
rotation is deleting old files (``find var/log -name 'newscrawl-*.log'
-mtime +30 -delete``) with nothing to reopen or signal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.settings.paths import data_dir, dir_under_data, resolve

#: ``NEWSCRAWL_LOG_DIR`` value that switches the log file off (Scrapy logs to stderr).
NO_LOG_FILE = "-"
#: Sources named in a log file name at most; more are summarised as "+N".
MAX_NAMED_SOURCES = 3


def lock_dir(settings: Any) -> Path:
    return dir_under_data(settings, "NEWSCRAWL_LOCK_DIR", "locks")


def log_dir(settings: Any) -> Path | None:
    """The directory of run logs, or None when logging to a file is off."""
    value = settings.get("NEWSCRAWL_LOG_DIR") or ""
    if value == NO_LOG_FILE:
        return None
    return resolve(value) if value else data_dir(settings) / "log"


def sources_label(sources: Sequence[str], all_sources: bool = False) -> str:
    if all_sources:
        return "all"
    names = [re.sub(r"[^A-Za-z0-9_-]", "_", s) for s in sources]
    label = "+".join(names[:MAX_NAMED_SOURCES])
    if len(names) > MAX_NAMED_SOURCES:
        label += f"+{len(names) - MAX_NAMED_SOURCES}"
    return label or "none"


def log_file_name(sources: Sequence[str], started: datetime | None = None,
                  all_sources: bool = False) -> str:
    started = (started or datetime.now(UTC)).astimezone(UTC)
    return f"newscrawl-{started:%Y%m%d-%H%M%S}-{sources_label(sources, all_sources)}.log"


def run_log_file(settings: Any, sources: Sequence[str], all_sources: bool = False,
                 started: datetime | None = None) -> Path | None:
    """The log file of a run: ``LOG_FILE`` when set, else a new file in the log
    directory (created), else None (log to stderr)."""
    explicit = settings.get("LOG_FILE")
    if explicit:
        return Path(explicit)
    directory = log_dir(settings)
    if directory is None:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    return directory / log_file_name(sources, started, all_sources)
