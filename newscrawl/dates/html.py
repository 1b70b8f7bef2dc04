"""Collect date candidates from an article page: the one collector the project uses.

Looks only where a page states its own dates: JSON-LD (incl. ``@graph`` and lists), meta
tags (property/name/http-equiv), ``<time>``/microdata itemprop/hAtom markup, labelled dates
("Veröffentlicht am …"), the byline near the headline, and htmldate's guess
(``original_date=True``) as a last resort.
The article body is never scanned: dates in the text are about events, not the article.
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from itertools import accumulate
from typing import Any

from lxml import etree as lxml_etree
from lxml import html as lxml_html
from lxml.etree import ParserError

from newscrawl.dates.model import MAX_RAW_CHARS, DateCandidate
from newscrawl.dates.parse import parse_date

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
_JSONLD_REGEX = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{4,40})"')

_BYLINE_MARKER = re.compile(
    r"date|time|publish|posted|byline|dateline|datum|zeit|fecha|data|meta|stand|updated",
    re.IGNORECASE,
)
_OUTSIDE_ARTICLE = re.compile(
    r"comment|footer|sidebar|related|teaser|widget|nav|menu|breadcrumb|cookie|newsletter",
    re.IGNORECASE,
)
_OUTSIDE_TAGS = frozenset({"nav", "footer", "aside", "form"})
_PAGE_TAGS = frozenset({"body", "html"})
#: Words that say which date follows: publication (group "published") or change ("modified").
_DATE_LABEL = re.compile(
    r"(?<![^\W\d_])(?:(?P<published>veröffentlicht|erschienen|erscheinungsdatum|erstellt|"
    r"publiziert|published|posted|publié|pubblicato|publicado|gepubliceerd)"
    r"|(?P<modified>aktualisiert|zuletzt geändert|letzte änderung|geändert|stand(?=\s*:)|"
    r"updated|last edited|modified|mis à jour|modifié|aggiornato|actualizado))(?![^\W\d_])"
    r"(?:\s+(?:am|on|le|il|el|op|at))?\s*:?",
    re.IGNORECASE,
)
#: A byline worth parsing has a digit or a relative-date word ("vor einer Stunde").
_DATE_HINT = re.compile(
    r"\d|gestern|heute|yesterday|today|\bago\b|\bvor\b|il y a|\bhier\b|\bhace\b|ayer|ieri|oggi",
    re.IGNORECASE,
)
_MAX_BYLINE_CHARS = 160
_MAX_BYLINES = 2
_MAX_UNMARKED_TIMES = 1
#: Words of a dated line under the headline ("1. Februar 2022, Daniel Dillenburg").
_MAX_LINE_WORDS = 8
#: Machine-readable source families that, agreeing with every other published candidate,
#: make htmldate's guess unable to change the result (see ``_structured_dates_settle``).
_SETTLING_FAMILIES = 2

#: ASCII stems of the label words ("ffentlicht": veröffentlicht, "ndert": geändert,
#: "nderung": Änderung, "publi": published/publié/publiziert/publicado/gepubliceerd):
#: a fast search of the page text for them decides which texts are read at all.
_LABEL_STEMS = (
    "ffentlicht",
    "erschien",
    "erschein",
    "erstellt",
    "publi",
    "pubblicato",
    "posted",
    "aktualisiert",
    "ndert",
    "nderung",
    "stand",
    "updated",
    "edited",
    "modifi",
    "mis à jour",
    "aggiornato",
    "actualizado",
)
#: A text that holds a label word (as ``_DATE_LABEL``, but "Stand" without its colon,
#: which may be in the next text).
_LABEL_WORD = re.compile(
    _DATE_LABEL.pattern.replace(r"stand(?=\s*:)", "stand").split(r"(?:\s+(?:am")[0],
    re.IGNORECASE,
)
#: Texts with a label word read per page; a page of hundreds is not a byline.
_MAX_LABEL_TEXTS = 50
#: Elements whose text is read for a label; dt, th and label hold the label of a
#: label/value pair whose value follows in the next element (``_labelled_value``).
_LABELLED_TAGS = (
    "p",
    "span",
    "div",
    "li",
    "dd",
    "small",
    "time",
    "em",
    "strong",
    "td",
    "dt",
    "th",
    "label",
)
_LABELLED_TEST = " or ".join(f"self::{tag}" for tag in _LABELLED_TAGS)
#: The texts of the body a reader sees (not scripts or styles), as plain strings.
_VISIBLE_TEXT = lxml_etree.XPath(
    "//body//text()[not(parent::script or parent::style)]", smart_strings=False
)
#: The visible texts inside an element (its scripts and styles left out).
_ELEMENT_VISIBLE_TEXT = lxml_etree.XPath(
    "descendant-or-self::text()[not(parent::script or parent::style)]", smart_strings=False
)
#: Elements that can carry date markup (``_markup_field`` decides), in document order.
_MARKUP_ELEMENTS = lxml_etree.XPath(
    "//time | //abbr | //*[@itemprop]"
    "[self::meta or self::span or self::div or self::p or self::a or self::small or self::li]"
)
#: The elements right after an element in document order (not inside it): where the
#: byline sits after a headline. Microdata and <time> elements are left out: the markup
#: collector reads them with the field their markup declares (a hidden dateModified is
#: not the byline).
_FOLLOWING_ELEMENTS = lxml_etree.XPath(
    "following::*[not(@itemprop or self::time or self::meta or self::script or self::style)]"
    "[position() <= 6]"
)
#: Class and id values of the elements and the first headline, in document order.
_MARKER_VALUES = lxml_etree.XPath(
    "(.//h1)[1] | descendant-or-self::*/@class | descendant-or-self::*/@id"
)


def collect_date_candidates(
    html: str | bytes,
    url: str,
    *,
    use_htmldate: bool = True,
    tree: lxml_html.HtmlElement | None = None,
) -> list[DateCandidate]:
    """Date candidates of one page, in the order the resolver should see them.

    ``tree``: the page already parsed (extraction parses it anyway; parsing a
    real 100 KB page again cost about as much as collecting the candidates).
    It is only read, never changed (htmldate works on a copy). ``html`` is
    then not parsed.
    """
    if tree is None:
        tree = parse_html(html)
    if tree is None:
        return []
    candidates = [
        *_jsonld_candidates(tree),
        *_meta_candidates(tree),
        *_markup_candidates(tree),
        *_labelled_candidates(tree),
        *_byline_candidates(tree),
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
    """Every object in a JSON-LD document, parents before children, depth-first; iterative
    and capped so that hostile nesting costs neither the stack nor the crawl."""
    stack = [data]
    seen = 0
    while stack and seen < _MAX_JSON_NODES:
        item = stack.pop()
        seen += 1
        children: list[Any]
        if isinstance(item, dict):
            yield item
            children = list(item.values())
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


def _markup_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    marked: list[DateCandidate] = []
    unmarked: list[DateCandidate] = []
    for element in _MARKUP_ELEMENTS(tree):
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
        if not value or len(value) > _MAX_BYLINE_CHARS:
            continue
        if field is not None:
            marked.append(DateCandidate("time", field, value))
        elif len(unmarked) < _MAX_UNMARKED_TIMES and not _outside_article(element):
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


# --- byline text near the headline ---------------------------------------------------------


def _byline_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    """The first short, date-bearing elements marked as date/byline, after the headline
    when there is one (bylines sit under the headline; teasers above it carry other dates)."""
    after: list[DateCandidate] = []
    before: list[DateCandidate] = []
    for element, after_headline in _marked_elements(tree):
        text = _short_text(element)
        if text is None or len(text) < 6 or not _DATE_HINT.search(text):
            continue
        if _outside_article(element):
            continue
        found = _byline_dates(text)
        if not found:
            continue
        target = after if after_headline else before
        if len(target) < _MAX_BYLINES:
            target.extend(found)
        if len(after) >= _MAX_BYLINES:
            break
    if not after:
        after = _under_headline(tree)
    return after + before


def _under_headline(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    """The dated line right under the headline when no element is marked as a byline:
    "1. Februar 2022, Daniel Dillenburg" in a plain ``<p>``. News pages put the date and
    author between headline and text. A line is a few words, not a sentence: the text's
    first paragraph ("Am 3. Mai beschloss der Rat …") is never read."""
    body = tree.find(".//body")
    headline = (body if body is not None else tree).find(".//h1")
    if headline is None:
        return []
    for element in _FOLLOWING_ELEMENTS(headline):
        text = _short_text(element)
        if not text or len(text) < 6 or not _DATE_HINT.search(text):
            continue
        if not _is_line(text) or _outside_article(element) or _marked_outside(element):
            return []
        found = _byline_dates(text)
        if found:
            return found
    return []


def _is_line(text: str) -> bool:
    """A byline-like line: a few words that do not end as a sentence does."""
    return len(text.split()) <= _MAX_LINE_WORDS and not text.endswith((".", "!", "?"))


def _marked_outside(element: lxml_html.HtmlElement) -> bool:
    marker = f"{element.get('class') or ''} {element.get('id') or ''}"
    return element.tag in _OUTSIDE_TAGS or bool(_OUTSIDE_ARTICLE.search(marker))


def _marked_elements(tree: lxml_html.HtmlElement) -> Iterator[tuple[Any, bool]]:
    """Elements of the body whose class or id names a date/byline marker, in document
    order, each with whether it comes after the first ``<h1>`` (the headline itself is
    skipped).

    XPath returns the class and id values (and the headline, in its place in document
    order) as strings that know their element; an element object is made only for the
    few that match. Walking every element in Python to read its attributes cost more
    than everything else the collector did."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    headline = body.find(".//h1")
    after_headline = headline is None
    matches: dict[str, bool] = {}
    previous = None
    for item in _MARKER_VALUES(body):
        if not isinstance(item, str):  # the headline
            after_headline = True
            continue
        hit = matches.get(item)
        if hit is None:
            hit = matches[item] = _BYLINE_MARKER.search(item) is not None
        if not hit:
            continue
        element = _owner(item)
        if element is headline or element is previous:  # class and id both matched
            continue
        previous = element
        yield element, after_headline


