"""Relative dates: "vor 2 Stunden", "gestern, 14:32", "2 hours ago", "il y a 3 heures".

Resolved against ``now`` (the fetch time): hours and minutes give minute precision, days and
weeks the outlet-local day at day precision, a day word with a time that day's local time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from newscrawl.dates.clock import build, calendar_value, time_after, zone_after, zoneinfo
from newscrawl.dates.model import ParsedDate
from newscrawl.dates.vocabulary import DAY_WORDS, NUMBER_WORDS, RELATIVE_UNITS

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


def parse_relative(text: str, raw: str, zone_name: str, now: datetime) -> ParsedDate | None:
    """A relative date in normalised (lower-cased) ``text``, or ``None``."""
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
    local_day = now.astimezone(zoneinfo(zone_name)).date() - timedelta(days=back)
    time = time_after(text, word.end())
    if time is None:
        return calendar_value(raw, local_day.year, local_day.month, local_day.day, "day")
    return build(
        raw,
        local_day.year,
        local_day.month,
        local_day.day,
        time,
        zone_after(text, time.end),
        zone_name,
    )


def _relative_value(raw: str, unit: str, count: int, zone_name: str, now: datetime) -> ParsedDate:
    if unit in ("seconds", "minutes", "hours"):
        value = (now - timedelta(**{unit: count})).replace(second=0, microsecond=0)
        return ParsedDate(value, "minute", raw)
    days = count * (7 if unit == "weeks" else 1)
    local_day = now.astimezone(zoneinfo(zone_name)).date() - timedelta(days=days)
    return calendar_value(raw, local_day.year, local_day.month, local_day.day, "day")
