"""Incremental crawling: archived articles are not fetched again unless due.

A daily cron run of a feed sees mostly articles it archived yesterday.
This spider middleware collects the article requests one feed, sitemap or
listing page yields (they carry ``meta["newscrawl_id"]``, the document id),
looks all of them up in MongoDB with one ``{_id: {$in: [...]}}`` query per
page - so it works for any number of crawl machines sharing the archive - and

* lets a request for a URL not in the archive through;
* drops one for an archived URL - or for a URL that redirected to an
  archived one last time (``url_aliases``) - (``newscrawl/incremental/skipped``), unless
  the source's ``recheck_days`` have passed since the URL was last seen: then
  it is re-checked (``.../rechecked``) with ``If-None-Match`` /
  ``If-Modified-Since`` from the stored ETag / Last-Modified, so an unchanged
  page costs the server a 304 and no body;
* turns a 304 answer into a ``not_modified`` signal carrying a
  :class:`~newscrawl.store.captures.Capture`, which the store pipeline records
  as a sighting (fetch log entry, ``last_seen`` bumped, no new version).

A page the pipelines dropped as no article (a section front, a video page,
a paywall stub, a too-short page: ``dropped_pages``, see
:mod:`newscrawl.store.dropped`) is known too: it is skipped
(``.../skipped_dropped``) until ``NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS``
have passed since it was last fetched, then fetched again
(``.../rechecked_dropped``), conditionally when its ETag / Last-Modified are
known: a 304 (``.../not_modified_dropped``) means the page is still what it was
and is recorded as another sighting of the drop (same reason, status 304); a
full answer goes through the pipelines, which decide again whether it is an
article now. When a URL is in both collections (an article that later turned
into a stub, or the reverse) its latest sighting decides.

When the lookup fails (database down) every request goes through
(``.../lookup_failed``): refetching is waste, skipping would be loss.

Settings: ``NEWSCRAWL_INCREMENTAL`` (off: NotConfigured),
``NEWSCRAWL_CONDITIONAL_REQUESTS``, ``NEWSCRAWL_INCREMENTAL_LOOKUP_BATCH``,
``NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS``.
Stats: ``newscrawl/incremental/new``, ``.../skipped``, ``.../rechecked``,
``.../conditional``, ``.../not_modified``, ``.../skipped_dropped``,
``.../rechecked_dropped``, ``.../not_modified_dropped``, ``.../lookup_failed``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.errors import PyMongoError
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.schema import canonical_url, document_id
from newscrawl.store.captures import DROPPED, NOT_MODIFIED, Capture
from newscrawl.store.mongo import ARTICLES, DROPPED_PAGES, URL_ALIASES, open_database

logger = logging.getLogger(__name__)

#: Signal sent with ``capture=`` for every 304 answer to a re-check.
not_modified = object()

#: Request meta key marking a conditional re-check of an archived article.
RECHECK = "newscrawl_recheck"
#: Request meta key holding the drop reason when the re-checked page is a dropped one.
RECHECK_DROPPED = "newscrawl_recheck_dropped"
_PROJECTION = {"last_seen": 1, "fetched_at": 1, "http_etag": 1, "http_last_modified": 1}
_DROPPED_PROJECTION = {"last_seen": 1, "reason": 1, "http_etag": 1, "http_last_modified": 1}


class IncrementalMiddleware:
    """Spider middleware; see the module documentation."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_INCREMENTAL"):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.conditional = settings.getbool("NEWSCRAWL_CONDITIONAL_REQUESTS")
        self.lookup_batch = max(1, settings.getint("NEWSCRAWL_INCREMENTAL_LOOKUP_BATCH"))
        self.recheck_dropped_days = days_setting(
            settings.get("NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS")
        )
        self.client = None
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        if self.client is not None:
            self.client.close()

    def count(self, key: str, value: int = 1) -> None:
        if value:
            self.stats.inc_value(f"newscrawl/incremental/{key}", value)

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]):
        if response.status == 304 and response.meta.get(RECHECK):
            async for _ in result:  # the callback saw an empty body; nothing to keep
                pass
            self.report_not_modified(response)
            return
        pending: list[Request] = []
        async for obj in result:
            if (
                isinstance(obj, Request)
                and obj.meta.get("newscrawl_id")
                and RECHECK not in obj.meta
            ):
                pending.append(obj)
                if len(pending) >= self.lookup_batch:
                    for request in await self.select(pending):
                        yield request
                    pending = []
            else:
                yield self.note_redirect(response, obj)
        if pending:
            for request in await self.select(pending):
                yield request

    @staticmethod
    def note_redirect(response: Response, obj: Any) -> Any:
        """An article item fetched through a redirect carries the id of the URL
        discovery gave (``_page.requested_id``); the store keeps it in
        ``url_aliases``, so the next run's lookup finds the archived article."""
        requested = response.meta.get("newscrawl_id")
        page = obj.get("_page") if isinstance(obj, dict) else None
        if requested and isinstance(page, dict) and requested != document_id(response.url):
            page["requested_id"] = requested
        return obj

    async def select(self, requests: list[Request]) -> list[Request]:
        """The requests worth sending, after one lookup of all their ids."""
        ids = list({r.meta["newscrawl_id"] for r in requests})
        try:
            stored = await asyncio.to_thread(self.lookup, ids)
        except PyMongoError as exc:
            self.count("lookup_failed", len(requests))
            logger.warning(
                "archive lookup failed, fetching %d articles anyway: %s", len(requests), exc
            )
            return requests
        recheck_days = getattr(getattr(self.crawler.spider, "source", None), "recheck_days", None)
        now = datetime.now(UTC)
        selected = []
        for request in requests:
            doc = stored.get(request.meta["newscrawl_id"])
            if doc is None:
                self.count("new")
                selected.append(request)
            elif "reason" in doc:  # last fetched as a page the pipelines dropped
                if recheck_due(doc, self.recheck_dropped_days, now):
                    selected.append(self.recheck_dropped(request, doc))
                else:
                    self.count("skipped_dropped")
            elif recheck_due(doc, recheck_days, now):
                selected.append(self.recheck(request, doc))
            else:
                self.count("skipped")
        return selected

    def lookup(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """What the archive knows of each requested id: the stored article or
        the ``dropped_pages`` entry, whichever was seen last (one ``$in`` on
        each); an id unknown itself may be the alias of a URL it redirected
        to (``url_aliases``: one more ``$in``, and the two on its targets)."""
        if self.db is None:
            self.client, self.db = open_database(self.crawler.settings)
        found = self.known(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            aliases = {
                a["_id"]: a["url_id"] for a in self.db[URL_ALIASES].find({"_id": {"$in": missing}})
            }
            if aliases:
                docs = self.known(list(set(aliases.values())))
                found.update({i: docs[t] for i, t in aliases.items() if t in docs})
        return found

    def known(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        assert self.db is not None
        found = {d["_id"]: d for d in self.db[ARTICLES].find({"_id": {"$in": ids}}, _PROJECTION)}
        for page in self.db[DROPPED_PAGES].find({"_id": {"$in": ids}}, _DROPPED_PROJECTION):
            article = found.get(page["_id"])
            if article is None or _seen(page) > _seen(article):
                found[page["_id"]] = page
        return found

    def recheck(self, request: Request, doc: dict[str, Any]) -> Request:
        self.count("rechecked")
        return self.with_validators(request, doc)

    def recheck_dropped(self, request: Request, doc: dict[str, Any]) -> Request:
        self.count("rechecked_dropped")
        request.meta[RECHECK_DROPPED] = doc["reason"]
        return self.with_validators(request, doc)

    def with_validators(self, request: Request, doc: dict[str, Any]) -> Request:
        """Mark ``request`` as a re-check and make it conditional when the stored
        fetch left an ETag or Last-Modified (and conditional requests are on)."""
        request.meta[RECHECK] = True
        if self.conditional and (doc.get("http_etag") or doc.get("http_last_modified")):
            self.count("conditional")
            if doc.get("http_etag"):
                request.headers["If-None-Match"] = doc["http_etag"]
            if doc.get("http_last_modified"):
                request.headers["If-Modified-Since"] = doc["http_last_modified"]
            statuses = set(request.meta.get("handle_httpstatus_list", ())) | {304}
            request.meta["handle_httpstatus_list"] = sorted(statuses)
        return request

    def report_not_modified(self, response: Response) -> None:
        """Send the 304's capture: a sighting of the archived article, or of the
        dropped page, which stays dropped for its recorded reason."""
        reason = response.meta.get(RECHECK_DROPPED)
        self.count("not_modified_dropped" if reason else "not_modified")
        source = getattr(self.crawler.spider, "source", None)
        capture = Capture(
            url_id=document_id(response.url),  # after redirects: the archived id
            url=canonical_url(response.url),
            source=getattr(source, "name", None),
            fetched_at=datetime.now(UTC),
            kind=DROPPED if reason else NOT_MODIFIED,
            status=304,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            reason=reason,
        )
        self.crawler.signals.send_catch_log(signal=not_modified, capture=capture)


def recheck_due(doc: dict[str, Any], recheck_days: float | None, now: datetime) -> bool:
    """Whether an archived article (or a dropped page) is due for a re-check
    after ``recheck_days`` (None: never)."""
    if recheck_days is None:
        return False
    seen = doc.get("last_seen") or doc.get("fetched_at")
    if seen is None:
        return True
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return now - seen >= timedelta(days=recheck_days)


def days_setting(value: Any) -> float | None:
    """A number of days from a setting; empty (or None) means never."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return float(value)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _seen(doc: dict[str, Any]) -> datetime:
    seen = doc.get("last_seen") or doc.get("fetched_at") or _EPOCH
    return seen if seen.tzinfo else seen.replace(tzinfo=UTC)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