def _owner(value: Any) -> Any:
    """The element an attribute value XPath returned belongs to (lxml's "smart" strings
    know it)."""
    return value.getparent()


def _labelled_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
    """Short texts that say what their date is, wherever they are: "Veröffentlicht am
    16.08.2019", "Letzte Änderung: 31.10.2023 Erschienen am: 01.11.2023" (first of each field).

    Only elements around a text that names a label word are read: the page's text is
    searched once for the words, XPath then returns the text nodes holding them with
    their enclosing elements (in document order, each once). Computing the short text
    of every element of the page was the collector's largest cost."""
    found: dict[str, DateCandidate] = {}
    for element in _label_word_elements(tree):
        text = _short_text(element)
        if text is None or not _DATE_LABEL.search(text):
            continue
        if _in_comments(element):
            continue
        if _DATE_LABEL.fullmatch(text):
            text = f"{text} {_labelled_value(element)}"
        for field, part, labelled in _split_labelled(text):
            if labelled and field not in found and parse_date(part) is not None:
                found[field] = DateCandidate("byline", field, part)
    return list(found.values())


def _labelled_value(label: lxml_html.HtmlElement) -> str:
    """The text of the element after a bare label: the value of a label/value pair
    (``<dt>Veröffentlicht:</dt><dd>16.08.2019</dd>``, ``<label>Letzte Änderung:</label>
    <div>14.01.2022</div>``). Empty when there is none or it is not short."""
    value = label.getnext()
    if value is None:
        return ""
    return _short_text(value) or ""


