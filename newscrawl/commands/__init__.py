"""Sub-commands of the ``newscrawl`` CLI (see :mod:`newscrawl.cli`)."""

import argparse
from typing import Any


def parse_setting_overrides(pairs: list[str] | None) -> dict[str, Any]:
    """``-s NAME=VALUE`` options, as Scrapy's own command line takes them."""
    overrides: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise argparse.ArgumentTypeError(f"-s takes NAME=VALUE, got {pair!r}")
        overrides[name] = value
    return overrides


def add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", default=[],
                        help="override a Scrapy/newscrawl setting (repeatable)")


def add_source_filter(parser: argparse.ArgumentParser) -> None:
    """``--source NAME`` (repeatable): the commands that rework stored articles
    (``reextract``, ``cluster``) limit themselves to these sources."""
    parser.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="only articles of this source (repeatable)")
