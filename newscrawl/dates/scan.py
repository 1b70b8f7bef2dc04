"""The elements of a page that the date collectors select by tag or marker, found once
per page: date markup (``<time>``, ``<abbr>``, microdata ``itemprop``; read by
``newscrawl.dates.html``) and the elements of the body whose class or id marks a date or
byline (read by ``newscrawl.dates.visible``).

The marked elements are found by a walk of the body in Python that reads two attributes
per element: cheaper than the XPath query it replaces, which returned every class and id
value of the page as a "smart" string, each making an element object (docs/dates.md,
"Cost of collection"). The markup stays one XPath query: selecting by tag and attribute
is cheaper in libxml2 than reading every element's tag in Python (a single walk for both
cost more than the two). Both are linear in the number of elements, however they nest or
line up as siblings: one path, no union (libxml2 sorts a union by walking siblings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newscrawl.dates.layout import names_byline_marker

#: Elements that can carry date markup (``html._markup_field`` decides), in document order.
#: ``/descendant::*`` rather than ``//*`` (the same elements): libxml2 expands ``//`` to
#: ``descendant-or-self::node()/child::*``, a child step from every node of the page
#: (0.87 -> 0.78 ms a page).
_MARKUP_ELEMENTS = lxml_etree.XPath(
    "/descendant::*[self::time or self::abbr or @itemprop and (self::meta or self::span or self::div"
    " or self::p or self::a or self::small or self::li)]"
)

#: Attributes whose value can name a date/byline marker.
_MARKER_ATTRIBUTES = ("class", "id")


@dataclass
class PageScan:
    """What was found, each list in document order."""

    #: The first ``<h1>`` of the body (the headline), or None.
    headline: Any = None
    #: Elements of the body (the headline left out) whose class or id names a
    #: date/byline marker, each with whether it comes after the headline.
    marked: list[tuple[Any, bool]] = field(default_factory=list)
    #: ``<time>``, ``<abbr>`` and microdata elements of the whole page.
    markup: list[Any] = field(default_factory=list)


def scan_page(tree: lxml_html.HtmlElement) -> PageScan:
    """Find the headline, the marked elements and the markup of ``tree``'s page."""
    body = tree.find(".//body")
    scope = tree if body is None else body
    headline = scope.find(".//h1")
    scan = PageScan(headline=headline, markup=_MARKUP_ELEMENTS(tree))
    after_headline = headline is None
    matches: dict[str, bool] = {}
    for element in scope.iter(lxml_etree.Element):
        if element is headline:
            after_headline = True
            continue
        for name in _MARKER_ATTRIBUTES:
            value = element.get(name)
            if not value:
                continue
            hit = matches.get(value)
            if hit is None:
                hit = matches[value] = names_byline_marker(value)
            if hit:
                scan.marked.append((element, after_headline))
                break
    return scan
