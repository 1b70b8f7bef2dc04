"""Health of the schedule, from the ``runs`` collection: is every crawl's
latest run healthy, and recent?

The monitors judge one run from inside it; they cannot notice the run that
never happened (a broken crontab, a stopped timer, a machine that is down).
``newscrawl runs --check --max-age 2`` can, from any machine that reaches the
archive: it exits non-zero when the latest run of a source's spider is
unhealthy or older than the allowed age. Pure functions here; the query is
``latest_run``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo import DESCENDING
from pymongo.database import Database

from newscrawl.ops.runs import RUNS


@dataclass(frozen=True)
class Crawl:
    """One scheduled crawl: a source and one of its spiders."""

    source: str
    spider: str

    def __str__(self) -> str:
        return f"{self.spider}/{self.source}"


def latest_run(db: Database, crawl: Crawl) -> dict[str, Any] | None:
    return db[RUNS].find_one({"source": crawl.source, "spider": crawl.spider},
                             {"stats": 0}, sort=[("started", DESCENDING)])


def _when(value: Any) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if isinstance(value, datetime) else "unknown time"


def _age(delta: timedelta) -> str:
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    return f"{hours}h{rest // 60:02d}m"


def schedule_problems(latest: Iterable[tuple[Crawl, Mapping[str, Any] | None]], now: datetime,
                      max_age: timedelta | None = None) -> list[str]:
    """One message per crawl whose latest run is unhealthy, too old (when
    ``max_age`` is given) or missing."""
    problems = []
    for crawl, record in latest:
        if record is None:
            if max_age is not None:
                problems.append(f"{crawl}: no run recorded")
            continue
        if record.get("healthy") is False:
            reasons = "; ".join(record.get("problems") or []) or "unhealthy"
            problems.append(f"{crawl}: last run ({_when(record.get('started'))}) {reasons}")
        finished = record.get("finished")
        if max_age is not None and isinstance(finished, datetime) and now - finished > max_age:
            problems.append(f"{crawl}: no run since {_when(finished)} "
                            f"({_age(now - finished)} ago > {_age(max_age)})")
    return problems


def run_line(record: Mapping[str, Any]) -> str:
    """One line per run for ``newscrawl runs``."""
    counts = record.get("counts") or {}
    state = record.get("state")
    if state in ("running", "killed"):
        verdict = state.upper() if state == "killed" else state
    else:
        verdict = "ok" if record.get("healthy") else "UNHEALTHY"
    line = (f"{_when(record.get('started'))}  {record.get('spider')}/{record.get('source')}  "
            f"{verdict}  {float(record.get('duration_s') or 0):.0f}s  "
            f"{counts.get('pages', 0)} pages  {counts.get('stored', 0)} stored  "
            f"{counts.get('errors', 0)} errors")
    if record.get("problems"):
        line += "  — " + "; ".join(record["problems"])
    return line
