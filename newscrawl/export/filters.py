"""The filters of an export, as MongoDB queries built one step at a time.

Each filter is a named step; the export's query is the conjunction of all
steps. Keeping the steps apart lets an empty result be explained: the archive
is counted after each step, and the first step that leaves nothing is named
("0 after --agency Reuters (all of)"). Only operators that MongoDB and the
embedded nx-27017 server both answer are used: ``$in``, ``$all``, ``$or``,
``$and``, ``$nin``, ranges, and ``$regex`` in its ``{"$regex", "$options"}``
form (nx-27017 ignores compiled Python patterns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pymongo.collection import Collection

from newscrawl.export.daterange import DateRange


class EmptyExportError(ValueError):
    """No document passes the filters; the message names the filter that emptied it."""


@dataclass(frozen=True)
class FilterStep:
    label: str
    query: dict[str, Any]
    #: The field whose values the archive has are worth listing when this
    #: step leaves nothing (a mistyped source or language).
    hint_field: str | None = None


@dataclass(frozen=True)
class ExportFilters:
    """What a corpus is made of. Agencies must be canonical codes (see
    :func:`newscrawl.export.agencies.resolve_agency`)."""

    dates: DateRange = field(default_factory=DateRange)
    sources: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    agency_match: str = "any"
    languages: tuple[str, ...] = ()
    text: str | None = None
    one_per_cluster: bool = False

    def steps(self) -> list[FilterStep]:
        """The filters in a fixed order, each as its own query."""
        steps = []
        if not self.dates.is_open:
            steps.append(FilterStep(f"--since/--until: {self.dates.describe()}",
                                    self.dates.query()))
        if self.sources:
            steps.append(FilterStep(f"--source {' '.join(self.sources)}",
                                    {"source": {"$in": list(self.sources)}}, "source"))
        if self.agencies:
            operator = "$all" if self.agency_match == "all" else "$in"
            steps.append(FilterStep(f"--agency {' '.join(self.agencies)} ({self.agency_match} of)",
                                    {"agencies": {operator: list(self.agencies)}}))
        if self.languages:
            steps.append(FilterStep(f"--language {' '.join(self.languages)}",
                                    {"language": {"$in": list(self.languages)}}, "language"))
        if self.text:
            pattern = {"$regex": re.escape(self.text), "$options": "i"}
            steps.append(FilterStep(f"--text {self.text!r}",
                                    {"$or": [{"title": pattern}, {"text": pattern}]}))
        return steps

    def query(self) -> dict[str, Any]:
        return combine([step.query for step in self.steps()])

    def describe(self) -> dict[str, Any]:
        """The filters as the manifest records them (enough to re-run the export)."""
        return {
            "since": self.dates.since.isoformat() if self.dates.since else None,
            "until_exclusive": self.dates.until.isoformat() if self.dates.until else None,
            "date_rule": self.dates.rule,
            "sources": list(self.sources),
            "agencies": list(self.agencies),
            "agency_match": self.agency_match,
            "languages": list(self.languages),
            "text": self.text,
            "one_per_cluster": self.one_per_cluster,
        }


def combine(queries: list[dict[str, Any]]) -> dict[str, Any]:
    queries = [q for q in queries if q]
    if not queries:
        return {}
    return queries[0] if len(queries) == 1 else {"$and": queries}


def step_counts(collection: Collection, filters: ExportFilters
                ) -> list[tuple[FilterStep | None, int]]:
    """``[(None, archive size), (step, n after this and all earlier steps), ...]``,
    up to the first step that leaves nothing."""
    counts: list[tuple[FilterStep | None, int]] = [(None, collection.count_documents({}))]
    applied: list[dict[str, Any]] = []
    for step in filters.steps():
        applied.append(step.query)
        counts.append((step, collection.count_documents(combine(applied))))
        if counts[-1][1] == 0:
            break
    return counts


def explain_empty(collection: Collection, filters: ExportFilters) -> str:
    """Why an export is empty, naming the first filter that left nothing."""
    counts = step_counts(collection, filters)
    if counts[0][1] == 0:
        return (f"the archive ({collection.database.name}.{collection.name}) is empty: "
                f"crawl first ('newscrawl crawl --all') or check NEWSCRAWL_MONGO_DATABASE")
    trail = ", ".join(f"{n} after {step.label}" if step else f"{n} in the archive"
                      for step, n in counts)
    culprit = counts[-1][0]
    if culprit is None or counts[-1][1]:
        return f"no article matches: {trail}."
    message = f"no article matches: {trail}. The filter {culprit.label} left nothing; widen it."
    if culprit.hint_field:
        values = sorted(str(v) for v in collection.distinct(culprit.hint_field) if v)
        shown = ", ".join(values[:20]) + (", …" if len(values) > 20 else "")
        message += f" The archive has {culprit.hint_field}: {shown}."
    return message
