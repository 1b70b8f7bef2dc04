"""Value types of the dates package and the sanity limits the resolver applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

#: Precisions from coarsest to finest. A value never claims more than its raw text gave.
PRECISIONS = ("year", "month", "day", "minute", "second")
#: Precisions stored as the first instant of the period in UTC, without a zone shift.
CALENDAR_PRECISIONS = frozenset({"year", "month", "day"})

#: A date later than the fetch time plus this skew is rejected as "future"
#: (clock skew, outlets that stamp the next day's print edition).
FUTURE_SKEW = timedelta(days=1)
#: Dates before this are rejected as "before_1990": no online news archive reaches back further,
#: so such values are template defaults or dates from the body text.
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)

#: Longer raw values are no date (a date with its label fits easily); they are rejected as
#: "unparseable" and stored truncated to this length in ``rejected``.
MAX_RAW_CHARS = 200

#: Stable rejection reasons (callers count them in stats).
REJECT_FUTURE = "future"
REJECT_BEFORE_1990 = "before_1990"
REJECT_EPOCH_ZERO = "epoch_zero"
REJECT_UNPARSEABLE = "unparseable"
REJECT_INVALID_DATE = "invalid_date"

#: Flags stored in ``date_flags``.
FLAG_MODIFIED_BEFORE_PUBLISHED = "modified_before_published"
FLAG_PUBLISHED_SOURCES_DISAGREE = "published_sources_disagree"


@dataclass(frozen=True)
class DateCandidate:
    """One date claim found by a caller: where it came from, which field, the raw text."""

    source: str
    field: str
    value: str


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date: ``value`` is aware UTC; for calendar precisions it is the UTC first instant."""

    value: datetime
    precision: str
    raw: str
    offset: str | None = None
    timezone_used: str | None = None

    def local_date(self, outlet_timezone: str = "UTC") -> date:
        """The calendar day a reader of the outlet saw.

        Calendar precisions carry their day as written. For times: the outlet's zone when the
        caller knows it (anything but "UTC"), else the offset the raw text carried, else UTC.
        """
        if self.precision in CALENDAR_PRECISIONS:
            return self.value.date()
        if self.timezone_used:
            return self.value.astimezone(ZoneInfo(self.timezone_used)).date()
        if outlet_timezone != "UTC":
            return self.value.astimezone(ZoneInfo(outlet_timezone)).date()
        if self.offset:
            return self.value.astimezone(offset_tzinfo(self.offset)).date()
        return self.value.date()


@dataclass
class DateResolution:
    """The dates chosen for one document; ``as_fields()`` gives the stored fields 1:1."""

    published: datetime | None = None
    published_precision: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    published_offset: str | None = None
    published_timezone: str | None = None
    #: The publication day as the outlet's readers saw it, "YYYY-MM-DD" (see ParsedDate.local_date).
    published_local_date: str | None = None
    modified: datetime | None = None
    modified_precision: str | None = None
    modified_raw: str | None = None
    modified_source: str | None = None
    date_flags: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)

    def as_fields(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "published_precision": self.published_precision,
            "published_raw": self.published_raw,
            "published_source": self.published_source,
            "published_offset": self.published_offset,
            "published_timezone": self.published_timezone,
            "published_local_date": self.published_local_date,
            "modified": self.modified,
            "modified_precision": self.modified_precision,
            "modified_raw": self.modified_raw,
            "modified_source": self.modified_source,
            "date_flags": list(self.date_flags),
            "rejected": list(self.rejected),
        }


def offset_tzinfo(offset: str) -> timezone:
    """``"+02:00"`` -> a fixed-offset tzinfo."""
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def format_offset(delta: timedelta) -> str:
    """A timedelta -> ``"+02:00"``."""
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
