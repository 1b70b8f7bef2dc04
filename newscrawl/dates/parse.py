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
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.dates.model import (
    CALENDAR_PRECISIONS,
    REJECT_INVALID_DATE,
    REJECT_UNPARSEABLE,
    ParsedDate,
    format_offset,
)
from newscrawl.dates.vocabulary import (
    DAY_WORDS,
    MONTH_NUMBERS,
    NUMBER_WORDS,
    RELATIVE_UNITS,
    ZONE_OFFSETS,
)

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

_TIME_AFTER = re.compile(
    r"\s*(?:[,|/·•–—-]\s*)?(?:(?:um|à|a|at|alle|ore|a las|às|kl\.?|om|le)\s+)?"
    r"(?P<H>\d{1,2})(?:(?P<sep>[:h.])(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?(?!\d)"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?P<uhr>uhr\b|h\b)?"
)
_TIME_BEFORE = re.compile(
    r"(?<!\d)(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    r"\s*(?:uhr\b)?[\s,|/·•–—-]*(?:(?:am|le|on|el|il|del)\s+)?(?:[^\W\d_]+,?\s+)?$"
)
_ZONE = re.compile(
    r"(?P<z>z)(?![^\W\d_])"
    r"|\s*\(?(?:(?P<gmt>gmt|utc)\s*(?P<gsign>[+-])\s*(?P<gh>\d{1,2})(?::?(?P<gm>\d{2}))?(?!\d)"
    r"|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})?(?!\d)"
    r"|(?P<name>[^\W\d_]{1,5})(?![^\W\d_]))\)?"
)

_REL_PATTERNS = (
    re.compile(r"(?P<n>\d+|[^\W\d_]+)\s*(?P<u>[^\W\d_]+)\.?\s+ago\b"),
    re.compile(r"\bvor\s+(?P<n>\d+|[^\W\d_]+)\s+(?P<u>[^\W\d_]+)"),
    re.compile(r"\bil\s+y\s+a\s+(?P<n>\d+|[^\W\d_]+)\s+(?P<u>[^\W\d_]+)"),
    re.compile(r"\bhace\s+(?P<n>\d+|[^\W\d_]+)\s+(?P<u>[^\W\d_]+)"),
    re.compile(r"(?P<n>\d+|[^\W\d_]+)\s+(?P<u>[^\W\d_]+)\s+fa\b"),
)
_DAY_WORD = re.compile(
    r"(?<![^\W\d_])(?P<w>"
    + "|".join(sorted(map(re.escape, DAY_WORDS), key=len, reverse=True))
    + r")(?![^\W\d_])"
)
# French "hier" (yesterday) is German "here": accept it only alone or right before a time.
_HIER = re.compile(r"^\W*(?P<w>hier)(?=\s*$|\s*(?:,|à|a)?\s*\d{1,2}[:h]\d{2})")


class _Time(NamedTuple):
    hour: int
    minute: int
    second: int | None
    micro: int
    end: int


class _Zone(NamedTuple):
    minutes: int


class DateParseError(ValueError):
    """A raw date that cannot be used; ``reason`` is a stable short name."""

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(f"date {raw!r}: {reason}")
        self.raw = raw
        self.reason = reason


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
    _zoneinfo(zone_name)  # a wrong outlet zone is a configuration error: fail loudly
    text = _normalise(raw or "")
    if not text:
        raise DateParseError(raw, REJECT_UNPARSEABLE)
    for parser in (_parse_whole_string, _parse_absolute):
        parsed = parser(text, raw, zone_name, languages)
        if parsed is not None:
            return parsed
    reference = _reference_now(now)
    parsed = _parse_relative(text, raw, zone_name, reference)
    if parsed is not None:
        return parsed
    raise DateParseError(raw, REJECT_UNPARSEABLE)


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
            time = _Time(hm[0], hm[1], hm[2], 0, m.end()) if hm else None
            zone = _zone_after(text, m.end()) if time else None
            return _build(raw, int(m["y"]), int(m["m"]), int(m["d"]), time, zone, zone_name)
    if m := _ISO_MONTH.match(text):
        year, month = (m["y"], m["m"]) if m["y"] else (m["y2"], m["m2"])
        return _calendar(raw, int(year), int(month), 1, "month")
    if m := _YEAR_ONLY.match(text):
        return _calendar(raw, int(m["y"]), 1, 1, "year")
    return None


