"""Pure parsers for where articles are announced: RSS/Atom feeds and sitemaps."""

from newscrawl.discovery.feeds import FeedEntry, parse_feed
from newscrawl.discovery.sitemaps import SitemapEntry, SitemapKind, parse_sitemap, robots_sitemaps
from newscrawl.discovery.xml import TruncatedXML

__all__ = [
    "FeedEntry",
    "SitemapEntry",
    "SitemapKind",
    "TruncatedXML",
    "parse_feed",
    "parse_sitemap",
    "robots_sitemaps",
]
