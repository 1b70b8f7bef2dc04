"""Where on a page an element sits: the article area, page furniture (sidebars, teaser lists
and cards, menus, widgets, share bars), or comments, forms and figures (photo credits).
Bylines and signatures are only taken from the article area, furniture bylines only as a
last resort.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

# class/id words of comment threads, related-article lists and page widgets
_COMMENT_MARK = re.compile(
    r"(?<!\S)(?:comments?|comment[-_]\S*|\S*[-_]comments?|respond|reply)(?!\S)"
)
_FURNITURE_MARK = re.compile(
    r"(?<!\S)(?:\S*related\S*|sidebar|\S*[-_]sidebar|\S*teaser\S*|recommend\S*|"
    r"newsletter\S*|share\S*|sharing\S*|\S*[-_]share|\S*menu\S*|nav|navbar\S*|\S*[-_]nav|"
    r"navigation\S*|c?card|\S*[-_]card|card[-_]\S*|widget|widget[-_]\S*)(?!\S)"
)
# "has-sidebar", "wrapper__with-sidebar": a layout beside a sidebar, not the sidebar
_LAYOUT_MARK = re.compile(r"(?<!\S)(?:\S*[-_])?(?:has|with|no|without)[-_]\S*")


def furniture_level(element: HtmlElement) -> int:
    """0: article area; 1: page furniture (sidebar, related teasers, share bars), where a
    byline is only a last resort; 2: comments, forms and figures (photo credits), never a
    byline."""
    ancestors = [element, *element.iterancestors()]
    in_article = any(a.tag in ("article", "main") for a in ancestors)
    level = 0
    for node in ancestors:
        tag = node.tag
        if tag in ("body", "html"):
            break
        if tag in ("form", "label", "figure", "figcaption", "picture"):
            return 2
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks != " ":
            comment, furniture = _marks_area(marks)
            if comment:
                return 2
            # (a "card" or "teaser" holding the page's headline is the article itself)
            if furniture and node.find(".//h1") is None:
                level = 1
        if tag in ("aside", "nav") or (tag == "footer" and not in_article):
            level = 1
    return level


@lru_cache(maxsize=4096)
def _marks_area(marks: str) -> tuple[bool, bool]:
    """Whether a "class id" string marks comments, and whether it marks page furniture.
    Cached: the same few wrappers are the ancestors of every byline a page offers, and
    templates repeat from page to page; the regexes were most of ``furniture_level``."""
    marks = marks.lower()
    return bool(_COMMENT_MARK.search(marks)), bool(
        _FURNITURE_MARK.search(_LAYOUT_MARK.sub(" ", marks))
    )