# --- dates found inside text ---------------------------------------------------------------


def _parse_absolute(
    text: str, raw: str, zone_name: str, languages: Sequence[str] | None
) -> ParsedDate | None:
    if m := _ISO.search(text):
        time = None
        if m["H"]:
            second = int(m["S"]) if m["S"] else None
            time = _Time(int(m["H"]), int(m["M"]), second, _micro(m["f"]), m.end())
        elif not _DATE_OFFSET.match(text, m.end()):  # "2017-05-03-05:00" is a date with a zone
            time = _time_after(text, m.end())
        return _dated(text, raw, int(m["y"]), int(m["m"]), int(m["d"]), time, zone_name)
    if m := _CTIME.search(text):
        second = int(m["S"]) if m["S"] else None
        time = _Time(int(m["H"]), int(m["M"]), second, 0, m.end())
        zone = _zone_after(m["zone"], 0) if m["zone"] else None
        month = MONTH_NUMBERS[m["mon"]]
        return _build(raw, int(m["y"]), month, int(m["d"]), time, zone, zone_name)
    for pattern in (_TEXT_DAY_FIRST, _TEXT_MONTH_FIRST):
        if m := pattern.search(text):
            month = MONTH_NUMBERS[m["mon"]]
            time = _time_after(text, m.end()) or _time_before(text, m.start())
            return _dated(text, raw, int(m["y"]), month, int(m["d"]), time, zone_name)
    if m := _NUMERIC_DAY_FIRST.search(text):
        time = _time_after(text, m.end()) or _time_before(text, m.start())
        year, month, day = _full_year(m["y"]), int(m["m"]), int(m["d"])
        if month > 12 >= day:  # "01.21.2020" can only be month-first
            month, day = day, month
        return _dated(text, raw, year, month, day, time, zone_name)
    if m := _SLASH.search(text):
        day_month = _slash_order(int(m["a"]), int(m["b"]), languages)
        if day_month is None:
            return None
        time = _time_after(text, m.end()) or _time_before(text, m.start())
        day, month = day_month
        return _dated(text, raw, _full_year(m["y"]), month, day, time, zone_name)
    if m := _TEXT_MONTH_YEAR.search(text):
        return _calendar(raw, int(m["y"]), MONTH_NUMBERS[m["mon"]], 1, "month")
    return None


def _dated(
    text: str,
    raw: str,
    year: int,
    month: int,
    day: int,
    time: _Time | None,
    zone_name: str,
) -> ParsedDate:
    zone = _zone_after(text, time.end) if time else None
    return _build(raw, year, month, day, time, zone, zone_name)


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


# --- times and zones -----------------------------------------------------------------------


def _time_after(text: str, pos: int) -> _Time | None:
    m = _TIME_AFTER.match(text, pos)
    if not m or not (m["M"] or m["ampm"] or m["uhr"]):
        return None
    if m["sep"] == "." and not m["uhr"] and len(m["H"]) != 2:
        return None  # "3. Mai 2017 2.5" is not a time; "14.32" after a date is
    hour = _hour_12(int(m["H"]), m["ampm"])
    second = int(m["S"]) if m["S"] else None
    return _Time(hour, int(m["M"] or 0), second, _micro(m["f"]), m.end())


def _time_before(text: str, pos: int) -> _Time | None:
    m = _TIME_BEFORE.search(text[:pos])
    if not m:
        return None
    second = int(m["S"]) if m["S"] else None
    # The zone, if any, follows the date; search from the end of the date is done by the caller.
    return _Time(_hour_12(int(m["H"]), m["ampm"]), int(m["M"]), second, 0, len(text))


