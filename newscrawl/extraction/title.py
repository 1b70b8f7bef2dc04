"""The article's headline, without the site-name suffix or the kicker.

The visible headline (h1 or an element marked as the headline) wins when a title the page
declares (JSON-LD headline, og:title, <title>) confirms it: it keeps the page's own
typography. A kicker the page marks up inside the headline and sets off in the declared
title is cut. When no declared title confirms a heading, the page's sole h1 wins (declared
titles are often rewritten for search); otherwise the declared title is used with the
site-name part cut off (see title_site).
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from .headline_parts import KICKER_JOINT, glued_kicker, split_kicker, without_kicker
from .structured import PageMetadata, clean_space
from .title_site import (
    SEPARATORS,
    fold,
    names_site,
    site_keys_of,
    strip_site_name,
    title_site_keys,
)

__all__ = [
    "choose_title",
    "declared_titles",
    "fold",
    "headline_elements",
    "split_kicker",
    "strip_site_name",
]

# Where headlines sit: h1, the first two h2 of a parent, itemprop=headline, and these
# class words. The XPath below only narrows the page down to the few elements that can
# qualify (attribute nodes are tested, not every element's attributes); the exact tests run
# in Python. Together 0.5 ms of a real page where the former four-way XPath union with
# normalize-space() on every class took 1.6 ms.
_HEADLINE_CLASSES = frozenset({"entry-title", "post-title", "article-title", "headline"})
_MAYBE_HEADLINES = etree.XPath(
    "//h1 | //h2 | //@itemprop[. = 'headline']/.. | "
    "//@class[contains(., 'title') or contains(., 'headline')]/.."
)
MAX_HEADLINE_CANDIDATES = 12
# XPath's normalize-space() splits class lists on these four characters only
_XML_SPACE = re.compile(r"[ \t\r\n]+")
# folded text: dashes are "-" already
_SUBTITLE_START = re.compile(r"\s*[:\-|(]")
_DOMAIN_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")


class Headline(NamedTuple):
    """A visible headline: its whole text, and the text shown as the title (without a
    kicker the page marks up inside the element)."""

    full: str
    shown: str


class _DeclaredTitles(NamedTuple):
    """The titles a page declares, in order of trust; the names the page gives its site
    and those with the brand parts of its titles (folded); each title without its site
    name, folded: what headings are compared with."""

    titles: list[str]
    own_keys: set[str]
    site_keys: set[str]
    cores: dict[str, str]


def _declared_context(page: PageMetadata, url: str, site_name: str | None) -> _DeclaredTitles:
    titles = declared_titles(page)
    own_keys = site_keys_of(site_name, url)
    site_keys = title_site_keys(titles, own_keys)
    cores = {title: fold(strip_site_name(title, site_keys)) for title in titles}
    return _DeclaredTitles(titles, own_keys, site_keys, cores)


def choose_title(
    tree: HtmlElement,
    page: PageMetadata,
    url: str,
    site_name: str | None,
    candidates: list[HtmlElement] | None = None,
) -> str | None:
    """The article's title. In order: a heading that is a whole declared title, one that
    is its first part, one that is most of it; then the page's sole h1; then the declared
    title without its site name. A kicker run together with the chosen heading is cut
    when a declared title is the headline alone (see headline_parts.glued_kicker).
    Returned in Unicode NFC: pages mix composed and decomposed forms of the same letters,
    and equal titles must compare equal. `candidates` are the page's
    `headline_elements`, when the caller has them already."""
    if candidates is None:
        candidates = headline_elements(tree)
    declared = _declared_context(page, url, site_name)
    title = _choose(tree, declared, url, candidates)
    split = glued_kicker(title, declared.cores.values()) if title else None
    if split:
        title = split[1]
    return unicodedata.normalize("NFC", title) if title else title


def _choose(
    tree: HtmlElement,
    context: _DeclaredTitles,
    url: str,
    candidates: list[HtmlElement],
) -> str | None:
    declared, own_keys, site_keys, cores = context
    echoes = _title_echoes(declared, own_keys)
    headlines = [
        h
        for h in _visible_headlines(candidates, declared)
        if fold(h.full) not in site_keys and fold(h.full) not in echoes
    ]
    exact = _exact_headline(headlines, declared, cores) or _leading_part(headlines, declared)
    if exact:
        return exact
    for headline in (h.shown for h in headlines):
        key = fold(headline)
        for title in declared:
            folded = fold(title)
            if len(title) <= 3:
                continue
            core = cores[title]
            # the headline is (most of) the declared title: a logo or section name is not
            if key in folded and (len(key) >= 0.4 * len(core) or _is_first_part(key, title)):
                return headline
            if key.startswith(core) and len(key) > len(core) + 10:
                if _continues_title(key[len(core) :]):
                    return headline
                return strip_site_name(title, site_keys)  # the element carries a date etc.
    sole = _sole_h1(tree, declared, cores, url, site_keys)
    if sole:
        return sole
    for title in declared:
        stripped = strip_site_name(title, site_keys)
        if stripped:
            return stripped
    return _spelled_by_url(headlines, url) or (headlines[0].shown if headlines else None)


def _sole_h1(
    tree: HtmlElement, declared: list[str], cores: dict[str, str], url: str, site_keys: set[str]
) -> str | None:
    """The page's only h1, when no declared title matched a heading.

    One h1 per page is the HTML convention for the headline readers see; <title> and
    og:title are then often rewritten for search results and sharing ("Privatkredit-Zinsen:
    So ermitteln Sie Ihre Kosten" over the h1 "Wie hoch sind die Zinsen?"). Not an h1 that
    holds a declared title and more (a kicker, date or section glued on: the declared title
    is the headline then), nor one that names the site or is a link to a page above this
    one (a logo).
    """
    h1s = [
        h
        for h in tree.iter("h1")
        if clean_space(h.text_content())
        and not _links_upwards(h, url)
        and not names_site(clean_space(h.text_content()), site_keys)
    ]
    if len(h1s) != 1:
        return None
    text = without_kicker(h1s[0], declared) or clean_space(h1s[0].text_content())
    key = fold(text)
    if (
        len(text) > 300
        or names_site(text, site_keys)
        or any(_has_words(key, c) for c in cores.values())
    ):
        return None
    return text


def _has_words(text: str, words: str) -> bool:
    """Does `text` hold `words` as whole words ("Geschichte" is not in "Chorgeschichte")?"""
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _links_upwards(element: HtmlElement, url: str) -> bool:
    """Is the element's text one link to a page above this one (the home page, a section)?
    Such an h1 is the logo or the section name."""
    links = [a for a in element.iter("a") if clean_space(a.text_content())]
    if len(links) != 1 or clean_space(links[0].text_content()) != clean_space(
        element.text_content()
    ):
        return False
    href = links[0].get("href") or ""
    absolute = urljoin(url, href)
    return bool(href) and url.startswith(absolute) and absolute != url


def _spelled_by_url(headlines: list[Headline], url: str) -> str | None:
    """The headline the URL's last path segment spells ("/malaga-die-metropole.html").

    Only asked when no declared title names the headline: then the first heading may be
    a category label, while a slug made from the headline is a convention of nearly all
    CMSs.
    """
    slug = _letters(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    for headline in headlines:
        letters = _letters(headline.shown)
        if len(letters) >= 15 and letters in slug:
            return headline.shown
    return None


def _letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _continues_title(extra: str) -> bool:
    """Is what the headline has beyond the declared title more of the title?

    Declared titles are often cut short for search results: the h1 "Zitronenkuchen vom
    Blech: einfach köstlich!" is declared "Zitronenkuchen vom Blech". Its rest is set off
    like a subtitle (colon, dash, bar, parenthesis). A date, a byline or a domain name
    ("| EXAMPLE.NET") in the element is not title.
    """
    if not _SUBTITLE_START.match(extra):
        return False
    rest = KICKER_JOINT.sub("", extra).strip()
    return not _DOMAIN_NAME.fullmatch(rest)


def _title_echoes(declared: list[str], site_keys: set[str]) -> set[str]:
    """Declared titles that carry the name the page gives its site ("Title | Site"), folded.

    A heading with this text repeats the document title for screen readers or a skip
    link (WordPress themes' `screen-reader-text` h2); the article's own headline does
    not carry the site's name.
    """
    echoes = set()
    for title in declared:
        parts = SEPARATORS.split(title)
        if len(parts) >= 2 and {fold(parts[0]), fold(parts[-1])} & site_keys:
            echoes.add(fold(title))
    return echoes


def _exact_headline(
    headlines: list[Headline], declared: list[str], cores: dict[str, str]
) -> str | None:
    """The headline whose whole text is a declared title exactly (its site name cut off),
    the declared titles taken in their order of trust.

    Looked for before partial matches: a blog's tagline or a section heading can be a
    piece of the declared title too, and the page's h1 further down is the whole of it.
    """
    by_key = {fold(h.full): h.shown for h in reversed(headlines)}  # the first of equal ones
    trusted = (cores[t] for t in declared if len(t) > 3)
    return next((by_key[c] for c in trusted if c in by_key), None)


def _leading_part(headlines: list[Headline], declared: list[str]) -> str | None:
    """The headline that is the first part of a "Title | Blog name – Tagline" title.

    Looked for before other partial matches: the blog's name is a heading on the page
    too (the logo h1), and it is a larger piece of the declared title than the title.
    """
    for title in declared:
        first = fold(SEPARATORS.split(title)[0])
        if first != fold(title):
            match = next((h.shown for h in headlines if fold(h.shown) == first), None)
            if match:
                return match
    return None


def _is_first_part(key: str, title: str) -> bool:
    parts = SEPARATORS.split(title)
    return len(parts) >= 2 and fold(parts[0]) == key


def declared_titles(page: PageMetadata) -> list[str]:
    headline = page.article_value("headline")
    titles = [
        unescape(t)
        for t in (
            clean_space(headline) if isinstance(headline, str) else "",
            page.first_meta("og:title") or "",
            page.first_meta("twitter:title") or "",
            page.title_tag or "",
            page.first_meta("dc.title", "dcterms.title") or "",
        )
    ]
    return [t for t in dict.fromkeys(titles) if t]


def _visible_headlines(candidates: list[HtmlElement], declared: list[str]) -> list[Headline]:
    found: list[Headline] = []
    for element in candidates:
        if element.tag in ("meta", "link", "title"):
            continue
        text = clean_space(element.text_content())
        if 3 <= len(text) <= 300 and text not in (h.full for h in found):
            shown = without_kicker(element, declared) or text
            found.append(Headline(text, shown))
    return found


def headline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The first twelve headline candidates of the document, in document order.

    Same elements as the XPath `//h1 | //*[@itemprop='headline'] | //h2[position() < 3] |
    //*[class word entry-title, post-title, article-title or headline]` (the whole
    document, even when `tree` is a fragment's element), cut to twelve.
    """
    found = [e for e in _MAYBE_HEADLINES(tree) if _is_headline_candidate(e)]
    return found[:MAX_HEADLINE_CANDIDATES]


def _is_headline_candidate(element: HtmlElement) -> bool:
    tag = element.tag
    if tag == "h1" or element.get("itemprop") == "headline":
        return True
    if tag == "h2" and _among_first_two_h2(element):
        return True
    classes = element.get("class")
    return bool(
        classes
        and ("title" in classes or "headline" in classes)
        and not _HEADLINE_CLASSES.isdisjoint(_XML_SPACE.split(classes))
    )


def _among_first_two_h2(element: HtmlElement) -> bool:
    """`h2[position() < 3]`: fewer than two h2 siblings before it."""
    earlier = element.itersiblings("h2", preceding=True)
    return next(earlier, None) is None or next(earlier, None) is None
