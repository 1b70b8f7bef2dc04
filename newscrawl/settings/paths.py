"""Where newscrawl keeps its files: resolved once, the same for every command.

``NEWSCRAWL_DATA_DIR`` (default ``var``) and the directories under it
(``NEWSCRAWL_SPOOL_DIR``, ``NEWSCRAWL_LOCK_DIR``, ``NEWSCRAWL_LOG_DIR``) may be
relative. A relative path is taken from the *project directory*, the nearest
directory at or above the current one that holds ``scrapy.cfg`` (the rule by
which Scrapy finds its project), or the current directory when there is none.
So ``newscrawl stats`` run in a subdirectory of a checkout reads the same
archive as ``make demo`` did, instead of starting an empty one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: File that marks the project directory (as for Scrapy's own commands).
PROJECT_MARKER = "scrapy.cfg"


def project_dir(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` (default: the current one)
    holding ``scrapy.cfg``; ``start`` itself when there is none."""
    here = (start or Path.cwd()).absolute()
    for directory in (here, *here.parents):
        if (directory / PROJECT_MARKER).is_file():
            return directory
    return here


def resolve(path: str | Path) -> Path:
    """An absolute path; a relative one is taken from :func:`project_dir`."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else project_dir() / path


def data_dir(settings: Any) -> Path:
    """``NEWSCRAWL_DATA_DIR`` resolved; the environment variable of the same
    name wins over the setting."""
    value = os.environ.get("NEWSCRAWL_DATA_DIR") or (settings.get("NEWSCRAWL_DATA_DIR")
                                                     if settings is not None else None)
    return resolve(value or "var")


def dir_under_data(settings: Any, name: str, default: str) -> Path:
    """Setting ``name`` resolved, else ``<data dir>/<default>``."""
    value = settings.get(name) if settings is not None else None
    return resolve(value) if value else data_dir(settings) / default
