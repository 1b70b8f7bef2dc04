"""The stages of one imported page, in extraction worker processes.

Extraction takes 25-40 ms of CPU per news page; reading and filtering a
WARC record takes a fraction of a millisecond. An importer that extracted
in its own process would use one core of a backfill machine, so the pages
of a batch are built by the worker processes of
:func:`newscrawl.pipelines.extract_pool.new_executor` (the crawl's pool:
spawned, warmed up, ``NEWSCRAWL_EXTRACT_WORKERS`` of them), each page under
the crawl's ``NEWSCRAWL_EXTRACT_TIME_LIMIT``. ``workers=0`` builds in the
importing process (for debugging, and for tests).
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl.agencies import AgencyRegistry
from newscrawl.agencies import load_registry as load_agency_registry
from newscrawl.pipelines.extract_pool import new_executor
from newscrawl.pipelines.extract_worker import ExtractionTimeout
from newscrawl.pipelines.extract_worker import _time_limit as time_limit
from newscrawl.sources import Source
from newscrawl.stages import Dropped, ValidationRules, build_record


@dataclass(frozen=True)
class BuildRules:
    """What every page of an import is built with (sent to each worker)."""

    validation: ValidationRules
    agency_registry: str | None = None  # extra registry file; loaded once per process
    strip_dateline: bool = False
    time_limit: float | None = None


@dataclass(frozen=True)
class BuildJob:
    body: bytes
    url: str
    source: Source
    fetched_at: datetime
    hints: dict[str, Any]
    declared_encoding: str | None


@functools.lru_cache(maxsize=4)
def _agencies(path: str | None) -> AgencyRegistry:
    return load_agency_registry(path)


def build(job: BuildJob, rules: BuildRules) -> tuple[str, Any]:
    """``("ok", document)``, ``("dropped", reason)`` or ``("error", traceback)``."""
    source = job.source
    try:
        with time_limit(rules.time_limit):
            return "ok", build_record(
                job.body, job.url, source_name=source.name, timezone=source.timezone,
                language=source.language, default_agency=source.default_agency,
                fetched_at=job.fetched_at, hints=job.hints, rules=rules.validation,
                agency_registry=_agencies(rules.agency_registry),
                strip_dateline=rules.strip_dateline, declared_encoding=job.declared_encoding)
    except ExtractionTimeout:
        return "dropped", "extract_timeout"
    except Dropped as exc:
        return "dropped", exc.reason
    except Exception:  # noqa: BLE001 - a bug on one page must not end the import
        return "error", traceback.format_exc(limit=8)[-4000:]


class PageBuilder:
    """Builds pages in ``workers`` processes (0: here), in submission order."""

    def __init__(self, rules: BuildRules, workers: int) -> None:
        self.rules = rules
        self.workers = workers
        self.executor = None

    def build_all(self, jobs: list[BuildJob]) -> Iterator[tuple[str, Any]]:
        if not self.workers:
            # in-process: no time limit (the SIGALRM timer belongs to the main thread's owner)
            inline = BuildRules(self.rules.validation, self.rules.agency_registry,
                                self.rules.strip_dateline)
            return (build(job, inline) for job in jobs)
        if self.executor is None:
            self.executor = new_executor(self.workers)
        return self.executor.map(build, jobs, [self.rules] * len(jobs),
                                 chunksize=max(1, len(jobs) // (4 * self.workers)))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown()
            self.executor = None
