"""Where an element sits on the page: in the article, or in navigation, a sidebar, a page
footer, teasers or comments, whose dates are other pages' or readers' dates, or in the
site's masthead, whose date is the day the page is viewed. Used by the
date collector (``newscrawl.dates.html``, ``newscrawl.dates.visible``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

#: Class/id words of an element that shows a date or byline.
BYLINE_MARKER = re.compile(
    r"date|time|publish|posted|byline|dateline|datum|zeit|fecha|data|meta|stand|updated",
    re.IGNORECASE,
)
#: ``BYLINE_MARKER`` for lower-cased ASCII text: an IGNORECASE search of an alternation
#: costs five times as much as lower() and a case-sensitive one (0.2 against 1.0 ms a page
#: over the distinct class and id values of the bench pages).
_LOWER_BYLINE_MARKER = re.compile(BYLINE_MARKER.pattern)
_OUTSIDE_ARTICLE = re.compile(
    r"comment|footer|sidebar|related|teaser|widget|nav|menu|breadcrumb|cookie|newsletter",
    re.IGNORECASE,
)
_OUTSIDE_TAGS = frozenset({"nav", "footer", "aside", "form"})
_PAGE_TAGS = frozenset({"body", "html"})
#: Class/id words of a site's masthead, the band with logo, menu and the day's date above
#: every page of a site: WordPress themes' ``<header id="masthead" class="site-header">``,
#: the "topbar"/"header-top" strip of news templates.
_SITE_HEADER = re.compile(r"masthead|top-?bar|site-?header|header-?top|top-?header", re.IGNORECASE)
#: Class/id words of the widget that shows today's date in a masthead ("today",
#: "current-date", "date-today", "datum-heute"): the day the page is viewed, not the
#: article's. Whole words of a class (``date-today``, ``header__current-date``), so that
#: "yesterday" or "todaysnews" is not one.
_TODAY = re.compile(
    r"(?<![^\s_-])(?:today|heute|current-?date|date-?today|todays?-?date|datum-?heute|"
    r"heute-?datum|tagesdatum)(?![^\s_-])",
    re.IGNORECASE,
)
#: Containers of the article: a header inside one is the article's header.
_ARTICLE_TAGS = frozenset({"article", "main"})
_FOLLOWED_BY_HEADLINE = etree.XPath("boolean(following::h1)")
_HAS_HEADLINE = etree.XPath("boolean(//h1)")


def outside_article(element: lxml_html.HtmlElement) -> bool:
    """Whether an element sits in navigation, a footer, a sidebar, teasers or comments,
    or in the site's masthead, or is a widget showing today's date (``_in_masthead``).
    The classes of ``<body>`` and ``<html>`` describe the page's layout ("no-sidebars",
    "has-related-posts"), not where an element is: every element is inside them."""
    if _TODAY.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return True
    masthead = in_article = False
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:
            break
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _OUTSIDE_ARTICLE.search(marker) or _TODAY.search(marker):
            return True
        if ancestor.tag in _OUTSIDE_TAGS and not _meta_box(ancestor.tag, marker):
            return True
        if ancestor.tag in _ARTICLE_TAGS:
            masthead, in_article = False, True  # a header in it is the article's own
        elif not (masthead or in_article):
            masthead = _in_masthead(element, ancestor, marker)
    return masthead


def _in_masthead(
    element: lxml_html.HtmlElement, ancestor: lxml_html.HtmlElement, marker: str
) -> bool:
    """Whether an element is in the site's masthead, whose date is the day the page is
    viewed ("Mittwoch, 25. November 2026"), not the article's: a ``<header>`` or an
    element marked as one (``_SITE_HEADER``) that comes before the headline. HTML5
    templates put the site's header (logo, menu, date) in a ``<header>`` above the
    article, and the article's own header (headline, byline) in one around the headline.
    A header holding an ``<h1>`` still is one when another ``<h1>`` follows it, but only
    for what comes before its ``<h1>`` (the byline under a headline in the same header is
    the article's) unless that ``<h1>`` is the site's logo (``_site_logo``). On a page
    without an ``<h1>`` only a marked masthead counts."""
    if ancestor.tag != "header" and not _SITE_HEADER.search(marker):
        return False
    if not _FOLLOWED_BY_HEADLINE(ancestor):
        return ancestor.tag != "header" and not _HAS_HEADLINE(ancestor)
    for node in ancestor.iter("h1", element.tag):
        if node is element:
            return True
        if node.tag == "h1" and not _site_logo(node):
            return False
    return True


def _site_logo(headline: lxml_html.HtmlElement) -> bool:
    """Whether an ``<h1>`` is the site's name linking to its home page (``<h1><a
    href="/">Tagesblatt</a></h1>``), as site headers set their logo, not a headline."""
    link = headline.find(".//a")
    if link is None:
        return False
    home = urlsplit(link.get("href") or "")
    root = home.path == "/" or (bool(home.netloc) and not home.path)
    return root and not home.query and not home.fragment


def _meta_box(tag: str, marker: str) -> bool:
    """Whether an ``<aside>`` or ``<footer>`` is the article's own meta box (``<aside
    class="meta">``, ``<footer class="entry-meta">``): templates put the date and author
    of the article in one; HTML5 has no element for it. Its class says so, where a
    sidebar's or a page footer's does not."""
    return tag in ("aside", "footer") and names_byline_marker(marker)


def names_byline_marker(value: str) -> bool:
    """Whether a class or id value names a date/byline marker (``BYLINE_MARKER``)."""
    if value.isascii():
        return _LOWER_BYLINE_MARKER.search(value.lower()) is not None
    return BYLINE_MARKER.search(value) is not None


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
