"""Date ranges of an export, and how they meet dates of limited precision.

A stored ``published`` of precision ``month`` is the first instant of that
month: the article was published at some moment of the interval
``[2017-05-01, 2017-06-01)``, we do not know which. A range filter therefore
compares intervals, not instants. Two rules are offered:

``overlap`` (the default)
    a record is included when its precision interval overlaps the range: the
    article *may* have been published inside it. ``--since 2017-05-10`` keeps a
    ``2017-05`` record. Nothing that could belong to the range is lost.
``within``
    a record is included only when its whole precision interval lies inside
    the range: the article was *certainly* published inside it.
    ``--since 2017-05-10`` drops a ``2017-05`` record.

Records without a date never match a date filter. A record whose precision is
unknown is treated as an exact instant.

Because stored values are aligned to their precision, both rules become plain
range queries per precision (one ``$or`` branch each), which any
MongoDB-compatible server answers with the ``published`` index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

#: Precisions whose interval is longer than an instant, coarsest first.
INTERVAL_PRECISIONS = ("year", "month", "day", "minute")
RULES = ("overlap", "within")
#: An exact time is the interval of one millisecond: the resolution of BSON dates.
INSTANT = timedelta(milliseconds=1)

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DateRangeError(ValueError):
    """A --since/--until value that cannot be read."""


def floor_to(value: datetime, precision: str) -> datetime:
    """The start of the ``precision`` interval that contains ``value``."""
    if precision == "year":
        return value.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision == "month":
        return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision == "day":
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "minute":
        return value.replace(second=0, microsecond=0)
    return value


def next_start(start: datetime, precision: str) -> datetime:
    """The start of the interval after the one beginning at ``start``."""
    if precision == "year":
        return start.replace(year=start.year + 1)
    if precision == "month":
        year, month = divmod(start.month, 12)
        return start.replace(year=start.year + year, month=month + 1)
    steps = {"day": timedelta(days=1), "minute": timedelta(minutes=1)}
    return start + steps.get(precision, timedelta(0))


def ceil_to(value: datetime, precision: str) -> datetime:
    """The first interval start at or after ``value``."""
    start = floor_to(value, precision)
    return start if start == value else next_start(start, precision)


def parse_bound(text: str) -> tuple[datetime, datetime]:
    """``(first instant, first instant after)`` of a command-line date:
    ``2017``, ``2017-05``, ``2017-05-10`` or an ISO 8601 time (UTC when it
    carries no offset). ``--until 2017-05`` therefore means "through May"."""
    raw = text.strip()
    try:
        if _YEAR.match(raw):
            start = datetime(int(raw), 1, 1, tzinfo=UTC)
            return start, next_start(start, "year")
        if match := _MONTH.match(raw):
            start = datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)
            return start, next_start(start, "month")
        if len(raw) == 10:
            start = datetime.fromisoformat(raw).replace(tzinfo=UTC)
            return start, next_start(start, "day")
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None:
        raise DateRangeError(
            f"date {text!r} is not understood: use 2017, 2017-05, 2017-05-10 or "
            f"2017-05-10T14:30Z")
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value, value + INSTANT


@dataclass(frozen=True)
class DateRange:
    """``[since, until)`` in UTC; either end may be open."""

    since: datetime | None = None
    until: datetime | None = None
    rule: str = "overlap"

    @classmethod
    def parse(cls, since: str | None, until: str | None, rule: str = "overlap") -> DateRange:
        if rule not in RULES:
            raise DateRangeError(f"date rule {rule!r} is unknown: use one of {', '.join(RULES)}")
        start = parse_bound(since)[0] if since else None
        end = parse_bound(until)[1] if until else None
        if start and end and start >= end:
            raise DateRangeError(f"--since {since} is not before --until {until}: swap them")
        return cls(start, end, rule)

    @property
    def is_open(self) -> bool:
        return self.since is None and self.until is None

    def contains(self, published: datetime | None, precision: str | None) -> bool:
        """The rule applied to one record (the query's pure twin, for tests)."""
        if published is None:
            return False
        if self.is_open:
            return True
        known = precision if precision in INTERVAL_PRECISIONS else "second"
        end = next_start(published, known) if known != "second" else published + INSTANT
        if self.rule == "within":
            return ((self.since is None or published >= self.since)
                    and (self.until is None or end <= self.until))
        return ((self.since is None or end > self.since)
                and (self.until is None or published < self.until))

    def query(self) -> dict[str, Any]:
        """The MongoDB filter of this range on ``published``."""
        if self.is_open:
            return {}
        branches = [{"published_precision": p, "published": self._bounds(p)}
                    for p in INTERVAL_PRECISIONS]
        branches.append({"published_precision": {"$nin": list(INTERVAL_PRECISIONS)},
                         "published": self._bounds("second")})
        return {"$or": branches}

    def _bounds(self, precision: str) -> dict[str, datetime]:
        bounds: dict[str, datetime] = {}
        if self.since is not None:
            bounds["$gte"] = (floor_to(self.since, precision) if self.rule == "overlap"
                              else ceil_to(self.since, precision))
        if self.until is not None:
            if self.rule == "within" and precision != "second":
                bounds["$lt"] = floor_to(self.until, precision)
            else:
                bounds["$lt"] = self.until
        return bounds

    def describe(self) -> str:
        since = self.since.isoformat() if self.since else "…"
        until = self.until.isoformat() if self.until else "…"
        return f"published [{since}, {until}) ({self.rule})"
