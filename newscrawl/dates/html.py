"""Collect date candidates from an article page: the one collector the project uses.

Looks only where a page states its own dates: JSON-LD (incl. ``@graph`` and lists), meta
tags (property/name/http-equiv), ``<time>``/microdata itemprop/hAtom markup (here), labelled
dates ("Veröffentlicht am …") and the byline near the headline (``newscrawl.dates.visible``),
and htmldate's guess (``original_date=True``) as a last resort.
The article body is never scanned: dates in the text are about events, not the article.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError

from newscrawl.dates.guess import use_own_parser
from newscrawl.dates.layout import outside_article
from newscrawl.dates.model import MAX_RAW_CHARS, DateCandidate
from newscrawl.dates.parse import parse_date
from newscrawl.dates.scan import PageScan, scan_page
from newscrawl.dates.visible import (
    MAX_TEXT_CHARS,
    byline_candidates,
    labelled_candidates,
)

LOGGER = logging.getLogger(__name__)

# fmt: off
#: Meta names (lower-cased property/name/http-equiv) that give the publication date.
PUBLISHED_META_NAMES = frozenset({
    "article:published_time", "article:published", "article:published_date",
    "og:published_time", "og:article:published_time", "og:pubdate", "datepublished",
    "date", "dc.date", "dc.date.issued", "dc.date.created", "dc.created", "dc.date.published",
    "dcterms.date", "dcterms.issued", "dcterms.created", "pubdate", "publishdate",
    "publish-date", "publish_date", "published_time", "published-date", "published_date",
    "publication_date", "date_published", "parsely-pub-date", "sailthru.date",
    "article.published", "article_date_original", "original-publish-date",
    "citation_publication_date", "citation_date", "cxenseparse:recs:publishtime",
    "bt:pubdate", "pdate", "displaydate", "datecreated", "created", "release_date",
})
#: Meta names that give the last modification date.
MODIFIED_META_NAMES = frozenset({
    "article:modified_time", "article:modified", "article:modified_date", "og:updated_time",
    "og:article:modified_time", "datemodified", "dc.date.modified", "dc.modified",
    "dcterms.modified", "last-modified", "lastmod", "lastmodified", "modified_time",
    "modified_date", "article.updated", "updated_time", "date.modified", "revised",
})
# fmt: on
_JSONLD_FIELDS = (
    ("datePublished", "published"),
    ("dateCreated", "published"),
    ("dateModified", "modified"),
)
_ARTICLE_TYPE = re.compile(r"article|posting|report|newsarticle", re.IGNORECASE)
_MAX_JSON_NODES = 10_000
#: JSON-LD properties whose objects describe the same page (see ``_json_nodes``).
_SAME_DOCUMENT_KEYS = ("@graph", "mainEntity", "mainEntityOfPage")
_JSONLD_REGEX = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{4,40})"')

_MAX_UNMARKED_TIMES = 1
#: Machine-readable source families that, agreeing with every other published candidate,
#: make htmldate's guess unable to change the result (see ``_structured_dates_settle``).
_SETTLING_FAMILIES = 2

def collect_date_candidates(
    html: str | bytes,
    url: str,
    *,
    use_htmldate: bool = True,
    tree: lxml_html.HtmlElement | None = None,
    scan: PageScan | None = None,
) -> list[DateCandidate]:
    """Date candidates of one page, in the order the resolver should see them.

    ``tree``: the page already parsed (extraction parses it anyway; parsing a
    real 100 KB page again cost about as much as collecting the candidates).
    It is only read, never changed (htmldate works on a copy). ``html`` is
    then not parsed. ``scan``: ``scan_page`` of that tree, when the caller made it
    (extraction's one walk of the page also finds its byline candidates).
    """
    if tree is None:
        tree = parse_html(html)
    if tree is None:
        return []
    if scan is None:
        scan = scan_page(tree)  # one walk for the markup and the marked bylines
    candidates = [
        *_jsonld_candidates(tree),
        *_meta_candidates(tree),
        *_markup_candidates(scan.markup),
        *labelled_candidates(tree),
        *byline_candidates(scan),
    ]
    if use_htmldate and not _structured_dates_settle(candidates):
        candidates.extend(_htmldate_candidates(tree, url))
    return _unique(candidates)


def parse_html(html: str | bytes) -> lxml_html.HtmlElement | None:
    """An lxml tree from raw bytes (encoding guessed like htmldate does) or text."""
    if isinstance(html, bytes):
        from htmldate.utils import decode_file  # only decodes; never touches the network

        html = decode_file(html)
    if not html.strip():
        return None
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        # a whole document even when an XML declaration or a fragment would make
        # fromstring() return a bare <div>
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ParserError, ValueError):
        return None


# --- JSON-LD -------------------------------------------------------------------------------


def _jsonld_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    article: list[DateCandidate] = []
    other: list[DateCandidate] = []
    for script in tree.iter("script"):
        if not (script.get("type") or "").strip().lower().startswith("application/ld+json"):
            continue
        text = (script.text or "").strip()
        data = _load_json(text)
        if data is None:
            # broken JSON still often names its dates plainly
            other.extend(
                DateCandidate("jsonld", _field_of(key), value)
                for key, value in _JSONLD_REGEX.findall(text)
            )
            continue
        for node in _json_nodes(data):
            target = article if _ARTICLE_TYPE.search(_type_name(node)) else other
            for key, field in _JSONLD_FIELDS:
                value = node.get(key)
                if isinstance(value, list) and value:
                    value = value[0]
                if isinstance(value, str) and 0 < len(value.strip()) <= MAX_RAW_CHARS:
                    target.append(DateCandidate("jsonld", field, value.strip()))
    return article + other


def _load_json(text: str) -> Any:
    text = re.sub(r"^\s*(?:<!--|//<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\]\]>|\]\]>)\s*$", "", text)
    try:
        return json.loads(text.rstrip(";"), strict=False)
    except (ValueError, RecursionError):  # hostile nesting falls back to the regex
        return None


def _json_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document that describe the page itself, parents before
    children, depth-first: the top-level objects, the members of ``@graph`` and of lists, and
    a ``mainEntity``/``mainEntityOfPage``. An object that is the value of any other property
    is another thing with dates of its own (a live blog's ``liveBlogUpdate`` postings, a
    ``comment``, a ``citation``, an ``image``, the ``publisher``), like nested microdata
    items (``_in_nested_item``). Iterative and capped, so that hostile nesting costs neither
    the stack nor the crawl."""
    stack = [data]
    seen = 0
    while stack and seen < _MAX_JSON_NODES:
        item = stack.pop()
        seen += 1
        children: list[Any]
        if isinstance(item, dict):
            yield item
            children = [item.get(key) for key in _SAME_DOCUMENT_KEYS]
        elif isinstance(item, list):
            children = item
        else:
            continue
        stack.extend(reversed([c for c in children if isinstance(c, (dict, list))]))


def _type_name(node: dict[str, Any]) -> str:
    kind = node.get("@type", "")
    return " ".join(kind) if isinstance(kind, list) else str(kind)


def _field_of(key: str) -> str:
    return "modified" if key == "dateModified" else "published"


# --- meta tags -----------------------------------------------------------------------------


def _meta_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    candidates = []
    for meta in tree.iter("meta"):
        name = (
            (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "")
            .strip()
            .lower()
        )
        value = (meta.get("content") or "").strip()
        if not name or not value or len(value) > MAX_RAW_CHARS:
            continue  # itemprop metas are microdata, collected as "time" with the markup
        if name in PUBLISHED_META_NAMES:
            candidates.append(DateCandidate(f"meta:{name}", "published", value))
        elif name in MODIFIED_META_NAMES:
            candidates.append(DateCandidate(f"meta:{name}", "modified", value))
    return candidates


# --- <time>, itemprop and hAtom markup -----------------------------------------------------


def _markup_candidates(elements: list[lxml_html.HtmlElement]) -> list[DateCandidate]:
    """Dates of ``<time>``/``<abbr>``/microdata elements (``PageScan.markup``): those
    whose markup names the field, then the first unmarked ``<time>`` in the article."""
    marked: list[DateCandidate] = []
    unmarked: list[DateCandidate] = []
    for element in elements:
        field = _markup_field(element)
        if field is None and element.tag != "time":
            continue
        value = (
            element.get("datetime")
            or element.get("content")
            or (element.get("title") if element.tag == "abbr" else None)
            or (element.text_content() if element.tag != "meta" else "")
        )
        if field is not None and _in_nested_item(element):
            continue  # a cited work's or related article's datePublished
        value = " ".join((value or "").split())
        if not value or len(value) > MAX_TEXT_CHARS:
            continue
        if field is not None:
            marked.append(DateCandidate("time", field, value))
        elif len(unmarked) < _MAX_UNMARKED_TIMES and not outside_article(element):
            unmarked.append(DateCandidate("time", "published", value))
    return marked + unmarked


def _in_nested_item(element: lxml_html.HtmlElement) -> bool:
    """Whether microdata belongs to an item that is a property of another one (a citation,
    a comment, a related article) rather than to the page's own item or its main entity."""
    for ancestor in element.iterancestors():
        if ancestor.get("itemscope") is not None:
            role = (ancestor.get("itemprop") or "").lower()
            return bool(role) and role not in ("mainentity", "mainentityofpage")
    return False


def _markup_field(element: lxml_html.HtmlElement) -> str | None:
    itemprop = (element.get("itemprop") or "").lower()
    if itemprop in ("datepublished", "datecreated"):
        return "published"
    if itemprop == "datemodified":
        return "modified"
    if element.tag not in ("time", "abbr"):
        return None
    if element.get("pubdate") is not None:
        return "published"
    classes = (element.get("class") or "").lower()
    if re.search(r"updated|modified", classes):
        return "modified"
    if re.search(r"publish|pubdate|entry-date|creat", classes):
        return "published"
    return None


# --- htmldate ------------------------------------------------------------------------------


def _structured_dates_settle(candidates: list[DateCandidate]) -> bool:
    """Whether htmldate's guess cannot change the published date: at least
    ``_SETTLING_FAMILIES`` machine-readable sources (JSON-LD, meta tags, ``<time>``/itemprop)
    name the same day and no published candidate of the page names another. htmldate then
    adds one vote to a day that is outvoted anyway (the resolver needs more families for a
    day than the top day has), never a precision (it gives days only), and it costs about
    as much as all the other collectors together."""
    families: set[str] = set()
    days: set[date] = set()
    for candidate in candidates:
        if candidate.field != "published":
            continue
        parsed = parse_date(candidate.value)
        if parsed is None:
            continue
        days.add(parsed.local_date())
        if len(days) > 1:
            return False
        family = candidate.source.split(":", 1)[0]
        if family in ("jsonld", "meta", "time"):
            families.add(family)
    return len(families) >= _SETTLING_FAMILIES


def _htmldate_candidates(tree: lxml_html.HtmlElement, url: str) -> list[DateCandidate]:
    from htmldate import find_date  # a tree argument is deep-copied, never fetched

    use_own_parser()  # its last resort reads with newscrawl.dates, not dateparser
    try:
        found = find_date(tree, url=url, original_date=True)
    except Exception:  # htmldate is a heuristic over arbitrary markup; a failure is "no guess"
        LOGGER.debug("htmldate failed on %s", url, exc_info=True)
        return []
    return [DateCandidate("htmldate", "published", found)] if found else []


def _unique(candidates: list[DateCandidate]) -> list[DateCandidate]:
    return list(dict.fromkeys(candidates))
