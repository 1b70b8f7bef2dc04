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
    after "UNHEALTHY: source/derstandard: " (or "ok: ")."""

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

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
        """``history``: the previous healthy run records of the same source
        and spider, newest first (their ``counts`` and ``channels``)."""
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

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
        reason = str(stats.get("finish_reason") or "unknown")
        ok = reason in self.accepted
        message = f"finish reason {reason}" + ("" if ok else f" (expected {', '.join(self.accepted)})")
        return Verdict(self.name, ok, message, reason, ",".join(self.accepted))


@dataclass(frozen=True)
class ErrorRate:
    """Fetches that failed for good, as a share of all fetches the spiders
    asked for, stays under ``max_rate``. Judged by each fetch's final
    outcome, not by attempts: a 429 that succeeded after its Retry-After is
    no error, nor is a URL robots.txt forbids; what a user calls a failure
    is (a page too large, a decompression bomb, a 431, a body cut short, a
    timeout, an error status in ``error_statuses`` after the retries)."""

    max_rate: float = 0.10
    error_statuses: tuple[str, ...] = crawlstats.DEFAULT_ERROR_STATUSES
    name: str = "error_rate"

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
        fetches = crawlstats.fetch_outcomes(stats)
        errors = crawlstats.fetch_errors(stats, self.error_statuses)
        if fetches == 0:
            return Verdict(self.name, True, "no fetches made", 0.0, self.max_rate)
        rate = errors / fetches
        ok, limit = _within(rate, self.max_rate)
        message = f"error rate {_percent(rate)} {limit} ({errors} of {fetches} fetches failed)"
        return Verdict(self.name, ok, message, round(rate, 4), self.max_rate)


@dataclass(frozen=True)
class NewArticlesStored:
    """New articles were listed, so some must be stored. A quiet run (every
    listed article archived already, nothing new) is healthy whatever the
    earlier runs stored. A run whose new URLs were all judged no article (a
    video page, a paywall stub: dropped and recorded) or ended normally (a
    URL robots.txt forbids, a withdrawn article's 404) is healthy too; one
    that lost them all to failures or bugs is not."""

    incremental: bool = True
    error_statuses: tuple[str, ...] = crawlstats.DEFAULT_ERROR_STATUSES
    name: str = "new_articles_stored"

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
        new = crawlstats.new_articles(stats, self.incremental)
        count = crawlstats.stored(stats)
        if count > 0:
            return Verdict(self.name, True, f"{count} articles stored", count, 1)
        if new == 0:
            return Verdict(self.name, True, "no new articles listed", 0, 0)
        settled = crawlstats.recorded_drops(stats) + crawlstats.benign_failures(
            stats, self.error_statuses)
        if settled >= new:
            return Verdict(self.name, True, f"{new} new pages, none an article to store", 0, 0)
        return Verdict(self.name, False, f"{new} new articles listed, none stored", 0, 1)


@dataclass(frozen=True)
class Channels:
    """Every configured feed, sitemap, robots.txt and listing page of the
    source was fetched, and none that listed entries in the last healthy run
    (that read it) lists none now: a feed that moved, a sitemap that broke or
    is served empty, a front page turned into a consent wall."""

    name: str = "channels"

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
        found = crawlstats.channels(stats)
        earlier = _earlier_entries(history)
        problems = []
        for channel in found:
            label = f"{channel['kind']} {channel['url']}"
            if channel["failed"]:
                problems.append(f"{label} unreachable")
            elif channel["entries"] == 0 and earlier.get(channel["url"], 0) > 0:
                problems.append(f"{label} empty ({earlier[channel['url']]} entries in the last "
                                f"healthy run)")
        if problems:
            return Verdict(self.name, False, "; ".join(problems), len(problems), 0)
        return Verdict(self.name, True, f"{len(found)} channels read", 0, 0)


def _earlier_entries(history: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Entries of each channel in the newest earlier run that read it."""
    entries: dict[str, int] = {}
    for record in history:
        for channel in record.get("channels") or []:
            if isinstance(channel, Mapping) and not channel.get("failed"):
                entries.setdefault(str(channel.get("url")), int(channel.get("entries") or 0))
    return entries


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

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
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

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
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

    def check(self, stats: Stats, history: Sequence[Mapping[str, Any]]) -> Verdict:
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
    error_statuses = tuple(str(s) for s in settings.getlist("NEWSCRAWL_MONITOR_ERROR_STATUSES"))
    return [
        FinishReason(tuple(settings.getlist("NEWSCRAWL_MONITOR_FINISH_REASONS"))),
        ErrorRate(settings.getfloat("NEWSCRAWL_MONITOR_MAX_ERROR_RATE"), error_statuses),
        NewArticlesStored(settings.getbool("NEWSCRAWL_INCREMENTAL"), error_statuses),
        Channels(),
        UndatedShare(max_share=settings.getfloat("NEWSCRAWL_MONITOR_MAX_UNDATED_SHARE"),
                     min_pages=min_pages),
        TextlessShare(max_share=settings.getfloat("NEWSCRAWL_MONITOR_MAX_TEXTLESS_SHARE"),
                      min_pages=min_pages),
        Storage(),
        SpiderExceptions(settings.getint("NEWSCRAWL_MONITOR_MAX_SPIDER_EXCEPTIONS")),
        FeedExports(),
    ]


def run_monitors(monitors: Iterable[Monitor], stats: Stats,
                 history: Sequence[Mapping[str, Any]] = ()) -> list[Verdict]:
    return [monitor.check(stats, history) for monitor in monitors]


def problems(verdicts: Iterable[Verdict]) -> list[str]:
    return [v.message for v in verdicts if not v.ok]