def _hour_12(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    if hour > 12 or hour == 0:
        return 99  # "14:00 pm": not a valid clock reading, rejected as invalid_date later
    pm = ampm.startswith("p")
    return (hour % 12) + (12 if pm else 0)


def _micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def _zone_after(text: str, pos: int) -> _Zone | None:
    m = _ZONE.match(text, pos)
    if not m:
        return None
    if m["z"]:
        return _Zone(0)
    if m["gmt"]:
        sign = -1 if m["gsign"] == "-" else 1
        return _Zone(sign * (int(m["gh"]) * 60 + int(m["gm"] or 0)))
    if m["sign"]:
        sign = -1 if m["sign"] == "-" else 1
        hours, minutes = int(m["oh"]), int(m["om"] or 0)
        if hours > 14 or minutes > 59:
            return None
        return _Zone(sign * (hours * 60 + minutes))
    if m["name"] in ZONE_OFFSETS:
        return _Zone(ZONE_OFFSETS[m["name"]])
    return None


# --- relative dates ------------------------------------------------------------------------


def _parse_relative(text: str, raw: str, zone_name: str, now: datetime) -> ParsedDate | None:
    for pattern in _REL_PATTERNS:
        for m in pattern.finditer(text):
            unit = RELATIVE_UNITS.get(m["u"])
            count = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS.get(m["n"])
            if unit is None or count is None:
                continue
            return _relative_value(raw, unit, count, zone_name, now)
    word = _DAY_WORD.search(text) or _HIER.search(text)
    if word is None:
        return None
    back = DAY_WORDS.get(word["w"], 1)
    local_day = now.astimezone(_zoneinfo(zone_name)).date() - timedelta(days=back)
    time = _time_after(text, word.end())
    if time is None:
        return _calendar(raw, local_day.year, local_day.month, local_day.day, "day")
    return _build(
        raw,
        local_day.year,
        local_day.month,
        local_day.day,
        time,
        _zone_after(text, time.end),
        zone_name,
    )


def _relative_value(raw: str, unit: str, count: int, zone_name: str, now: datetime) -> ParsedDate:
    if unit in ("seconds", "minutes", "hours"):
        value = (now - timedelta(**{unit: count})).replace(second=0, microsecond=0)
        return ParsedDate(value, "minute", raw)
    days = count * (7 if unit == "weeks" else 1)
    local_day = now.astimezone(_zoneinfo(zone_name)).date() - timedelta(days=days)
    return _calendar(raw, local_day.year, local_day.month, local_day.day, "day")


# --- building values -----------------------------------------------------------------------


def _calendar(raw: str, year: int, month: int, day: int, precision: str) -> ParsedDate:
    assert precision in CALENDAR_PRECISIONS
    try:
        value = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        raise DateParseError(raw, REJECT_INVALID_DATE) from None
    return ParsedDate(value, precision, raw)


def _build(
    raw: str,
    year: int,
    month: int,
    day: int,
    time: _Time | None,
    zone: _Zone | None,
    zone_name: str,
) -> ParsedDate:
    if time is None or _is_serialised_date(time):
        return _calendar(raw, year, month, day, "day")
    try:
        date(year, month, day)
        local = datetime(
            year, month, day, time.hour, time.minute, min(time.second or 0, 59), time.micro
        )
    except ValueError:
        raise DateParseError(raw, REJECT_INVALID_DATE) from None
    precision = "minute" if time.second is None else "second"
    if zone is not None:
        tz = dt_timezone(timedelta(minutes=zone.minutes))
        value = local.replace(tzinfo=tz).astimezone(UTC)
        return ParsedDate(
            value, precision, raw, offset=format_offset(timedelta(minutes=zone.minutes))
        )
    value = local.replace(tzinfo=_zoneinfo(zone_name), fold=0).astimezone(UTC)
    return ParsedDate(value, precision, raw, timezone_used=zone_name)


def _is_serialised_date(time: _Time) -> bool:
    """Exactly 00:00:00 is how CMSs and feeds serialise a date without time; reading it as
    a midnight instant would invent a precision (and, shifted to UTC, often the wrong day)."""
    return (time.hour, time.minute, time.second, time.micro) == (0, 0, 0, 0)


@lru_cache(maxsize=64)
def _zoneinfo(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Vienna' or 'UTC'"
        ) from None


def _reference_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).replace("\u00ad", "")
    if not text.isascii():  # Arabic-Indic, Bengali, Devanagari ... digits -> 0-9
        text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return " ".join(text.lower().split())
