"""Parse the page once, and repair what libxml2 silently truncates.

libxml2 stops building the tree at 256 nesting levels or at a 10 MB text node, without
raising: trafilatura then sees an empty or cut-off page. We read the parser's error log,
re-parse with limits lifted, and flatten the nesting or drop the oversized text nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import repair_faulty_html

from .article import NotAnArticle

_PARSER_SETTINGS = {
    "collect_ids": False,
    "default_doctype": False,
    "encoding": "utf-8",
    "remove_comments": True,
    "remove_pis": True,
}
# wrappers that carry no meaning of their own, safe to unwrap when flattening
_WRAPPERS = frozenset(
    {
        "div",
        "span",
        "section",
        "font",
        "center",
        "b",
        "i",
        "em",
        "strong",
        "main",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "form",
        "small",
        "big",
        "u",
        "s",
        "label",
        "figure",
        "tbody",
        "td",
        "tr",
        "table",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dd",
        "dt",
        "a",
    }
)
#: Every element of the page an ``HtmlElement``, chosen in C. lxml.html's own lookup
#: (``HtmlElementClassLookup``) is a Python callback that runs each time lxml makes a
#: Python proxy of an element (~6,000 times on a real page, 6 % of extraction CPU) only
#: to give <form>, <input>, <select>, <textarea> and <label> their form-handling
#: subclasses, which extraction never uses. Same output on the benchmark pages.
_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)
_HARD_DEPTH_LIMIT = 250  # trafilatura recurses through the tree
_WRAPPER_TAG = re.compile(
    r"</?(?:div|span|section|font|center|main|article|aside|header|footer|nav|small|big|u|s|"
    r"label|figure|b|i|em|strong)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def parse_html(text: str, *, max_depth: int, max_text_node_chars: int) -> HtmlElement:
    """Parse decoded HTML; raise NotAnArticle("empty"/"too_deep") when nothing usable is left."""
    if not text.strip():
        raise NotAnArticle("empty", "no bytes in the page")
    text = repair_faulty_html(text, text[:50].lower())
    tree, limit_hit = _parse(text, huge=False)
    if limit_hit:
        tree, still_hit = _parse(text, huge=True)
        if still_hit:
            # Even the lifted limits (2048 levels) cut the tree: drop the meaningless
            # wrapper tags from the markup itself, keeping every text and paragraph.
            tree, _ = _parse(_WRAPPER_TAG.sub("", text), huge=True)
        if tree is not None:
            drop_huge_text_nodes(tree, max_text_node_chars)
            flatten_deep_nesting(tree, max_depth)
            if tree_depth(tree) > _HARD_DEPTH_LIMIT:
                raise NotAnArticle(
                    "too_deep", f"nesting deeper than {_HARD_DEPTH_LIMIT} levels after flattening"
                )
    if tree is None or len(tree) == 0:
        raise NotAnArticle("empty", "no HTML elements in the page")
    return tree


def _parse(text: str, *, huge: bool) -> tuple[HtmlElement | None, bool]:
    parser = HTMLParser(huge_tree=huge, **_PARSER_SETTINGS)
    parser.set_element_class_lookup(_CLASS_LOOKUP)
    try:
        tree = fromstring(text, parser=parser)
    except ValueError:  # str with an XML encoding declaration
        tree = fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except etree.ParserError:
        return None, False
    limit_hit = any(
        e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "XML_PARSE_HUGE" in e.message
        for e in parser.error_log
    )
    return tree, limit_hit


def drop_huge_text_nodes(tree: HtmlElement, max_chars: int) -> int:
    """Remove text nodes longer than max_chars (inline data blobs, never prose)."""
    dropped = 0
    for element in tree.iter():
        if element.text and len(element.text) > max_chars:
            element.text = None
            dropped += 1
        if element.tail and len(element.tail) > max_chars:
            element.tail = None
            dropped += 1
    return dropped


def tree_depth(tree: HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def flatten_deep_nesting(tree: HtmlElement, max_depth: int) -> int:
    """Unwrap meaningless wrapper elements below max_depth, keeping their content."""
    deep: list[HtmlElement] = []
    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > max_depth and isinstance(element.tag, str) and element.tag in _WRAPPERS:
                deep.append(element)
        else:
            depth -= 1
    for element in reversed(deep):
        if element.getparent() is not None:
            element.drop_tag()
    return len(deep)


def body_descendants(tree: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    """The elements with these tags under any <body> of the document, in document order:
    XPath's `//body//tag`, walked lazily so that a caller can stop early (XPath would
    evaluate its predicates on the whole page first, ~1 ms on a real page).

    Like the XPath it reads the whole document, also when `tree` is an element that
    lxml.html.fromstring returned for a fragment. A page can have two <body> elements
    ("</body><body>"); a body inside another is covered by the outer one.
    """
    for body in tree.getroottree().getroot().iter("body"):
        if next(body.iterancestors("body"), None) is None:
            yield from body.iterdescendants(*tags)
