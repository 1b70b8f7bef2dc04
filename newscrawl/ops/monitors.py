"""Health checks of one finished crawl: named monitors over its stats.

Modelled on spidermon's idea (health as named, testable checks: finish
reason, error rate, item count) without spidermon itself: its monitors are
``unittest`` cases run by a suite runner with actions (mail, Slack, Sentry),
and its ``monitoring`` extra pulls in boto, scrapinghub, Sentry and Slack
clients. Our checks need two things it does not give: the previous runs of
the source (from the ``runs`` collection) and a verdict the ``newscrawl
crawl`` command turns into its exit code. So a monitor here is a small object
with a ``name`` and a pure ``check(stats, history) -> Verdict``; thresholds
come from ``NEWSCRAWL_MONITOR_*`` settings (see ``monitors_from_settings``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from newscrawl.ops import crawlstats
from newscrawl.ops.crawlstats import Stats


@dataclass(frozen=True)
class Verdict:
    """What one monitor found. ``message`` is a short phrase a person reads
    after "UNHEALTHY: feeds/derstandard: " (or "ok: ")."""

    monitor: str
    ok: bool
    message: str
    value: float | int | str | None = None
    threshold: float | int | str | None = None

    def as_document(self) -> dict[str, Any]:
        return asdict(self)


class Monitor(Protocol):
    @property
    def name(self) -> str: ...

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        """``history``: articles stored by the previous healthy runs of the
        same source and spider, newest first."""
        ...


def _percent(value: float) -> str:
    return f"{value:.0%}" if value >= 0.01 or value == 0 else f"{value:.1%}"


def _within(share: float, limit: float) -> tuple[bool, str]:
    """Whether ``share`` stays at or under ``limit``, and the limit as the
    message ends with it ("> 10%", "<= 10%"): one verdict rule and one wording
    for every rate monitor."""
    ok = share <= limit
    return ok, f"{'<=' if ok else '>'} {_percent(limit)}"


@dataclass(frozen=True)
class FinishReason:
    """The crawl ended the normal way ("finished"), not by a shutdown,
    a timeout or a close on too many errors."""

    accepted: tuple[str, ...] = ("finished",)
    name: str = "finish_reason"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        reason = str(stats.get("finish_reason") or "unknown")
        ok = reason in self.accepted
        message = f"finish reason {reason}" + ("" if ok else f" (expected {', '.join(self.accepted)})")
        return Verdict(self.name, ok, message, reason, ",".join(self.accepted))


@dataclass(frozen=True)
class ErrorRate:
    """Failed fetch attempts (exceptions and error statuses) as a share of
    all attempts stays under ``max_rate``."""

    max_rate: float = 0.10
    error_statuses: tuple[str, ...] = crawlstats.DEFAULT_ERROR_STATUSES
    name: str = "error_rate"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        attempts = crawlstats.requests(stats)
        errors = crawlstats.fetch_errors(stats, self.error_statuses)
        if attempts == 0:
            return Verdict(self.name, True, "no requests made", 0.0, self.max_rate)
        rate = errors / attempts
        ok, limit = _within(rate, self.max_rate)
        message = f"error rate {_percent(rate)} {limit} ({errors} of {attempts} requests failed)"
        return Verdict(self.name, ok, message, round(rate, 4), self.max_rate)


@dataclass(frozen=True)
class ZeroArticles:
    """A run that stored nothing is unhealthy when the source normally yields
    articles: most of its last ``lookback`` healthy runs (at least
    ``min_history`` of them known) stored some. A new source, or one that is
    often quiet, is not judged by one empty run."""

    lookback: int = 5
    min_history: int = 2
    name: str = "zero_articles"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        count = crawlstats.stored(stats)
        recent = list(history)[: self.lookback]
        productive = sum(1 for n in recent if n > 0)
        if count > 0:
            return Verdict(self.name, True, f"{count} articles stored", count, 1)
        if len(recent) < self.min_history:
            return Verdict(self.name, True, f"0 articles stored, {len(recent)} earlier runs "
                           f"known (< {self.min_history}): not judged", 0, 1)
        ok = productive * 2 <= len(recent)
        message = (f"0 articles stored, but {productive} of the last {len(recent)} healthy "
                   f"runs stored articles")
        return Verdict(self.name, ok, message, 0, 1)


@dataclass(frozen=True)
class MissingShare:
    """The share of article pages missing something (a date, a text) stays
    under ``max_share``; judged only from ``min_pages`` pages on, since two
    undated pages out of three say little."""

    name: str
    what: str
    max_share: float = 0.5
    min_pages: int = 10

    def counts(self, stats: Stats) -> tuple[int, int]:
        raise NotImplementedError

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        missing, pages = self.counts(stats)
        if pages < self.min_pages:
            return Verdict(self.name, True, f"{pages} pages (< {self.min_pages}): not judged",
                           None, self.max_share)
        share = missing / pages
        ok, limit = _within(share, self.max_share)
        message = f"{_percent(share)} of articles {self.what} {limit} ({missing} of {pages})"
        return Verdict(self.name, ok, message, round(share, 4), self.max_share)


@dataclass(frozen=True)
class UndatedShare(MissingShare):
    """Stored pages without a publication date (``newscrawl/dates/missing``
    among the pages of the dates stage)."""

    name: str = "undated_share"
    what: str = "without a date"

    def counts(self, stats: Stats) -> tuple[int, int]:
        return crawlstats.dated_pages(stats)


@dataclass(frozen=True)
class TextlessShare(MissingShare):
    """Article pages dropped for lack of text (``no_text``, ``too_short``)
    among all pages the pipelines saw: a high share means the site changed
    its markup or serves a paywall/consent page."""

    name: str = "textless_share"
    what: str = "without text"

    def counts(self, stats: Stats) -> tuple[int, int]:
        return crawlstats.textless(stats), crawlstats.article_pages(stats)


@dataclass(frozen=True)
class Storage:
    """Every article that passed the pipelines reached the archive. Articles
    the database refused or could not take go to the spool (not lost, but
    not archived until ``newscrawl replay``) or, when even that fails, are
    lost: either needs a person."""

    name: str = "storage"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        missing = max(crawlstats.not_stored(stats), crawlstats.spooled(stats) + crawlstats.lost(stats))
        if not missing:
            return Verdict(self.name, True, "every article stored", 0, 0)
        parts = []
        if crawlstats.spooled(stats):
            parts.append(f"{crawlstats.spooled(stats)} spooled for 'newscrawl replay'")
        if crawlstats.lost(stats):
            parts.append(f"{crawlstats.lost(stats)} lost")
        detail = ", ".join(parts) or "the database rejected them or was unavailable"
        return Verdict(self.name, False, f"{missing} articles not archived ({detail})", missing, 0)


@dataclass(frozen=True)
class SpiderExceptions:
    """Spider callbacks raised no more than ``max_count`` exceptions: each is
    a page (or a whole feed) whose links or article were lost to a bug or to
    markup the code did not expect."""

    max_count: int = 0
    name: str = "spider_exceptions"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        by_class = crawlstats.spider_exceptions(stats)
        count = sum(by_class.values())
        if count <= self.max_count:
            return Verdict(self.name, True, f"{count} spider exceptions", count, self.max_count)
        kinds = ", ".join(f"{name} ×{n}" for name, n in sorted(by_class.items(), key=lambda kv: -kv[1]))
        return Verdict(self.name, False, f"{count} spider exceptions ({kinds}) > {self.max_count}",
                       count, self.max_count)


@dataclass(frozen=True)
class FeedExports:
    """Scrapy's feed exports (``-O items.jsonl``, ``FEEDS``) hold every item
    the crawl scraped, and every feed was stored: a file missing items is a
    corpus silently short."""

    name: str = "feed_exports"

    def check(self, stats: Stats, history: Sequence[int]) -> Verdict:
        offered, exported, failed = crawlstats.feed_exports(stats)
        missing = max(0, offered - exported)
        if not missing and not failed:
            message = f"{exported} items exported" if offered else "no feed export"
            return Verdict(self.name, True, message, 0, 0)
        parts = [f"{missing} of {offered} items not written"] if missing else []
        if failed:
            parts.append(f"{failed} feed{'s' if failed > 1 else ''} not stored")
        return Verdict(self.name, False, "feed export failed: " + ", ".join(parts),
                       missing + failed, 0)


def monitors_from_settings(settings: Any) -> list[Monitor]:
    """The monitors with the thresholds the (Scrapy) settings say."""
    min_pages = settings.getint("NEWSCRAWL_MONITOR_MIN_PAGES")
    return [
        FinishReason(tuple(settings.getlist("NEWSCRAWL_MONITOR_FINISH_REASONS"))),
        ErrorRate(settings.getfloat("NEWSCRAWL_MONITOR_MAX_ERROR_RATE"),
                  tuple(str(s) for s in settings.getlist("NEWSCRAWL_MONITOR_ERROR_STATUSES"))),
        ZeroArticles(settings.getint("NEWSCRAWL_MONITOR_ZERO_ARTICLES_LOOKBACK")),
        UndatedShare(max_share=settings.getfloat("NEWSCRAWL_MONITOR_MAX_UNDATED_SHARE"),
                     min_pages=min_pages),
        TextlessShare(max_share=settings.getfloat("NEWSCRAWL_MONITOR_MAX_TEXTLESS_SHARE"),
                      min_pages=min_pages),
        Storage(),
        SpiderExceptions(settings.getint("NEWSCRAWL_MONITOR_MAX_SPIDER_EXCEPTIONS")),
        FeedExports(),
    ]


def run_monitors(monitors: Iterable[Monitor], stats: Stats,
                 history: Sequence[int] = ()) -> list[Verdict]:
    return [monitor.check(stats, history) for monitor in monitors]


def problems(verdicts: Iterable[Verdict]) -> list[str]:
    return [v.message for v in verdicts if not v.ok]


def history_counts(records: Iterable[Mapping[str, Any]]) -> list[int]:
    """Articles stored by earlier run records, in the order given."""
    return [int((r.get("counts") or {}).get("stored", 0) or 0) for r in records]
