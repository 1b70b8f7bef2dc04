"""Article extraction: main text and metadata of one news page, no Scrapy involved.

    from newscrawl.extraction import extract_article, NotAnArticle
    article = extract_article(response_bytes, url, declared_encoding="utf-8")

See docs/extraction.md for the choices made and the benchmark figures behind them.
"""

from .article import ExtractedArticle, NotAnArticle
from .core import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_article
from .options import ExtractionOptions

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ExtractedArticle",
    "ExtractionOptions",
    "NotAnArticle",
    "extract_article",
]
