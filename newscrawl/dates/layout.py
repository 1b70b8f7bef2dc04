"""Where an element sits on the page: in the article, or in navigation, a sidebar, a page
footer, teasers or comments, whose dates are other pages' or readers' dates. Used by the
date collector (``newscrawl.dates.html``, ``newscrawl.dates.visible``).
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

#: Class/id words of an element that shows a date or byline.
BYLINE_MARKER = re.compile(
    r"date|time|publish|posted|byline|dateline|datum|zeit|fecha|data|meta|stand|updated",
    re.IGNORECASE,
)
_OUTSIDE_ARTICLE = re.compile(
    r"comment|footer|sidebar|related|teaser|widget|nav|menu|breadcrumb|cookie|newsletter",
    re.IGNORECASE,
)
_OUTSIDE_TAGS = frozenset({"nav", "footer", "aside", "form"})
_PAGE_TAGS = frozenset({"body", "html"})


def outside_article(element: lxml_html.HtmlElement) -> bool:
    """Whether an element sits in navigation, a footer, a sidebar, teasers or comments.
    The classes of ``<body>`` and ``<html>`` describe the page's layout ("no-sidebars",
    "has-related-posts"), not where an element is: every element is inside them."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:
            return False
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _OUTSIDE_ARTICLE.search(marker):
            return True
        if ancestor.tag in _OUTSIDE_TAGS and not _meta_box(ancestor.tag, marker):
            return True
    return False


def _meta_box(tag: str, marker: str) -> bool:
    """Whether an ``<aside>`` or ``<footer>`` is the article's own meta box (``<aside
    class="meta">``, ``<footer class="entry-meta">``): templates put the date and author
    of the article in one; HTML5 has no element for it. Its class says so, where a
    sidebar's or a page footer's does not."""
    return tag in ("aside", "footer") and BYLINE_MARKER.search(marker) is not None


def marked_outside(element: lxml_html.HtmlElement) -> bool:
    """Whether an element is itself a navigation, footer, sidebar, teaser … element."""
    marker = f"{element.get('class') or ''} {element.get('id') or ''}"
    return element.tag in _OUTSIDE_TAGS or bool(_OUTSIDE_ARTICLE.search(marker))


def in_comments(element: lxml_html.HtmlElement) -> bool:
    """Whether an element is in the comments (not counting the page's own layout classes
    on ``<body>``/``<html>``, such as WordPress's "comments-open")."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:
            return False
        if "comment" in f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower():
            return True
    return False
