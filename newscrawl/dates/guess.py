"""htmldate's guess without dateparser: its last-resort parser is ours.

htmldate hands the date expressions its own patterns cannot read to dateparser
(``htmldate.extractors._external_date``, in its extensive search), and asks
dateparser's locale tables for month names (``month_words``) to decide which
expressions are worth that. The first such date makes dateparser load the
tables of every locale it knows: ~41 MB in the fork server that warms the
workers (RSS after ``warm_up``: 280 MB with it, 239 MB without), plus more in
each worker on its first date, and 2.6 s of CPU in every process that did not
warm it.

:func:`use_own_parser` points both at ``newscrawl.dates``: expressions are read
by :func:`~newscrawl.dates.parse.parse_absolute_date` (the month names of
``newscrawl.dates.vocabulary``, day-first numeric dates, no relative dates),
and only full dates count, as with htmldate's ``STRICT_PARSING`` dateparser.
Measured on both development sets (docs/dates.md, "Cost of collection"): no
stored day lost. dateparser is then never imported.

The two names are private to htmldate: when a release renames them the hooks
are not installed, htmldate keeps using dateparser, and a test fails
(``tests/test_dates_guess.py``) instead of the crawl.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from newscrawl.dates.model import CALENDAR_PRECISIONS, offset_tzinfo
from newscrawl.dates.parse import parse_absolute_date
from newscrawl.dates.vocabulary import MONTH_NUMBERS

LOGGER = logging.getLogger(__name__)

#: A pipe between numbers separates a date's parts as dateparser reads it ("26 | 01 | 2022").
_PIPES = re.compile(r"(?<=\d)\s*\|\s*(?=\d)")
#: The functions of ``htmldate.extractors`` this module replaces.
HOOKS = ("_external_date", "month_words")
_installed = False


def use_own_parser() -> bool:
    """Make htmldate read its last-resort expressions with ``newscrawl.dates`` instead
    of dateparser (once per process); whether the hooks are in place."""
    global _installed
    if _installed:
        return True
    from htmldate import extractors

    if not all(callable(getattr(extractors, name, None)) for name in HOOKS):
        LOGGER.warning(
            "htmldate %s has no %s: it keeps using dateparser",
            getattr(extractors, "__version__", ""), " or ".join(HOOKS),
        )
        return False
    extractors._external_date = own_date
    extractors.month_words = month_words
    _installed = True
    return True


def own_date(expression: str) -> datetime | None:
    """The full date (day, month, year) written in ``expression`` as the naive wall
    time it names, as htmldate expects from dateparser; ``None`` for anything less."""
    parsed = parse_absolute_date(_PIPES.sub(".", expression))
    if parsed is None or parsed.precision in ("year", "month"):
        return None
    if parsed.precision in CALENDAR_PRECISIONS or not parsed.offset:
        return parsed.value.replace(tzinfo=None)
    return parsed.value.astimezone(offset_tzinfo(parsed.offset)).replace(tzinfo=None)


def month_words() -> frozenset[str]:
    """The month names ``newscrawl.dates`` reads (htmldate's cue that an expression
    without a year or English month name may still be a date)."""
    return frozenset(MONTH_NUMBERS)
