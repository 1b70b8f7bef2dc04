"""What is in the archive, and how the crawls went: the numbers behind
``newscrawl stats`` and ``newscrawl report``.

Counted client-side from one projected pass over ``articles`` (no
``$group`` on date parts: nx-27017 cannot, and this stays portable), so
memory is bounded by the number of sources, agencies, languages and days,
not by the number of documents. Crawl health comes from the ``runs``
collection that each crawl writes when it finishes (``newscrawl.ops.runs``);
an archive without it simply has no runs recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pymongo.database import Database

from newscrawl.export.manifest import month_key
from newscrawl.store.mongo import ARTICLES

RUNS = "runs"
_DROPPED_PREFIX = "newscrawl/dropped/"
#: Date precisions from coarse to fine, the order tables and plots show them in.
PRECISION_ORDER = ("year", "month", "day", "minute", "second", "undated")
#: Precisions fine enough to place an article on one day.
DAY_PRECISIONS = ("day", "minute", "second")
#: Precisions fine enough to place an article in one month.
MONTH_PRECISIONS = ("month", *DAY_PRECISIONS)


@dataclass
class ArchiveSummary:
    total: int = 0
    source: Counter = field(default_factory=Counter)
    language: Counter = field(default_factory=Counter)
    month: Counter = field(default_factory=Counter)
    agency: Counter = field(default_factory=Counter)
    precision: Counter = field(default_factory=Counter)
    #: (day, source) -> articles, for records of at least day precision.
    day_source: Counter = field(default_factory=Counter)
    #: (day, agency) -> articles crediting it, for records of at least day precision.
    day_agency: Counter = field(default_factory=Counter)
    #: ("YYYY-MM", source) -> articles, for records of at least month precision.
    month_source: Counter = field(default_factory=Counter)
    #: ("YYYY-MM", agency) -> articles crediting it, for records of at least month precision.
    month_agency: Counter = field(default_factory=Counter)

    def add(self, doc: Mapping[str, Any]) -> None:
        self.total += 1
        source = doc.get("source") or "-"
        self.source[source] += 1
        self.language[doc.get("language") or "-"] += 1
        self.month[month_key(doc)] += 1
        for code in doc.get("agencies") or ["(none)"]:
            self.agency[code] += 1
        precision = doc.get("published_precision") if doc.get("published") else None
        self.precision[precision or "undated"] += 1
        agencies = doc.get("agencies") or ["(none)"]
        if precision in MONTH_PRECISIONS:
            month = doc["published"].astimezone(UTC).strftime("%Y-%m")
            self.month_source[(month, source)] += 1
            for code in agencies:
                self.month_agency[(month, code)] += 1
        if precision in DAY_PRECISIONS:
            day = doc["published"].astimezone(UTC).date()
            self.day_source[(day, source)] += 1
            for code in agencies:
                self.day_agency[(day, code)] += 1

    def days(self) -> list[date]:
        return sorted({day for day, _ in self.day_source})

    def months(self) -> list[str]:
        return sorted({month for month, _ in self.month_source})


def by_precision(counter: Counter) -> list[tuple[str, int]]:
    """``(precision, count)`` from coarse to fine, unknown precisions last."""
    known = [(p, counter[p]) for p in PRECISION_ORDER if counter.get(p)]
    return known + [(str(k), v) for k, v in counter.items() if k not in PRECISION_ORDER]


def summarise_archive(db: Database, batch_size: int = 1000) -> ArchiveSummary:
    summary = ArchiveSummary()
    projection = {"source": 1, "language": 1, "agencies": 1, "published": 1,
                  "published_precision": 1, "_id": 0}
    for doc in db[ARTICLES].find({}, projection).batch_size(batch_size):
        summary.add(doc)
    return summary


def _first(record: Mapping[str, Any], *names: str) -> Any:
    return next((record[n] for n in names if record.get(n) is not None), None)


def run_stats(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record's Scrapy stats; stored as ``[{key, value}]`` because stats keys
    contain dots, which MongoDB field names cannot."""
    stats = record.get("stats") or {}
    if isinstance(stats, list):
        return {str(s.get("key")): s.get("value") for s in stats if isinstance(s, Mapping)}
    return dict(stats) if isinstance(stats, Mapping) else {}


def run_drops(record: Mapping[str, Any]) -> Counter:
    """Dropped items by reason: the record's ``counts.dropped``, else its
    ``newscrawl/dropped/<reason>`` stats."""
    dropped = (record.get("counts") or {}).get("dropped")
    if isinstance(dropped, Mapping):
        return Counter({str(k): int(v) for k, v in dropped.items() if isinstance(v, int | float)})
    return Counter({str(key)[len(_DROPPED_PREFIX):]: int(value)
                    for key, value in run_stats(record).items()
                    if str(key).startswith(_DROPPED_PREFIX) and isinstance(value, int | float)})


@dataclass(frozen=True)
class RunHealth:
    """One recorded crawl, as the report's table shows it."""

    source: str
    spider: str
    started: datetime | None
    finished: datetime | None
    finish_reason: str
    healthy: bool | None
    stored: int | None
    problems: list[str]


def run_health(record: Mapping[str, Any]) -> RunHealth:
    counts = record.get("counts") or {}
    sources = record.get("sources")
    source = record.get("source") or (", ".join(sources) if isinstance(sources, list) else "-")
    return RunHealth(
        source=str(source), spider=str(record.get("spider") or "-"),
        started=_first(record, "started", "start", "start_time"),
        finished=_first(record, "finished", "end", "finish_time"),
        finish_reason=str(_first(record, "finish_reason")
                          or run_stats(record).get("finish_reason") or "-"),
        healthy=record.get("healthy"),
        stored=counts.get("stored") if isinstance(counts, Mapping) else None,
        problems=[str(p) for p in record.get("problems") or []])


@dataclass
class RunsSummary:
    recorded: int = 0
    drops: Counter = field(default_factory=Counter)
    latest: list[RunHealth] = field(default_factory=list)


def summarise_runs(db: Database, latest: int = 10) -> RunsSummary:
    """Drops summed over all recorded runs; the ``latest`` runs, newest first."""
    summary = RunsSummary()
    if RUNS not in db.list_collection_names():
        return summary
    recent: list[tuple[datetime, RunHealth]] = []
    for record in db[RUNS].find({}, {"monitors": 0}).batch_size(500):
        summary.recorded += 1
        summary.drops.update(run_drops(record))
        health = run_health(record)
        recent.append((health.started or datetime.min.replace(tzinfo=UTC), health))
        recent = sorted(recent, key=lambda pair: pair[0], reverse=True)[:latest]
    summary.latest = [health for _, health in recent]
    return summary