def _label_word_elements(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Elements of ``_LABELLED_TAGS`` around a visible text that holds a label word, in
    document order, each once: a superset of the elements whose text ``_DATE_LABEL``
    matches (a label split over two texts, "<b>Stand</b>: 3. Mai", is still found).

    The body's texts are joined and searched for the labels' ASCII stems at C speed;
    only the few texts holding a stem are tested with ``_LABEL_WORD``, and XPath returns
    their enclosing elements. Reading the text of every element of the page instead was
    the collector's largest cost."""
    texts = _VISIBLE_TEXT(tree)
    joined = "\x00".join(texts)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # lower() changed lengths (e.g. "İ"): offsets differ
        hits = {i for i, text in enumerate(texts) if _LABEL_WORD.search(text)}
    else:
        starts = list(accumulate((len(text) + 1 for text in texts), initial=0))
        holding = set()
        for stem in _LABEL_STEMS:
            found = lowered.find(stem)
            while found != -1:
                holding.add(bisect_right(starts, found) - 1)
                found = lowered.find(stem, found + len(stem))
        hits = {i for i in holding if _LABEL_WORD.search(texts[i])}
    if not hits:
        return []
    test = " or ".join(f"position() = {i + 1}" for i in sorted(hits)[:_MAX_LABEL_TEXTS])
    return tree.xpath(
        f"(//body//text()[not(parent::script or parent::style)])[{test}]"
        f"/ancestor::*[{_LABELLED_TEST}]"
    )


def _short_text(element: lxml_html.HtmlElement, limit: int = _MAX_BYLINE_CHARS) -> str | None:
    """The element's visible text with whitespace collapsed, or None when it is longer than
    ``limit``. Decided before building the text: ``text_content()`` of every <div> of
    a real page rebuilt the page's text once per nesting level (the largest cost of
    date collection); a text with more than ``limit`` non-space characters is longer
    than ``limit`` however its whitespace collapses, so reading stops there. An inline
    script ("15:33 Uhr | D. Steimels $(function() {…})") is not part of what readers see."""
    chunks: Iterator[str] | list[str] = element.itertext()
    if element.find(".//script") is not None or element.find(".//style") is not None:
        chunks = _ELEMENT_VISIBLE_TEXT(element)
    visible = 0
    parts = []
    for chunk in chunks:
        visible += sum(map(len, chunk.split()))
        if visible > limit:
            return None
        parts.append(chunk)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def _split_labelled(text: str) -> list[tuple[str, str, bool]]:
    """(field, text, labelled) parts: the text before the first label counts as published."""
    parts = []
    labels = list(_DATE_LABEL.finditer(text))
    head = text[: labels[0].start()] if labels else text
    parts.append(("published", head, False))
    for label, following in zip(labels, [*labels[1:], None]):
        end = following.start() if following else len(text)
        field = "published" if label["published"] else "modified"
        parts.append((field, text[label.end() : end], True))
    return [
        (field, part.strip(" ,|-·•:"), labelled)
        for field, part, labelled in parts
        if part.strip(" ,|-·•:")
    ]


def _in_comments(element: lxml_html.HtmlElement) -> bool:
    """Whether an element is in the comments (not counting the page's own layout classes
    on ``<body>``/``<html>``, such as WordPress's "comments-open")."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:
            return False
        if "comment" in f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower():
            return True
    return False


def _byline_dates(text: str) -> list[DateCandidate]:
    """Split "3. Mai 2017, aktualisiert 4. Mai 2017" into a published and a modified part."""
    found = []
    for field, part, _ in _split_labelled(text):
        if parse_date(part) is not None:
            found.append(DateCandidate("byline", field, part))
    return found


def _outside_article(element: lxml_html.HtmlElement) -> bool:
    """Whether an element sits in navigation, a footer, a sidebar, teasers or comments.
    The classes of ``<body>`` and ``<html>`` describe the page's layout ("no-sidebars",
    "has-related-posts"), not where an element is: every element is inside them."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:
            return False
        if ancestor.tag in _OUTSIDE_TAGS:
            return True
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _OUTSIDE_ARTICLE.search(marker):
            return True
    return False


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

    try:
        found = find_date(tree, url=url, original_date=True)
    except Exception:  # htmldate is a heuristic over arbitrary markup; a failure is "no guess"
        LOGGER.debug("htmldate failed on %s", url, exc_info=True)
        return []
    return [DateCandidate("htmldate", "published", found)] if found else []


def _unique(candidates: list[DateCandidate]) -> list[DateCandidate]:
    return list(dict.fromkeys(candidates))
