"""Bring existing corpora to the archive's schema.

Research corpora arrive as JSON Lines (one record per line with fields such as
``date``, ``text``, ``language``, ``timezone``) or as dated text in the seed's
form: a record starts with a line `` date 2017-05 <text>`` and runs until the
next such line. :func:`normalize_record` adds the archive's date fields
(``published`` at its true precision, "2017-05" stays a month) and its agency
fields (``agencies``, ``credit``, ``dateline``, the body without the credit
line), with the same code the crawl pipelines use. No Scrapy imports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from newscrawl.agencies import AgencyRegistry
from newscrawl.dates import DateCandidate
from newscrawl.stages import agencies_stage, dates_stage

DATED_LINE = re.compile(r"^ ?date (?P<date>\S+) (?P<text>.*)$")


class CorpusFormatError(ValueError):
    """A corpus line cannot be read; the message names the line."""


def read_dated_text(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Records of dated text: ``{"date": "2017-05", "text": "..."}`` each."""
    record: dict[str, Any] | None = None
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        match = DATED_LINE.match(line)
        if match:
            if record is not None:
                yield _finish(record)
            record = {"date": match["date"], "text": [match["text"]]}
        elif record is not None:
            record["text"].append(line)
        elif line.strip():
            raise CorpusFormatError(f"line {number}: expected ' date YYYY[-MM[-DD]] <text>', "
                                    f"got {line[:60]!r}")
    if record is not None:
        yield _finish(record)


def _finish(record: dict[str, Any]) -> dict[str, Any]:
    record["text"] = "\n".join(record["text"]).strip()
    return record


def read_json_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusFormatError(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CorpusFormatError(f"line {number}: expected a JSON object")
        yield record


def detect_format(first_line: str) -> str:
    """'jsonl' when the first non-empty line is a JSON object, else 'dated'."""
    return "jsonl" if first_line.lstrip().startswith("{") else "dated"


def normalize_record(record: dict[str, Any], *, timezone: str = "UTC",
                     registry: AgencyRegistry | None = None, strip_dateline: bool = False,
                     now: datetime | None = None) -> dict[str, Any]:
    """The record with the archive's date and agency fields added.

    ``record['date']`` is read as a corpus date (source ``corpus``);
    ``record['timezone']`` overrides ``timezone`` for local times.
    """
    item: dict[str, Any] = {
        "text": record.get("text") or "",
        "language": record.get("language"),
        "authors": list(record.get("authors") or []),
        "fetched_at": now or datetime.now(UTC),
    }
    candidates = [DateCandidate("corpus", "published", str(record["date"]))] if record.get("date") else []
    dates_stage(item, timezone=record.get("timezone") or timezone, extra_candidates=candidates)
    agencies_stage(item, registry=registry, strip_dateline=strip_dateline)
    out = dict(record)
    for key, value in item.items():
        if not key.startswith("_") and key != "fetched_at":
            out[key] = value
    return out


def write_json_line(record: dict[str, Any], out: TextIO) -> None:
    def default(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat().replace("+00:00", "Z")
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    out.write(json.dumps(record, ensure_ascii=False, default=default) + "\n")
