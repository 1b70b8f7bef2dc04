"""Sub-commands of the ``newscrawl`` CLI (see :mod:`newscrawl.cli`).

Each module defines ``register(subparsers)``; :mod:`newscrawl.cli` imports
only the one the command line names, so keep module-level imports here light.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from newscrawl.errors import ArchiveUnavailable, UsageError


def setting_pair(pair: str) -> str:
    """argparse type of ``-s``: NAME=VALUE, or a usage error."""
    from newscrawl.settings.checks import SettingError, parse_pair

    try:
        parse_pair(pair)
    except SettingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return pair


def parse_setting_overrides(pairs: list[str] | None) -> dict[str, Any]:
    """``-s NAME=VALUE`` options, as Scrapy's own command line takes them."""
    from newscrawl.settings.checks import parse_pair

    return dict(parse_pair(pair) for pair in pairs or [])


def add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", default=[],
                        type=setting_pair,
                        help="override a Scrapy/newscrawl setting (repeatable)")


def add_source_filter(parser: argparse.ArgumentParser) -> None:
    """``--source NAME`` (repeatable): the commands that rework stored articles
    (``reextract``, ``cluster``) limit themselves to these sources."""
    parser.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="only articles of this source (repeatable)")


def output_path(value: str) -> Path:
    """argparse type of an output that may be stdout: ``Path("-")`` for ``-``
    (the writers stream to stdout for it), else :func:`output_file`."""
    return Path(value) if value == "-" else output_file(value)


def output_file(value: str) -> Path:
    """argparse type of a file a command writes: a path whose directory exists
    (or can be made) and is writable, and which is not itself a directory.
    Checked before any work is done; the write itself still reports what goes
    wrong later (as a one-line error, see :func:`newscrawl.cli.main`)."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a directory, not a file")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise argparse.ArgumentTypeError(f"cannot write {value}: permission denied")
        return path
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {value}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write {value}: directory {parent} is not "
                                         "writable")
    return path


def timezone_name(value: str) -> str:
    """argparse type of ``--timezone``: an IANA zone name."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an IANA time zone such as 'Europe/Vienna' or 'UTC'") from None
    return value


def open_archive(settings: Any, *, reading: bool = False):
    """``(client, db)`` of the archive, checked to answer.

    ``reading``: the command only reads (``stats``, ``export``, ``report``,
    ``runs``), so with the embedded server an empty data directory means the
    user is not where the archive is; say so instead of starting an empty one.
    Raises :class:`ArchiveUnavailable` with a one-line message.
    """
    from pymongo.errors import PyMongoError

    from newscrawl.store.embedded import EmbeddedServerError
    from newscrawl.store.mongo import configured_uri, embedded_server, mask_password, open_database

    uri = configured_uri(settings)
    if uri is None and reading:
        server = embedded_server(settings)
        if not server.db_dir.is_dir():
            raise ArchiveUnavailable(
                f"no archive in {server.data_dir} (NEWSCRAWL_DATA_DIR; a relative one is taken "
                f"from the directory holding scrapy.cfg, else the current one): run from the "
                f"project directory, or set NEWSCRAWL_DATA_DIR or NEWSCRAWL_MONGO_URI")
    try:
        client, db = open_database(settings)
    except EmbeddedServerError as exc:
        raise ArchiveUnavailable(f"the embedded archive server: {exc}") from None
    except PyMongoError as exc:  # a malformed URI
        raise ArchiveUnavailable(f"NEWSCRAWL_MONGO_URI {mask_password(uri or '')!r}: {exc}") from None
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        client.close()
        raise ArchiveUnavailable(archive_unavailable_message(uri or "the embedded server", exc)
                                 ) from None
    return client, db


def archive_unavailable_message(where: str, exc: BaseException) -> str:
    """One line for pymongo's multi-line topology errors."""
    from newscrawl.store.mongo import error_reason, mask_password

    return f"the archive at {mask_password(where)} does not answer: {error_reason(exc)}"


__all__ = ["ArchiveUnavailable", "UsageError", "add_settings_option", "add_source_filter",
           "open_archive", "output_file", "output_path", "parse_setting_overrides", "timezone_name"]
