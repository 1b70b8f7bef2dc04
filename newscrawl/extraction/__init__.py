"""Article extraction: main text and metadata of one news page, no Scrapy involved.

    from newscrawl.extraction import extract_article, NotAnArticle
    article = extract_article(response_bytes, url, declared_encoding="utf-8")

See docs/extraction.md for the choices made and the benchmark figures behind them.

``extract_article`` (and with it trafilatura, htmldate, lxml's HTML tools) is
imported on first use: the crawl process imports this package for the options
and the exception types, and only the extraction workers extract
(``NEWSCRAWL_EXTRACT_WORKERS``), so it does not hold the libraries.
"""

from typing import Any

from .article import ExtractedArticle, NotAnArticle
from .options import ExtractionOptions

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ExtractedArticle",
    "ExtractionOptions",
    "NotAnArticle",
    "extract_article",
]

_FROM_CORE = ("EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract_article")


def __getattr__(name: str) -> Any:
    if name in _FROM_CORE:
        from . import core

        value = globals()[name] = getattr(core, name)  # once: later look-ups find it
        return value
    raise AttributeError(f"module 'newscrawl.extraction' has no attribute {name!r}")
