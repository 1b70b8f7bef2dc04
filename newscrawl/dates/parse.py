"""Parse one raw date string into a UTC datetime with the precision the text really carries.

Formats: ISO 8601 (with or without offset, "Z", fractions), RFC 822/2822 feed dates with
numeric or named zones, day-first and month-first dates with month names in German
(incl. Austrian "Jänner"), English, French, Italian, Spanish, Dutch and Portuguese,
numeric "03.05.2017 14:32 Uhr" / "3.5.2017", slash dates where unambiguous, year-month
("2017-05", "Mai 2017"), bare years, Unix timestamps, and relative dates ("vor 2 Stunden",
"gestern, 14:32", "2 hours ago", "il y a 3 heures") resolved against ``now``.

Conventions (see docs/dates.md):
- year/month/day precision: the first instant of the period *in UTC*, never shifted by a zone;
- a time with an offset or zone name is converted to UTC and the offset kept ("+02:00");
- a time without one is read in ``timezone`` (the outlet's IANA zone). At DST changes the
  earlier reading wins (``fold=0``): a time in the spring-forward gap uses the offset before
  the change, a repeated time in the fall-back hour is its first occurrence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

from newscrawl.dates.clock import (
    ClockTime,
    DateParseError,
    build,
    calendar_value,
    micro,
    time_after,
    time_before,
    zone_after,
    zoneinfo,
)
from newscrawl.dates.model import MAX_RAW_CHARS, REJECT_UNPARSEABLE, ParsedDate
from newscrawl.dates.relative import parse_relative
from newscrawl.dates.vocabulary import MONTH_NUMBERS

__all__ = [
    "DateParseError",
    "format_at_precision",
    "parse_absolute_date",
    "parse_corpus_date",
    "parse_date",
    "parse_date_strict",
]

_MONTH = "|".join(sorted(map(re.escape, MONTH_NUMBERS), key=len, reverse=True))
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"

_ISO = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"(?:(?:t|\s+|,\s*)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?(?!\d))?"
)
_ISO_BASIC = re.compile(
    r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:t(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?"
)
_TEXT_DAY_FIRST = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})(?:\.|er|st|nd|rd|th|º|°)?\s*(?:de\s+|of\s+)?"
    rf"(?P<mon>{_MONTH})(?![^\W\d_])\.?,?\s*(?:de\s+|del\s+)?'?{_YEAR}"
)
_TEXT_MONTH_FIRST = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_MONTH})(?![^\W\d_])\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"\s*,?\s*{_YEAR}"
)
# Unix date(1) / Java Date.toString() / asctime: "Tue Jan 28 15:28:56 CET 2020"
_CTIME = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_MONTH})(?![^\W\d_])\.?\s+(?P<d>\d{{1,2}})\s+"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s+(?P<zone>[^\W\d_]{1,5}\s+|[+-]\d{4}\s+)?"
    + _YEAR
)
_NUMERIC_DAY_FIRST = re.compile(
    r"(?<![\d.:/-])(?P<d>\d{1,2})(?P<sep>[.-])\s?(?P<m>\d{1,2})(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d{2}|\d{2})(?!\d)(?![.-]\d)"
)
_SLASH = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/])")
_TEXT_MONTH_YEAR = re.compile(rf"(?<![^\W\d_])(?P<mon>{_MONTH})(?![^\W\d_])\.?\s*{_YEAR}")
_ISO_MONTH = re.compile(
    r"^(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})$|^(?P<m2>\d{1,2})[/.](?P<y2>(?:19|20)\d{2})$"
)
_DATE_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}(?!\d)")
_YEAR_ONLY = re.compile(r"^(?P<y>(?:19|20)\d{2})$")
_EPOCH = re.compile(r"^(?P<s>\d{10})(?P<ms>\d{3})?$")


def parse_date(
    raw: str,
    *,
    timezone: str = "UTC",
    now: datetime | None = None,
    languages: Sequence[str] | None = None,
) -> ParsedDate | None:
    """Parse ``raw``; ``None`` when it holds no usable date (see ``parse_date_strict``)."""
    try:
        return parse_date_strict(raw, timezone=timezone, now=now, languages=languages)
    except DateParseError:
        return None


def parse_corpus_date(raw: str) -> ParsedDate | None:
    """A date as research corpora give it ("2017", "2017-05", "2017-05-03"), read in UTC."""
    return parse_date(raw)


def parse_date_strict(
    raw: str,
    *,
    timezone: str = "UTC",
    now: datetime | None = None,
    languages: Sequence[str] | None = None,
) -> ParsedDate:
    """Like ``parse_date`` but raises ``DateParseError`` with reason "unparseable" or
    "invalid_date" (a real pattern with an impossible day or time, e.g. "31.02.2017")."""
    zone_name = timezone
    zoneinfo(zone_name)  # a wrong outlet zone is a configuration error: fail loudly
    if not raw or len(raw) > MAX_RAW_CHARS:
        raise DateParseError((raw or "")[:MAX_RAW_CHARS], REJECT_UNPARSEABLE)
    text = _normalise(raw)
    if not text:
        raise DateParseError(raw, REJECT_UNPARSEABLE)
    parsed = _parse_written_date(text, raw, zone_name, languages)
    if parsed is not None:
        return parsed
    reference = _reference_now(now)
    parsed = parse_relative(text, raw, zone_name, reference)
    if parsed is not None:
        return parsed
    raise DateParseError(raw, REJECT_UNPARSEABLE)


def parse_absolute_date(raw: str) -> ParsedDate | None:
    """The absolute date written in ``raw``, read in UTC, or ``None``: what
    ``parse_date`` reads, without relative dates ("vor 2 Stunden" needs a "now") and
    without raising for an impossible day. htmldate's last-resort parser
    (``newscrawl.dates.guess``)."""
    if not raw or len(raw) > MAX_RAW_CHARS:
        return None
    try:
        return _parse_written_date(_normalise(raw), raw, "UTC", None)
    except DateParseError:
        return None


def _parse_written_date(
    text: str, raw: str, zone_name: str, languages: Sequence[str] | None
) -> ParsedDate | None:
    """The absolute date of normalised ``text``: a whole-string form (ISO 8601, an
    epoch...), else one written inside it; ``None`` when neither is there. Raises
    ``DateParseError`` for a real pattern with an impossible day or time."""
    for parser in (_parse_whole_string, _parse_absolute):
        parsed = parser(text, raw, zone_name, languages)
        if parsed is not None:
            return parsed
    return None


def format_at_precision(dt: datetime, precision: str) -> str:
    """Write ``dt`` no finer than ``precision``: "2017", "2017-05", "2017-05-03",
    "2017-05-03T14:32Z", "2017-05-03T14:32:05Z" (times in UTC)."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    formats = {
        "year": "%Y",
        "month": "%Y-%m",
        "day": "%Y-%m-%d",
        "minute": "%Y-%m-%dT%H:%MZ",
        "second": "%Y-%m-%dT%H:%M:%SZ",
    }
    if precision not in formats:
        raise ValueError(f"unknown precision {precision!r}: use one of {', '.join(formats)}")
    return dt.strftime(formats[precision])


