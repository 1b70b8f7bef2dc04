"""Dates a page states in its visible text: labelled dates and the byline near the headline.

"Veröffentlicht am 16.08.2019", "Stand: 28.04.2020 18:00 Uhr", "<dt>Erschienen am:</dt>
<dd>13.10.2021</dd>", "… wurde am 19. Mai 2010 gepostet", an element marked
``date``/``byline``/``meta`` after the headline (its text, or its ``data-date``), the dated
line right under the headline, or the press dateline opening the text ("Berlin,
29. November 2022 – …"). Only short texts and the openings of the first paragraphs are read
(``MAX_TEXT_CHARS``): the article body is never scanned, its dates are about events, not the
article. Part of the collector in ``newscrawl.dates.html``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newscrawl.dates.layout import in_comments, marked_outside, outside_article
from newscrawl.dates.model import DateCandidate
from newscrawl.dates.parse import parse_date
from newscrawl.dates.scan import PageScan

#: Words that say which date follows: publication (group "published") or change ("modified").
_DATE_LABEL = re.compile(
    r"(?<![^\W\d_])(?:(?P<published>veröffentlicht|erschienen|erscheinungsdatum|erstellt|"
    r"gepostet|publiziert|published|posted|publié|pubblicato|publicado|gepubliceerd|datum)"
    r"|(?P<modified>aktualisiert|zuletzt geändert|letzte änderung|geändert|stand(?=\s*:)|"
    r"updated|last edited|modified|mis à jour|modifié|aggiornato|actualizado))(?![^\W\d_])"
    r"(?:\s+(?:am|on|le|il|el|op|at))?\s*:?",
    re.IGNORECASE,
)
#: "… wurde am 19. Mai 2010 um 23:03 Uhr gepostet": a date its participle labels after it.
_TRAILING_LABEL = re.compile(
    r"(?<![^\W\d_])wurde\s+am\s+(?P<date>[^,;]{6,50}?)\s+(?:(?P<published>gepostet|"
    r"veröffentlicht|publiziert|erstellt|geschrieben)|(?P<modified>aktualisiert|geändert|"
    r"bearbeitet))(?![^\W\d_])",
    re.IGNORECASE,
)
#: A byline worth parsing has a digit or a relative-date word ("vor einer Stunde").
_DATE_HINT = re.compile(
    r"\d|gestern|heute|yesterday|today|\bago\b|\bvor\b|il y a|\bhier\b|\bhace\b|ayer|ieri|oggi",
    re.IGNORECASE,
)
#: Longest text read as a byline, label or <time> text: longer ones are body text.
MAX_TEXT_CHARS = 160
_MAX_BYLINES = 2
#: Attributes in which script-driven date widgets keep the date they render.
_DATE_ATTRIBUTES = ("data-date", "data-datetime", "data-published", "data-pubdate")
#: The first paragraphs after the headline, where a press dateline opens the text.
_FIRST_PARAGRAPHS = lxml_etree.XPath("following::p[position() <= 3]")
#: "Berlin, 29. November 2022 – …": what comes before the first dash of a paragraph.
_DATELINE = re.compile(r"(?P<head>[^–—]{6,50}?)\s*(?:[–—]|\s--?\s)")
#: Words before the dash of a dateline: a place (of a few words), "den" and the date.
_MAX_DATELINE_WORDS = 6
#: A year written out ("2022") or a numeric date with a short one ("29.11.22").
_FULL_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d\.\d{1,2}\.\d{2}(?!\d)")
#: Words of a dated line under the headline ("1. Februar 2022, Daniel Dillenburg").
_MAX_LINE_WORDS = 8
#: ASCII stems of the label words ("ffentlicht": veröffentlicht, "ndert": geändert,
#: "nderung": Änderung, "publi": published/publié/publiziert/publicado/gepubliceerd):
#: a fast search of the page text for them decides which texts are read at all.
# fmt: off
_LABEL_STEMS = (
    "ffentlicht", "erschien", "erschein", "datum", "erstellt", "gepostet", "publi", "pubblicato",
    "posted", "aktualisiert", "ndert", "nderung", "stand", "updated", "edited", "modifi",
    "mis à jour", "aggiornato", "actualizado",
)
# fmt: on
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
# fmt: off
_LABELLED_TAGS = (
    "p", "span", "div", "li", "dd", "small", "time", "em", "strong", "td", "dt", "th", "label",
)
# fmt: on
_LABELLED_TEST = " or ".join(f"self::{tag}" for tag in _LABELLED_TAGS)
#: The texts of the body a reader sees (not scripts or styles), as plain strings.
_VISIBLE_TEXT_PATH = "(//body)[1]/descendant::text()[not(parent::script or parent::style)]"
_VISIBLE_TEXT = lxml_etree.XPath(_VISIBLE_TEXT_PATH, smart_strings=False)
#: Elements whose texts are no visible text (``_visible_chunks``).
_SCRIPT_TAGS = frozenset({"script", "style"})
#: Elements read after the headline for the dated line under it.
_MAX_FOLLOWING = 6
#: Elements not taken for that line: microdata and <time> elements are read by the
#: markup collector with the field their markup declares (a hidden dateModified is not
#: the byline).
_NOT_FOLLOWING = frozenset({"time", "meta", "script", "style"})

# --- byline text near the headline ---------------------------------------------------------


def byline_candidates(scan: PageScan) -> list[DateCandidate]:
    """The first short, date-bearing elements marked as date/byline, after the headline
    when there is one (bylines sit under the headline; teasers above it carry other dates).
    ``scan``: the page's walk (``scan_page``), which found the marked elements and the
    headline."""
    after: list[DateCandidate] = []
    before: list[DateCandidate] = []
    for element, after_headline in scan.marked:
        found = _marked_dates(element)
        if not found or outside_article(element):
            continue
        target = after if after_headline else before
        if len(target) < _MAX_BYLINES:
            target.extend(found)
        if len(after) >= _MAX_BYLINES:
            break
    if not after and scan.headline is not None:
        after = _under_headline(scan.headline) or _opening_dateline(scan.headline)
    return after + before


def _marked_dates(element: lxml_html.HtmlElement) -> list[DateCandidate]:
    """The dates an element marked as date/byline states: in its text, in its text read
    as separate words (a calendar-leaf badge, ``<span>Feb</span> <span>18</span><span>
    2009</span>``, whose parts the page styles apart), or in a date attribute."""
    text = _short_text(element)
    if text is None:
        return []
    if len(text) >= 6 and _DATE_HINT.search(text):
        spaced = " ".join(" ".join(_visible_chunks(element)).split())
        readings = [text, spaced] if spaced != text else [text]
        if len(readings) == 2 and _count_labels(spaced) > _count_labels(text):
            # "Joseph Gamp</a><span>Updated</span>20:49": run together, the label is
            # inside a word and the change date would pass for the publication date
            readings.reverse()
        for reading in readings:
            found = _byline_dates(reading)
            if found:
                return found
    return _attribute_dates(element)


def _count_labels(text: str) -> int:
    return sum(1 for _ in _DATE_LABEL.finditer(text))


def _attribute_dates(element: lxml_html.HtmlElement) -> list[DateCandidate]:
    """A date a script-driven header keeps in a data attribute (``<div class="timeline"
    data-date="18. März 2020">``): the date widgets of many CMS themes render it with
    JavaScript, so the page's HTML holds it only there. Only a complete date counts."""
    for name in _DATE_ATTRIBUTES:
        value = element.get(name)
        if not value or len(value) > MAX_TEXT_CHARS or not _FULL_YEAR.search(value):
            continue  # a widget's state ("heute") is no date
        if parse_date(value) is not None:
            return [DateCandidate("byline", "published", value.strip())]
    return []


