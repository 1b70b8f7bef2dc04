"""Publication and modification dates in UTC with their true precision.

Pure module (no Scrapy): researchers can call it directly.

    >>> from newscrawl.dates import parse_date
    >>> parse_date("3. Mai 2017, 14:32", timezone="Europe/Vienna").value.isoformat()
    '2017-05-03T12:32:00+00:00'
"""

from newscrawl.dates.model import DateCandidate, DateResolution, ParsedDate
from newscrawl.dates.parse import (
    DateParseError,
    format_at_precision,
    parse_corpus_date,
    parse_date,
    parse_date_strict,
)
from newscrawl.dates.resolve import resolve_dates
from newscrawl.dates.urls import url_date_candidates

__all__ = [
    "DateCandidate",
    "DateParseError",
    "DateResolution",
    "ParsedDate",
    "format_at_precision",
    "parse_corpus_date",
    "parse_date",
    "parse_date_strict",
    "resolve_dates",
    "url_date_candidates",
]