# --- whole-string forms -------------------------------------------------------------------


def _parse_whole_string(
    text: str, raw: str, zone_name: str, languages: Sequence[str] | None
) -> ParsedDate | None:
    if m := _EPOCH.match(text):
        value = datetime.fromtimestamp(int(m["s"]), tz=UTC)
        return ParsedDate(value, "second", raw)
    if m := _ISO_BASIC.match(text):
        rest = text[m.end() :]
        if m["H"] or not rest.strip():
            hm = (int(m["H"]), int(m["M"]), int(m["S"]) if m["S"] else None) if m["H"] else None
            time = ClockTime(hm[0], hm[1], hm[2], 0, m.end()) if hm else None
            zone = zone_after(text, m.end()) if time else None
            return build(raw, int(m["y"]), int(m["m"]), int(m["d"]), time, zone, zone_name)
    if m := _ISO_MONTH.match(text):
        year, month = (m["y"], m["m"]) if m["y"] else (m["y2"], m["m2"])
        return calendar_value(raw, int(year), int(month), 1, "month")
    if m := _YEAR_ONLY.match(text):
        return calendar_value(raw, int(m["y"]), 1, 1, "year")
    return None


# --- dates found inside text ---------------------------------------------------------------


def _parse_absolute(
    text: str, raw: str, zone_name: str, languages: Sequence[str] | None
) -> ParsedDate | None:
    if m := _ISO.search(text):
        time = None
        if m["H"]:
            second = int(m["S"]) if m["S"] else None
            time = ClockTime(int(m["H"]), int(m["M"]), second, micro(m["f"]), m.end())
        elif not _DATE_OFFSET.match(text, m.end()):  # "2017-05-03-05:00" is a date with a zone
            time = time_after(text, m.end())
        return _dated(text, raw, int(m["y"]), int(m["m"]), int(m["d"]), time, zone_name)
    if m := _CTIME.search(text):
        second = int(m["S"]) if m["S"] else None
        time = ClockTime(int(m["H"]), int(m["M"]), second, 0, m.end())
        zone = zone_after(m["zone"], 0) if m["zone"] else None
        month = MONTH_NUMBERS[m["mon"]]
        return build(raw, int(m["y"]), month, int(m["d"]), time, zone, zone_name)
    for pattern in (_TEXT_DAY_FIRST, _TEXT_MONTH_FIRST):
        if m := pattern.search(text):
            month = MONTH_NUMBERS[m["mon"]]
            time = time_after(text, m.end()) or time_before(text, m.start())
            return _dated(text, raw, int(m["y"]), month, int(m["d"]), time, zone_name)
    if m := _NUMERIC_DAY_FIRST.search(text):
        time = time_after(text, m.end()) or time_before(text, m.start())
        year, month, day = _full_year(m["y"]), int(m["m"]), int(m["d"])
        if month > 12 >= day:  # "01.21.2020" can only be month-first
            month, day = day, month
        return _dated(text, raw, year, month, day, time, zone_name)
    if m := _SLASH.search(text):
        day_month = _slash_order(int(m["a"]), int(m["b"]), languages)
        if day_month is None:
            return None
        time = time_after(text, m.end()) or time_before(text, m.start())
        day, month = day_month
        return _dated(text, raw, _full_year(m["y"]), month, day, time, zone_name)
    if m := _TEXT_MONTH_YEAR.search(text):
        return calendar_value(raw, int(m["y"]), MONTH_NUMBERS[m["mon"]], 1, "month")
    return None


def _dated(
    text: str,
    raw: str,
    year: int,
    month: int,
    day: int,
    time: ClockTime | None,
    zone_name: str,
) -> ParsedDate:
    zone = zone_after(text, time.end) if time else None
    return build(raw, year, month, day, time, zone, zone_name)


def _slash_order(a: int, b: int, languages: Sequence[str] | None) -> tuple[int, int] | None:
    """(day, month) of "a/b/yyyy": unambiguous when one part is above 12, else by language
    (English month-first, every other language day-first); ``None`` when it cannot be told."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    if not languages:
        return None
    return (b, a) if languages[0].lower().startswith("en") else (a, b)


def _full_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    return 2000 + two if two < 70 else 1900 + two


def _reference_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).replace("\u00ad", "")
    if not text.isascii():  # Arabic-Indic, Bengali, Devanagari ... digits -> 0-9
        text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return " ".join(text.lower().split())
