"""Which source a captured URL belongs to, by the registry's ``allowed_domains``.

A WARC file from elsewhere (Common Crawl's CC-NEWS above all) holds pages of
thousands of outlets; the registry's domains say which of them belong to the
archive. The map answers on the host alone, so records can be filtered on
their WARC headers before their blocks are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from newscrawl.sources import Source


class SourceMap:
    """Host -> source: the source whose allowed domain is the longest suffix of
    the host wins (``sport.orf.at`` is ORF's, even if some source claimed ``at``).
    Unknown hosts go to ``catch_all`` when one is given."""

    def __init__(self, sources: Iterable[Source], *, catch_all: Source | None = None) -> None:
        self.domains: dict[str, Source] = {}
        for source in sources:
            for domain in source.allowed_domains:
                self.domains.setdefault(domain.lower().strip("."), source)
        self.catch_all = catch_all

    def source_for(self, url: str) -> Source | None:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        while host:
            source = self.domains.get(host)
            if source is not None:
                return source
            host = host.partition(".")[2]
        return self.catch_all

    def wanted(self, warc_type: str, url: str) -> bool:
        """The record filter of :func:`newscrawl.warc.read.iter_records`."""
        return self.catch_all is not None or self.source_for(url) is not None
