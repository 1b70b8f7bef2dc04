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