def _under_headline(headline: lxml_html.HtmlElement) -> list[DateCandidate]:
    """The dated line right under the headline when no element is marked as a byline:
    "1. Februar 2022, Daniel Dillenburg" in a plain ``<p>``. News pages put the date and
    author between headline and text. A line is a few words, not a sentence: the text's
    first paragraph ("Am 3. Mai beschloss der Rat …") is not taken for it."""
    for element in _following_elements(headline):
        text = _short_text(element)
        if not text or len(text) < 6 or not _DATE_HINT.search(text):
            stamped = _attribute_dates(element) if text is not None else []
            if stamped and not outside_article(element):
                return stamped
            continue
        if not _is_line(text) or outside_article(element) or marked_outside(element):
            return []
        found = _byline_dates(text)
        if found:
            return found
    return []


def _following_elements(element: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The first ``_MAX_FOLLOWING`` elements after ``element`` in document order (not
    inside it; XPath's ``following::*``) that are not microdata, ``<time>``, ``<meta>``,
    scripts or styles. Walked here, stopping there: the XPath query walked the rest of
    the page (0.73 ms a page)."""
    found: list[lxml_html.HtmlElement] = []
    node = element
    while node is not None:
        for sibling in node.itersiblings(lxml_etree.Element):
            for following in sibling.iter(lxml_etree.Element):
                if following.tag in _NOT_FOLLOWING or following.get("itemprop") is not None:
                    continue
                found.append(following)
                if len(found) == _MAX_FOLLOWING:
                    return found
        node = node.getparent()
    return found


def _opening_dateline(headline: lxml_html.HtmlElement) -> list[DateCandidate]:
    """The date that opens one of the first paragraphs after the headline, set off by a
    dash: "29.11.2022 – Die Branche …", "Berlin, 29. November 2022 – Der Verband …". Press
    releases and the news of associations and agencies date their text so (the press
    dateline). Only a complete date with its year, alone or after a place, before the
    dash counts: "Am 3. und 4. Mai – …" or a date inside the sentence never does."""
    for paragraph in _FIRST_PARAGRAPHS(headline):
        opening = _DATELINE.match(_text_start(paragraph))
        if opening is None:
            continue
        head = opening["head"]
        if len(head.split()) > _MAX_DATELINE_WORDS or not _FULL_YEAR.search(head):
            continue
        parsed = parse_date(head)
        if parsed is None or parsed.precision in ("year", "month"):
            continue
        if not outside_article(paragraph):
            return [DateCandidate("byline", "published", head)]
    return []


def _text_start(element: lxml_html.HtmlElement, limit: int = 80) -> str:
    """The first ``limit`` characters (or a little more) of an element's visible text."""
    parts: list[str] = []
    length = 0
    for chunk in element.itertext():
        parts.append(chunk)
        length += len(chunk)
        if length >= limit:
            break
    return " ".join("".join(parts).split())


def _is_line(text: str) -> bool:
    """A byline-like line: a few words that do not end as a sentence does."""
    return len(text.split()) <= _MAX_LINE_WORDS and not text.endswith((".", "!", "?"))


def labelled_candidates(tree: lxml_html.HtmlElement) -> list[DateCandidate]:
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
        if in_comments(element):
            continue
        if _DATE_LABEL.fullmatch(text):
            text = f"{text} {_labelled_value(element)}"
        for field, part, labelled in [*_split_labelled(text), *_label_after(text)]:
            if labelled and field not in found and parse_date(part) is not None:
                found[field] = DateCandidate("byline", field, part)
    return list(found.values())


def _label_after(text: str) -> list[tuple[str, str, bool]]:
    """The date of a German sentence whose participle labels it at the end: "Dieser
    Beitrag wurde am 19. Mai 2010 um 23:03 Uhr veröffentlicht" (WordPress's post
    footer, as its themes translate it), as a (field, date, labelled) part."""
    found = _TRAILING_LABEL.search(text)
    if found is None:
        return []
    return [("published" if found["published"] else "modified", found["date"], True)]


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
    # positions within one axis step: a filter on a parenthesised node-set makes libxml2
    # sort it, which is quadratic on a page of many sibling elements
    test = " or ".join(f"position() = {i + 1}" for i in sorted(hits)[:_MAX_LABEL_TEXTS])
    return _enclosing_elements(tree.xpath(f"{_VISIBLE_TEXT_PATH}[{test}]"))


def _enclosing_elements(texts: list[Any]) -> list[lxml_html.HtmlElement]:
    """The ``_LABELLED_TAGS`` elements enclosing these texts (XPath's smart strings, in
    document order), each once, in document order: a text's ancestors not seen with an
    earlier text all begin after it, so listing them outermost first keeps the order."""
    seen: set[Any] = set()
    elements = []
    for text in texts:
        owner = text.getparent()
        if text.is_tail:  # the tail of an element is text of that element's parent
            owner = owner.getparent()
        if owner is None:
            continue
        for element in reversed([owner, *owner.iterancestors()]):
            if element in seen:
                continue
            seen.add(element)
            if element.tag in _LABELLED_TAGS:
                elements.append(element)
    return elements


def _short_text(element: lxml_html.HtmlElement, limit: int = MAX_TEXT_CHARS) -> str | None:
    """The element's visible text with whitespace collapsed, or None when it is longer than
    ``limit``. Decided before building the text: ``text_content()`` of every <div> of
    a real page rebuilt the page's text once per nesting level (the largest cost of
    date collection); a text with more than ``limit`` non-space characters is longer
    than ``limit`` however its whitespace collapses, so reading stops there. An inline
    script ("15:33 Uhr | D. Steimels $(function() {…})") is not part of what readers see."""
    chunks = _visible_chunks(element)
    visible = 0
    parts = []
    for chunk in chunks:
        visible += sum(map(len, chunk.split()))
        if visible > limit:
            return None
        parts.append(chunk)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def _visible_chunks(element: lxml_html.HtmlElement) -> Iterator[str]:
    """The element's texts without those of its inline scripts and styles, lazily (the
    non-empty texts of ``descendant-or-self::text()[not(parent::script or parent::style)]``;
    an empty one changes no caller's text)."""
    if next(element.iterdescendants("script", "style"), None) is not None:
        return _texts_outside_scripts(element)
    return element.itertext()


def _texts_outside_scripts(element: lxml_html.HtmlElement) -> Iterator[str]:
    """``descendant-or-self::text()[not(parent::script or parent::style)]`` in document
    order, walked lazily: ``_short_text`` stops after ``MAX_TEXT_CHARS``, and the XPath
    query read every text of the element first; the elements read are mostly the
    page's containers around a labelled date (0.7 ms a page went to the query)."""
    for event, node in lxml_etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            tag = node.tag
            if node.text and isinstance(tag, str) and tag not in _SCRIPT_TAGS:
                yield node.text
        elif node is not element and node.tail and node.getparent().tag not in _SCRIPT_TAGS:
            yield node.tail


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


def _byline_dates(text: str) -> list[DateCandidate]:
    """Split "3. Mai 2017, aktualisiert 4. Mai 2017" into a published and a modified part."""
    found = []
    for field, part, _ in _split_labelled(text):
        if parse_date(part) is not None:
            found.append(DateCandidate("byline", field, part))
    return found
