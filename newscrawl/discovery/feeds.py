"""RSS 0.9x/1.0/2.0 and Atom feed entries, read with lxml.

Written on lxml rather than feedparser on purpose: feedparser builds the whole
feed in memory and has a quadratic author regex that a hostile feed can
trigger; here a feed is streamed entry by entry (see :mod:`.xml`). We need
only four things from an entry: its link, title, dates and author.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from newscrawl.discovery.xml import child_text, iter_elements, localname

_ENTRY = frozenset({"item", "entry"})


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # raw value; dates are parsed by newscrawl.dates
    updated: str | None = None
    author: str | None = None


def _entry_link(element, base_url: str) -> str | None:
    # Atom: <link rel="alternate" href="..."/> (rel defaults to alternate).
    for child in element:
        if (localname(child.tag) == "link" and child.get("href")
                and child.get("rel", "alternate") == "alternate"):
            return urljoin(base_url, child.get("href").strip())
    link = child_text(element, "link")
    if link:
        return urljoin(base_url, link)
    # RSS guid is a permalink unless it says otherwise.
    for child in element:
        if localname(child.tag) == "guid" and child.get("isPermaLink", "true") != "false":
            text = (child.text or "").strip()
            if text.startswith(("http://", "https://")):
                return text
    return None


def parse_feed(body: bytes, base_url: str, max_entries: int | None = None) -> Iterator[FeedEntry]:
    """Entries of an RSS or Atom feed, in document order, with absolute URLs.

    Entries without a usable link are skipped; ``max_entries`` bounds how many
    are read from one feed.
    """
    count = 0
    for element in iter_elements(body, _ENTRY):
        url = _entry_link(element, base_url)
        if not url or not url.startswith(("http://", "https://")):
            continue
        author = child_text(element, "creator", "name", "author")
        yield FeedEntry(
            url=url,
            title=child_text(element, "title"),
            published=child_text(element, "pubdate", "published", "issued", "date"),
            updated=child_text(element, "updated", "modified"),
            author=author,
        )
        count += 1
        if max_entries is not None and count >= max_entries:
            return
