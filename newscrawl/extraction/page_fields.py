"""Small page fields: lead/teaser, site name, canonical URL, sections, keywords, image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from .structured import PageMetadata, clean_space, names_of, url_of
from .tree import body_descendants

# Lead candidates: p/div/h2/strong/span under <body> with itemprop=description or one of
# these (case-sensitive) substrings in @class; _LEAD_CLASS below then asks for a class word.
# Formerly an XPath of thirteen contains() tests on every element of the page; walking the
# page and stopping at the first lead found gives the same candidates in the same order.
_LEAD_TAGS = ("p", "div", "h2", "strong", "span")
_LEAD_CLASS_HINT = re.compile(
    "lead|Lead|standfirst|intro|summary|abstract|excerpt|dek|subtitle|teaser-text|"
    "article-teaser|kurztext"
)
MAX_LEAD_CANDIDATES = 20
# a lead followed in its parent by a paragraph this long is the body's first paragraph;
# only the first few <p> siblings are read
FLOW_PARAGRAPH_CHARS = 80
MAX_FLOW_SIBLINGS = 3
_NOT_LEAD_ANCESTORS = {"nav", "aside", "footer", "header", "li", "a"}
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


# class words of lead paragraphs; "ad-leaderboard" or "mislead" must not count
_LEAD_CLASS = re.compile(
    r"(?:^|[-_])(?:lead|leadtext|lead-text|intro|introduction|standfirst|"
    r"summary|abstract|excerpt|dek|subtitle|teaser-text|article-teaser|"
    r"kurztext)(?:$|[-_])",
    re.IGNORECASE,
)


class VisibleLead(NamedTuple):
    """A lead element's text, and whether it is a standfirst set apart from the body."""

    text: str
    apart: bool


def visible_lead(tree: HtmlElement) -> VisibleLead | None:
    for element in islice(lead_candidates(tree), MAX_LEAD_CANDIDATES):
        classes = (element.get("class") or "").split()
        if element.get("itemprop") != "description" and not any(
            _LEAD_CLASS.search(c) for c in classes
        ):
            continue
        if any(a.tag in _NOT_LEAD_ANCESTORS for a in element.iterancestors()):
            continue
        if next(element.iterdescendants("h1", "h2", "h3", "li", "img"), None) is not None:
            continue
        text = clean_space(element.text_content())
        if 40 <= len(text) <= 1200 and sum(1 for _ in element.iterdescendants("a")) <= 2:
            return VisibleLead(text, not in_paragraph_flow(element))
    return None


def in_paragraph_flow(element: HtmlElement) -> bool:
    """Is the lead element one of the body's paragraphs rather than a standfirst?

    Decided by where it sits, not by its words: a standfirst stands with the headline
    (in the article header, or alone in a wrapper of its own); a paragraph the template
    merely styles as the intro ("<p class=intro>") is followed, in the same parent, by
    the body's other paragraphs. An inline lead (a <strong class=lead> filling a <p>)
    is judged by its paragraph.
    """
    block = element
    parent = element.getparent()
    if element.tag in ("span", "strong") and parent is not None and parent.tag == "p":
        block = parent
    for sibling in islice(block.itersiblings("p"), MAX_FLOW_SIBLINGS):
        if len(sibling.text_content().strip()) >= FLOW_PARAGRAPH_CHARS:
            return True
    return False


def lead_candidates(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Elements that may hold the lead, in document order (lazily: the caller stops at the
    first good one)."""
    for element in body_descendants(tree, *_LEAD_TAGS):
        if element.get("itemprop") == "description":
            yield element
        else:
            classes = element.get("class")
            if classes and _LEAD_CLASS_HINT.search(classes):
                yield element


def declared_lead(page: PageMetadata) -> str | None:
    description = page.article_value("description")
    if isinstance(description, str) and clean_space(description):
        return clean_space(description)
    return page.first_meta("og:description", "twitter:description", "description") or None


def site_name(page: PageMetadata, url: str) -> str | None:
    publisher = names_of(page.article_value("publisher"))
    return (
        page.first_meta("og:site_name", "application-name", "al:android:app_name")
        or (publisher[0][0] if publisher else None)
        or (urlsplit(url).hostname or "").removeprefix("www.")
        or None
    )


def canonical_url(page: PageMetadata, url: str) -> str:
    for candidate in (page.canonical, page.first_meta("og:url")):
        if candidate and not candidate.startswith(("javascript:", "#")):
            absolute = urljoin(url, candidate)
            if absolute.startswith(("http://", "https://")):
                return absolute
    return url


def categories(page: PageMetadata) -> list[str]:
    section = page.article_value("articleSection")
    values = section if isinstance(section, list) else [section]
    found = [clean_space(v) for v in values if isinstance(v, str)]
    found += page.all_meta("article:section", "section", "parsely-section")
    return _unique(found)


def keywords(page: PageMetadata) -> list[str]:
    declared = page.article_value("keywords")
    values = declared if isinstance(declared, list) else [declared]
    found: list[str] = []
    for value in values + page.all_meta("news_keywords", "keywords", "article:tag"):
        if isinstance(value, str):
            found.extend(_KEYWORD_SPLIT.split(value))
    return _unique(clean_space(k) for k in found)


def image_url(page: PageMetadata, url: str) -> str | None:
    image = page.first_meta(
        "og:image", "og:image:url", "twitter:image", "twitter:image:src"
    ) or url_of(page.article_value("image"))
    return urljoin(url, image) if image else None


def _unique(values) -> list[str]:  # type: ignore[no-untyped-def]
    return [v for v in dict.fromkeys(values) if v]
