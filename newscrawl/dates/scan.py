"""The elements of a page that the date collectors select by tag or marker, found once
per page: date markup (``<time>``, ``<abbr>``, microdata ``itemprop``; read by
``newscrawl.dates.html``) and the elements of the body whose class or id marks a date or
byline (read by ``newscrawl.dates.visible``); and, for a caller that asks (extraction's
byline candidates, ``select``), the elements its own test picks.

All of them come from one walk of the page in Python that reads each element's tag and
attributes once (``items()``). It replaces three passes over the page (docs/extraction.md,
CPU section): an XPath query for the markup (libxml2 evaluating nine tests on every
element cost about as much as reading the tag in a walk that runs anyway), a walk of the
body for the markers, and extraction's own walk for byline candidates. Before that, the
marked elements were found by an XPath query returning every class and id value of the
page as "smart" strings, each making an element object (docs/dates.md, "Cost of
collection"). Linear in the number of elements, however they nest or line up as siblings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newscrawl.dates.layout import names_byline_marker

#: Tags that carry date markup themselves, and tags that carry it with an ``itemprop``
#: (``html._markup_field`` decides which field): the elements of the XPath
#: ``//*[self::time or self::abbr or @itemprop and (self::meta or … or self::li)]``.
_MARKUP_TAGS = frozenset({"time", "abbr"})
_ITEMPROP_TAGS = frozenset({"meta", "span", "div", "p", "a", "small", "li"})

#: Attributes whose value can name a date/byline marker.
_MARKER_ATTRIBUTES = ("class", "id")

#: A caller's test of an element, given its tag and its attributes as ``items()`` gives them.
Select = Callable[[Any, str, list[tuple[str, str]]], bool]


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
    #: Elements of the scanned tree (``tree`` and its descendants) that ``select`` picked.
    selected: list[Any] = field(default_factory=list)


def scan_page(tree: lxml_html.HtmlElement, select: Select | None = None) -> PageScan:
    """Find the headline, the marked elements and the markup of ``tree``'s page, and the
    elements of ``tree`` that ``select`` picks.

    The markup is looked for in the whole document, also when ``tree`` is an element that
    lxml.html.fromstring returned for a fragment (as the XPath query did); the marked
    elements in the first ``<body>`` under ``tree`` (else in ``tree``)."""
    root = tree.getroottree().getroot()
    body = tree.find(".//body")
    scope = tree if body is None else body
    headline = scope.find(".//h1")
    scan = PageScan(headline=headline)
    after_headline = headline is None
    # the tree and the scope are each one stretch of the walk: from the element itself
    # up to the first element after its subtree
    in_tree, tree_end = tree is root, _next_after(tree)
    in_scope, scope_end = scope is root, _next_after(scope)
    matches: dict[str, bool] = {}
    markup, marked, selected = scan.markup, scan.marked, scan.selected
    for element in root.iter(lxml_etree.Element):
        if element is tree:
            in_tree = True
        elif element is tree_end:
            in_tree = False
        if element is scope:
            in_scope = True
        elif element is scope_end:
            in_scope = False
        tag = element.tag
        attributes = element.items()
        if tag in _MARKUP_TAGS:
            markup.append(element)
        elif attributes and tag in _ITEMPROP_TAGS:
            for name, _ in attributes:
                if name == "itemprop":
                    markup.append(element)
                    break
        if in_tree and select is not None and select(element, tag, attributes):
            selected.append(element)
        if element is headline:  # not a marked element itself; what follows is after it
            after_headline = True
            continue
        if not in_scope or not attributes:
            continue
        for name, value in attributes:
            if not value or name not in _MARKER_ATTRIBUTES:
                continue
            hit = matches.get(value)
            if hit is None:
                hit = matches[value] = names_byline_marker(value)
            if hit:
                marked.append((element, after_headline))
                break
    return scan


def _next_after(element: Any) -> Any:
    """The first element after ``element``'s subtree in document order (None: none)."""
    node = element
    while node is not None:
        following = next(node.itersiblings(lxml_etree.Element), None)
        if following is not None:
            return following
        node = node.getparent()
    return None
