"""Checking ``-s NAME=VALUE`` overrides before anything runs.

Scrapy takes every ``-s`` value as a string and converts it where a component
reads it, so ``-s CONCURRENT_REQUESTS=abc`` used to end in a traceback deep in
the engine, ``-s DOWNLOAD_TIMEOUT=-5`` in a crawl that could never fetch, and a
misspelt ``NEWSCRAWL_`` name was silently ignored. Here the value is read the
way the setting's default says it will be read (the default's type, or the
annotation in :mod:`newscrawl.settings.defaults` when the default is None),
and a bad one raises :class:`SettingError`, which the CLI prints as a one-line
usage error.
"""

from __future__ import annotations

import difflib
import json
import math
import types
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

from newscrawl.errors import UsageError
from newscrawl.settings import defaults

#: Settings whose numbers may be negative (Scrapy's request priorities).
SIGNED_MARKERS = ("PRIORITY",)
#: Durations are read as floats even where the default is a whole number
#: (``DOWNLOAD_TIMEOUT = 180``), so their settings take fractions.
TIME_MARKERS = ("TIMEOUT", "DELAY", "INTERVAL")
#: Spellings Scrapy's ``getbool`` accepts.
BOOLEAN_WORDS = {"0", "1", "true", "false", "True", "False"}


class SettingError(UsageError, ValueError):
    """A ``-s`` override that the setting cannot take; the message says why."""


def parse_pair(pair: str) -> tuple[str, str]:
    """``NAME=VALUE`` -> (name, value), as Scrapy's ``-s`` takes it."""
    name, sep, value = pair.partition("=")
    if not sep or not name.strip():
        raise SettingError(f"-s takes NAME=VALUE, got {pair!r}")
    return name.strip(), value


def _expected_type(name: str, default: Any) -> type | None:
    if default is not None:
        return type(default)
    annotation = getattr(defaults, "__annotations__", {}).get(name)
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        return kinds[0] if len(kinds) == 1 and isinstance(kinds[0], type) else None
    return None


def _number(name: str, value: str, default: Any) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SettingError(f"-s {name}={value}: {name} takes a number "
                           f"(default {default!r})") from None
    if not math.isfinite(number):
        raise SettingError(f"-s {name}={value}: {name} takes a finite number")
    if number < 0 and not any(marker in name for marker in SIGNED_MARKERS):
        raise SettingError(f"-s {name}={value}: {name} must not be negative "
                           f"(default {default!r})")
    return number


def check_value(name: str, value: str, default: Any) -> None:
    """Raise :class:`SettingError` unless ``value`` reads as the setting's type."""
    kind = _expected_type(name, default)
    if kind is bool:
        if value.strip() not in BOOLEAN_WORDS:
            raise SettingError(f"-s {name}={value}: {name} takes True or False (or 1 or 0)")
    elif kind is int or kind is float:
        if default is None and not value.strip():
            return  # the documented "empty: none" of an optional number
        number = _number(name, value.strip(), default)
        if kind is int and not number.is_integer() and not any(m in name for m in TIME_MARKERS):
            raise SettingError(f"-s {name}={value}: {name} takes a whole number")
    elif kind is dict:
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise SettingError(f"-s {name}={value}: {name} takes a JSON object such as "
                               f'\'{{"key": 1}}\'')


def unknown_newscrawl_name(name: str, known: set[str]) -> str | None:
    """A message for a ``NEWSCRAWL_*`` name that no component reads."""
    if not name.startswith("NEWSCRAWL_") or name in known:
        return None
    names = sorted(n for n in known if n.startswith("NEWSCRAWL_"))
    close = difflib.get_close_matches(name, names, n=2, cutoff=0.8)
    hint = f"; did you mean {' or '.join(close)}?" if close else " (see newscrawl/settings/defaults.py)"
    return f"-s {name}: no such setting{hint}"


def check_overrides(settings: Any, overrides: Mapping[str, Any]) -> None:
    """Check command-line overrides against the project settings they override."""
    known = {*settings, *(n for n in vars(defaults) if n.isupper())}
    for name, value in overrides.items():
        if not isinstance(value, str):
            continue  # set by code, not typed on a command line
        problem = unknown_newscrawl_name(name, known)
        if problem:
            raise SettingError(problem)
        default = settings.get(name) if name in settings else getattr(defaults, name, None)
        check_value(name, value, default)
    check_clustering(settings, overrides)


def check_clustering(settings: Any, overrides: Mapping[str, Any]) -> None:
    """``NEWSCRAWL_DEDUPE_THRESHOLD`` with ``NEWSCRAWL_DEDUPE_NUM_PERM``, as the
    crawl will have them: each value may be fine and the pair still leave the
    signature fewer than two bands (0.9 with 4 permutations), or the threshold
    lie outside [0, 1]. Every page's signing then failed, each page dropped as
    an extraction error; now the pair is refused before the crawl."""
    crawl = settings.copy()  # the settings as the crawl will read them
    crawl.setdict(dict(overrides), priority="cmdline")
    if not crawl.getbool("NEWSCRAWL_DEDUPE"):
        return
    from newscrawl.store.minhash import band_split

    threshold, num_perm = crawl.get("NEWSCRAWL_DEDUPE_THRESHOLD"), crawl.get("NEWSCRAWL_DEDUPE_NUM_PERM")
    try:
        band_split(float(threshold), int(float(num_perm)))
    except ValueError as exc:
        raise SettingError(f"NEWSCRAWL_DEDUPE_THRESHOLD={threshold} with NEWSCRAWL_DEDUPE_NUM_PERM="
                           f"{num_perm}: no band split ({exc}); the threshold lies in [0, 1], and "
                           f"a higher one needs more permutations") from None
