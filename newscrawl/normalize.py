"""Bring existing corpora to the archive's schema, without losing anything.

Research corpora arrive as JSON Lines (one record per line: the archive's own
exports, or fields such as ``date``, ``text``/``body``, ``language``,
``timezone``) or as dated text in the seed's form: a record starts with a line
`` date 2017-05 <text>`` and runs until the next such line.

:func:`normalize` keeps what a record has, fills what is missing and
normalises what it can read, with the same code the crawl pipelines use:

* dates: ``published`` (or, without it, ``date``) is read at its true
  precision ("2017-05" stays a month) and written as the archive writes
  dates (``2017-05-02T08:00:00.000Z``); the other ``published_*`` fields are
  added only where the record lacks them (a null it holds is kept). ``modified`` is rewritten in the
  same form. An unreadable date is kept as it is, with a warning;
* text: ``text``, else ``body``;
* agencies: only a record without ``agencies`` is analysed (``agencies``,
  ``credit``, ``dateline``, the body without the credit line): a record that
  has them — an export of the archive, whose text no longer holds the credit
  line — keeps them.

It says what it did: which fields each record gained or changed. So an
export of the archive normalises to itself. No Scrapy imports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from newscrawl.agencies import AgencyRegistry
from newscrawl.dates import DateCandidate
from newscrawl.schema import SchemaValueError, json_value, parse_timestamp
from newscrawl.stages import agencies_stage, dates_stage

DATED_LINE = re.compile(r"^ ?date (?P<date>\S+) (?P<text>.*)$")
#: Fields of the dates stage a record keeps when it has them.
PUBLISHED_FIELDS = ("published_precision", "published_raw", "published_source",
                    "published_offset", "published_timezone", "published_local_date")
#: Fields of the agency stage; a record with ``agencies`` is not analysed again.
AGENCY_FIELDS = ("agencies", "credit", "dateline")


class CorpusFormatError(ValueError):
    """A corpus line cannot be read; the message names the line."""


@dataclass
class Normalized:
    """One normalised record and what normalising it did."""

    record: dict[str, Any]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_dated_text(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Records of dated text: ``{"date": "2017-05", "text": "..."}`` each."""
    for _, record in numbered_dated_text(lines):
        yield record


def numbered_dated_text(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` of dated text; the number is the date line's."""
    record: dict[str, Any] | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        match = DATED_LINE.match(line)
        if match:
            if record is not None:
                yield start, _finish(record)
            record, start = {"date": match["date"], "text": [match["text"]]}, number
        elif record is not None:
            record["text"].append(line)
        elif line.strip():
            raise CorpusFormatError(f"line {number}: expected ' date YYYY[-MM[-DD]] <text>', "
                                    f"got {line[:60]!r}")
    if record is not None:
        yield start, _finish(record)


def _finish(record: dict[str, Any]) -> dict[str, Any]:
    record["text"] = "\n".join(record["text"]).strip()
    return record


def read_json_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for _, record in numbered_json_lines(lines):
        yield record


def numbered_json_lines(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusFormatError(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CorpusFormatError(f"line {number}: expected a JSON object")
        yield number, record


def detect_format(first_line: str) -> str:
    """'jsonl' when the first non-empty line is a JSON object, else 'dated'."""
    return "jsonl" if first_line.lstrip().startswith("{") else "dated"


def _present(value: Any) -> bool:
    return value is not None and value != ""


def _read_published(out: dict[str, Any], result: Normalized, timezone: str,
                    now: datetime) -> None:
    """``published`` read (from ``published``, else ``date``) and the
    ``published_*`` fields the record lacks filled in."""
    key = "published" if _present(out.get("published")) else "date"
    value = out.get(key)
    if not _present(value):
        return
    item: dict[str, Any] = {"text": "", "fetched_at": now}
    dates_stage(item, timezone=out.get("timezone") or timezone,
                extra_candidates=[DateCandidate("corpus", "published", str(value))])
    if item.get("published") is None:
        result.warnings.append(f"unreadable date {value!r} in {key!r}: published left "
                               f"{'as it was' if key == 'published' else 'empty'}")
        return
    out["published"] = item["published"]
    for name in (*PUBLISHED_FIELDS, "date_flags"):
        if name not in out and name in item:  # a null the record holds is kept: "not known"
            out[name] = item[name]


def _read_modified(out: dict[str, Any], result: Normalized) -> None:
    if not _present(out.get("modified")):
        return
    try:
        out["modified"] = parse_timestamp(out["modified"])
    except SchemaValueError:
        result.warnings.append(f"unreadable date {out['modified']!r} in 'modified': "
                               f"left as it was")


def normalize(record: dict[str, Any], *, timezone: str = "UTC",
              registry: AgencyRegistry | None = None, strip_dateline: bool = False,
              now: datetime | None = None) -> Normalized:
    """The record with the archive's date, text and agency fields, and what changed.

    ``record['timezone']`` overrides ``timezone`` for local times.
    """
    out = dict(record)
    result = Normalized(out)
    _read_published(out, result, timezone, now or datetime.now(UTC))
    _read_modified(out, result)
    if not _present(out.get("text")) and _present(out.get("body")):
        out["text"] = out["body"]
    if out.get("agencies") is None:
        item: dict[str, Any] = {"text": out.get("text") or "", "language": out.get("language"),
                                "authors": list(out.get("authors") or [])}
        agencies_stage(item, registry=registry, strip_dateline=strip_dateline)
        out["text"] = item["text"]
        for name in AGENCY_FIELDS:
            out[name] = item[name]
        if out.get("authors") is not None or item["authors"]:
            out["authors"] = item["authors"]
    before, after = json_value(record), json_value(out)
    result.added = [k for k in after if k not in before]
    result.changed = [k for k in after if k in before and before[k] != after[k]]
    return result


def normalize_record(record: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The normalised record only (see :func:`normalize`)."""
    return normalize(record, **options).record


def write_json_line(record: dict[str, Any], out: TextIO) -> None:
    """One record as a JSON line, dates as the archive writes them."""
    out.write(json.dumps(json_value(record), ensure_ascii=False) + "\n")
