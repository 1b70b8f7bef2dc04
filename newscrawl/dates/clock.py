"""Reading clock times and zones next to a date, and building ``ParsedDate`` values from parts.

Shared by the absolute (``parse``) and relative (``relative``) readers. A time without an
offset is read in the outlet's zone with ``fold=0`` (see ``newscrawl.dates.parse``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.dates.model import (
    CALENDAR_PRECISIONS,
    REJECT_INVALID_DATE,
    ParsedDate,
    format_offset,
)
from newscrawl.dates.vocabulary import ZONE_OFFSETS

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


class ClockTime(NamedTuple):
    hour: int
    minute: int
    second: int | None
    micro: int
    end: int


class ZoneOffset(NamedTuple):
    minutes: int


class DateParseError(ValueError):
    """A raw date that cannot be used; ``reason`` is a stable short name."""

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(f"date {raw!r}: {reason}")
        self.raw = raw
        self.reason = reason


def time_after(text: str, pos: int) -> ClockTime | None:
    """A clock time right after a date ("…, 14:32 Uhr", "à 14h32", "2:32 PM")."""
    m = _TIME_AFTER.match(text, pos)
    if not m or not (m["M"] or m["ampm"] or m["uhr"]):
        return None
    if m["sep"] == "." and not m["uhr"] and len(m["H"]) != 2:
        return None  # "3. Mai 2017 2.5" is not a time; "14.32" after a date is
    hour = hour_12(int(m["H"]), m["ampm"])
    second = int(m["S"]) if m["S"] else None
    return ClockTime(hour, int(m["M"] or 0), second, micro(m["f"]), m.end())


def time_before(text: str, pos: int) -> ClockTime | None:
    """A clock time right before a date ("14:32 Uhr, 3. Mai 2017")."""
    m = _TIME_BEFORE.search(text[:pos])
    if not m:
        return None
    second = int(m["S"]) if m["S"] else None
    # The zone, if any, follows the date; search from the end of the date is done by the caller.
    return ClockTime(hour_12(int(m["H"]), m["ampm"]), int(m["M"]), second, 0, len(text))


def hour_12(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    if hour > 12 or hour == 0:
        return 99  # "14:00 pm": not a valid clock reading, rejected as invalid_date later
    pm = ampm.startswith("p")
    return (hour % 12) + (12 if pm else 0)


def micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def zone_after(text: str, pos: int) -> ZoneOffset | None:
    """An offset or known zone name right after a time ("Z", "+0200", "GMT+1", "CEST")."""
    m = _ZONE.match(text, pos)
    if not m:
        return None
    if m["z"]:
        return ZoneOffset(0)
    if m["gmt"]:
        sign = -1 if m["gsign"] == "-" else 1
        return ZoneOffset(sign * (int(m["gh"]) * 60 + int(m["gm"] or 0)))
    if m["sign"]:
        sign = -1 if m["sign"] == "-" else 1
        hours, minutes = int(m["oh"]), int(m["om"] or 0)
        if hours > 14 or minutes > 59:
            return None
        return ZoneOffset(sign * (hours * 60 + minutes))
    if m["name"] in ZONE_OFFSETS:
        return ZoneOffset(ZONE_OFFSETS[m["name"]])
    return None


def calendar_value(raw: str, year: int, month: int, day: int, precision: str) -> ParsedDate:
    """A year/month/day value: the first instant of the period in UTC, never zone-shifted."""
    assert precision in CALENDAR_PRECISIONS
    try:
        value = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        raise DateParseError(raw, REJECT_INVALID_DATE) from None
    return ParsedDate(value, precision, raw)


def build(
    raw: str,
    year: int,
    month: int,
    day: int,
    time: ClockTime | None,
    zone: ZoneOffset | None,
    zone_name: str,
) -> ParsedDate:
    """A day, with a time if given: converted from its offset, else read in ``zone_name``."""
    if time is None or is_serialised_date(time):
        return calendar_value(raw, year, month, day, "day")
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
        outlet_day = _outlet_midnight(value, time, zone, zone_name)
        if outlet_day is not None:
            return calendar_value(raw, outlet_day.year, outlet_day.month, outlet_day.day, "day")
        return ParsedDate(
            value, precision, raw, offset=format_offset(timedelta(minutes=zone.minutes))
        )
    value = local.replace(tzinfo=zoneinfo(zone_name), fold=0).astimezone(UTC)
    return ParsedDate(value, precision, raw, timezone_used=zone_name)


def _outlet_midnight(
    value: datetime, time: ClockTime, zone: ZoneOffset, zone_name: str
) -> date | None:
    """The outlet-local day of a UTC stamp that is exactly midnight in the outlet's zone:
    a CMS that keeps a date without time as local midnight and writes it in UTC
    ("2022-11-06T23:00:00.000Z" from Berlin is 7 November). Like ``00:00:00`` written with
    its own offset, it is that day, not an instant. Only with seconds written, as for
    ``is_serialised_date``, and only when the outlet zone is known."""
    if zone.minutes != 0 or zone_name == "UTC" or time.second is None:
        return None
    local = value.astimezone(zoneinfo(zone_name))
    if (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0):
        return None
    return local.date()


def is_serialised_date(time: ClockTime) -> bool:
    """Exactly 00:00:00 is how CMSs and feeds serialise a date without time; reading it as
    a midnight instant would invent a precision (and, shifted to UTC, often the wrong day)."""
    return (time.hour, time.minute, time.second, time.micro) == (0, 0, 0, 0)


@lru_cache(maxsize=64)
def zoneinfo(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Vienna' or 'UTC'"
        ) from None
