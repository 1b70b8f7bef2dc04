"""Is this page one article? Section fronts, tag pages, galleries and paywalled stubs are not.

Signals, strongest first: what the page declares (JSON-LD @type, og:type,
isAccessibleForFree), then its shape (how much of its text is links, how many linked
teaser headlines, how much text there is next to images).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .article import PAYWALL_STUB_CHARS, NotAnArticle
from .structured import GALLERY_TYPES, LISTING_TYPES, PageMetadata
from .tree import body_descendants

_GALLERY_PATH = re.compile(
    r"/(?:galerie|gallery|galleries|bildergalerie|fotostrecke|fotogalerie|bilderstrecke|"
    r"photos?|slideshow|diashow|bilder)(?:/|-|$)",
    re.IGNORECASE,
)
_LISTING_PATH = re.compile(
    r"/(?:tag|tags|thema|themen|topic|topics|schlagwort|category|"
    r"kategorie|ressort|archiv|archive|section|author|autor)/",
    re.IGNORECASE,
)
LISTING_MIN_TEASERS = 8
GALLERY_MAX_CHARS = 600


def check_page_type(tree: HtmlElement, page: PageMetadata, url: str, text: str,
                    *, keep_paywalled: bool = True) -> None:
    """Raise NotAnArticle when the page is not a single article. A paywalled
    article showing only its teaser is one (kept, flagged ``access: paywalled``)
    unless ``keep_paywalled`` is off: then it is dropped as ``paywall_stub``."""
    types = page.page_types()
    has_article = page.article is not None
    if not keep_paywalled and _is_paywall_stub(page, text):
        raise NotAnArticle(
            "paywall_stub", f"isAccessibleForFree=false and only {len(text)} characters of text"
        )
    if types & GALLERY_TYPES and not has_article and len(text) < 2 * GALLERY_MAX_CHARS:
        raise NotAnArticle("gallery", "JSON-LD declares an image gallery")
    if (
        _GALLERY_PATH.search(urlsplit(url).path)
        and len(text) < GALLERY_MAX_CHARS
        and len(tree.xpath("//img")) >= 6
    ):
        raise NotAnArticle("gallery", "gallery URL with many images and little text")
    if has_article:
        return
    if types & LISTING_TYPES:
        raise NotAnArticle("listing_page", f"JSON-LD declares {min(types & LISTING_TYPES)}")
    if _looks_like_listing(tree, url, text):
        raise NotAnArticle("listing_page", "mostly linked teaser headlines")


def _is_paywall_stub(page: PageMetadata, text: str) -> bool:
    """The page declares the article not free and shows only a teaser."""
    return len(text) < PAYWALL_STUB_CHARS and declares_paywall(page)


def declares_paywall(page: PageMetadata) -> bool:
    """The page declares the article not free to read: schema.org
    ``isAccessibleForFree`` false on the article or one of its parts. Paywall
    scripts and CSS classes alone are no signal: metered sites carry them on
    every free article too."""
    if page.article is None:
        return False
    parts = page.article.get("hasPart")
    flags = [page.article.get("isAccessibleForFree")]
    flags += [
        p.get("isAccessibleForFree")
        for p in (parts if isinstance(parts, list) else [parts])
        if isinstance(p, dict)
    ]
    return any(_is_false(flag) for flag in flags)


def _is_false(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "0")
    return value is False


def _looks_like_listing(tree: HtmlElement, url: str, text: str) -> bool:
    if count_teaser_headlines(tree, LISTING_MIN_TEASERS) < LISTING_MIN_TEASERS:
        return False
    og_type = None
    for element in tree.iter("meta"):
        if (element.get("property") or "").lower() == "og:type":
            og_type = (element.get("content") or "").strip().lower()
            break
    if og_type == "article":
        return False
    path = urlsplit(url).path
    shallow = path.count("/") <= 2 and not re.search(r"\d{4,}|\.html?$|-\w+-\w+-", path)
    return bool(_LISTING_PATH.search(path) or shallow) and len(text) < 1500


def count_teaser_headlines(tree: HtmlElement, limit: int) -> int:
    """Linked headlines (h2-h4 under <body> holding an <a href>), counted up to `limit`:
    the walk stops there instead of matching every heading of a long front page."""
    count = 0
    for heading in body_descendants(tree, "h2", "h3", "h4"):
        if any(link.get("href") is not None for link in heading.iterdescendants("a")):
            count += 1
            if count >= limit:
                break
    return count
