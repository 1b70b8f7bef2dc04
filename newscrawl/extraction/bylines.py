"""Where a page names who wrote it: byline elements and author profile links, plain-text
bylines ("Von Anna Muster"), and short source lines ("Quelle: dpa").

Each byline is kept with where it sits: the article area, page furniture (sidebars, teaser
lists, share bars), or comments and forms, which never count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from .structured import clean_space

# links to an author's page: the link text is the name the page shows
_AUTHOR_PATHS = (
    "/author/",
    "/authors/",
    "/autor/",
    "/autoren/",
    "/autorin/",
    "/auteur/",
    "/autores/",
    "/staff/",
    "/reporters/",
    "/journalist",
)
# links to a member's or a person's page (forums, communities, people in the news): the
# link text must be the handle, or the full name, in the address
_MEMBER_PATHS = ("/user/", "/users/", "/members/", "/member/", "/profil/", "/profile/")
_PROFILE_PATHS = _AUTHOR_PATHS + _MEMBER_PATHS
_TEXT_BLOCKS = frozenset({"p", "li", "td", "dd", "blockquote"})
_PROFILE_LINK = " or ".join(f"contains(@href, '{path}')" for path in _PROFILE_PATHS)
_BYLINE_MARKS = (
    "@rel='author' or @itemprop='author' or @itemprop='creator' or "
    "contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'Author') or "
    "contains(@class, 'autor') or contains(@class, 'Byline') or contains(@class, 'auteur') or "
    "contains(@id, 'author') or contains(@class, 'vcard') or contains(@class, 'contributor') or "
    "contains(@class, 'submitted')"
)
_BYLINES = etree.XPath(f"//*[{_BYLINE_MARKS}] | //a[{_PROFILE_LINK}]")
_MARKED = etree.XPath(f"boolean(self::*[{_BYLINE_MARKS}])")
# inside a byline, the elements holding just the name
_NAME_ELEMENTS = etree.XPath(
    ".//*[@itemprop='name' or @rel='author' or contains(concat(' ', @class, ' '), ' fn ') or "
    f"contains(@class, 'name') or contains(@class, 'Name')] | .//a[{_PROFILE_LINK}]"
)
_NOT_BYLINE_TAGS = frozenset(
    {
        "meta",
        "link",
        "script",
        "style",
        "body",
        "html",
        "img",
        "input",
        "textarea",
        "label",
        "form",
        "select",
        "button",
        "article",
        "main",
        "section",
        "h1",
        "iframe",
    }
)
# class/id words of comment threads, related-article lists and page widgets
_COMMENTS = re.compile(r"^(?:comments?|comment[-_].*|.*[-_]comments?|respond|reply)$")
_FURNITURE = re.compile(
    r"^(?:.*related.*|sidebar|.*[-_]sidebar|.*teaser.*|recommend.*|"
    r"newsletter.*|share.*|sharing.*|.*[-_]share|.*menu.*|nav|navbar.*|.*[-_]nav|navigation.*|"
    r"c?card|.*[-_]card|card[-_].*)$"
)
# "has-sidebar", "wrapper__with-sidebar": a layout beside a sidebar, not the sidebar
_LAYOUT_MODIFIER = re.compile(r"(?:^|[-_])(?:has|with|no|without)[-_]")


@dataclass
class Byline:
    text: str  # the element's whole text
    names: list[str]  # texts of its name elements, or the whole text
    marked: bool  # a byline element, not only a link to a profile page


@dataclass
class PageBylines:
    """Bylines in document order: in the article area, and in page furniture."""

    article: list[Byline] = field(default_factory=list)
    furniture: list[Byline] = field(default_factory=list)


def visible_bylines(tree: HtmlElement) -> PageBylines:
    """Byline elements and profile links in the article area and in page furniture; per
    byline its whole text and the texts of its name elements (or the whole text if it has
    none). Bylines in comments and forms are dropped."""
    found = PageBylines()
    seen: list[str] = []
    for element in _BYLINES(tree)[:100]:
        if element.tag in _NOT_BYLINE_TAGS:
            continue
        marked = element.tag != "a" or _MARKED(element)
        if not marked and not _links_to_own_page(element):
            continue
        level = furniture_level(element)
        if level == 2 or (level == 1 and not marked):
            continue  # comments; a bare profile link in a sidebar or menu names anyone
        target = found.article if level == 0 else found.furniture
        if len(target) >= 8:
            continue
        text = clean_space(" ".join(element.itertext()))
        if not text or len(text) > 160 or any(text in s for s in seen):
            continue
        seen.append(text)
        target.append(Byline(text, _name_texts(element) or [text], marked))
    return found


def _links_to_own_page(link: HtmlElement) -> bool:
    """A profile link whose text is the name in its address (/author/anna-muster/ "Anna
    Muster", /members/pepemaus.81656/ "Pepemaus"), outside running text. Login, settings,
    "all authors" and "join us" links name no one in their address; a person linked from a
    sentence is who the article is about."""
    href = unquote(link.get("href") or "").lower()
    words = [w for w in _letters(clean_space(link.text_content()), keep=" ").split() if len(w) > 1]
    for paths, full_name in ((_AUTHOR_PATHS, 1), (_MEMBER_PATHS, 2)):
        path = next((href.split(p, 1)[1] for p in paths if p in href), None)
        if path is None or not words:
            continue
        slugs = [_letters(path), _letters(path, umlauts=True)]
        if len(words) == 1:
            named = any(s.startswith(words[0]) for s in slugs)
        else:
            named = sum(any(w in s for s in slugs) for w in words) >= full_name
        return named and not _in_running_text(link)
    return False


def _in_running_text(link: HtmlElement) -> bool:
    """In a paragraph with sentences around the link (not a list of labelled links)."""
    block = next((a for a in link.iterancestors() if a.tag in _TEXT_BLOCKS), None)
    return block is not None and len(clean_space("".join(_UNLINKED_TEXT(block)))) > 100


_UNLINKED_TEXT = etree.XPath(".//text()[not(ancestor::a)]")


def _letters(text: str, *, umlauts: bool = False, keep: str = "") -> str:
    """Lower-case ASCII letters and digits only ("Führes" -> "fuhres", or "fuehres")."""
    text = text.lower()
    if umlauts:
        text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text if ch.isalnum() or ch in keep)


def _name_texts(element: HtmlElement) -> list[str]:
    texts = [clean_space(" ".join(n.itertext())) for n in _NAME_ELEMENTS(element)]
    texts = [t for t in dict.fromkeys(texts) if t]
    # "Ingo Arzt Redakteur für Wirtschaft" around "Ingo Arzt": the inner one is the name;
    # an outer "Anna Muster" around a one-word "Muster" part stays
    return [t for t in texts if not any(u != t and u in t and " " in u for u in texts)]


_SOURCES = etree.XPath(
    "//body//*[contains(@class, 'credit') or contains(@class, 'source') or "
    "contains(@class, 'quelle') or contains(@class, 'agency') or "
    "contains(@class, 'Quelle') or contains(@class, 'Source')]"
)


def source_credits(tree: HtmlElement) -> list[str]:
    """Short "Quelle: dpa" / credit lines in the article area: agency credits for the
    agency stage, never authors. Photo credits inside figures are skipped."""
    found: list[str] = []
    for element in _SOURCES(tree)[:20]:
        if (
            element.tag in _NOT_BYLINE_TAGS
            or furniture_level(element)
            or any(a.tag in ("figure", "figcaption", "picture") for a in element.iterancestors())
        ):
            continue
        text = clean_space(" ".join(element.itertext()))
        if 2 <= len(text) <= 80 and text not in found:
            found.append(text)
    return found[:3]


_TEXT_NODES = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::a "
    "or ancestor::nav or ancestor::footer)][normalize-space()]"
)
# "Von Anna Muster", "Text: Jan Beispiel", "Eine Kolumne von Anna Muster", "06.11.2023 von Olga"
_TEXT_BYLINE = re.compile(
    r"^[\W\d_]*(?:(?i:uhr)\s+)?"
    r"(?:(?i:(?:blog\s+)?(?:ein(?:e|en)?\s+)?(?:beitrag|kolumne|kommentar|gastbeitrag|"
    r"bericht|reportage|analyse|rezension|glosse|essay|text))\s+)?"
    r"(?i:von|by|posted by|written by|geschrieben von|eingestellt von|autor(?:in)?:|"
    r"author:|auteur\s?:|text:|interview:)\s*"
    r"[A-ZÄÖÜ][\w.'-]+(?:\s+(?:[A-ZÄÖÜ][\w.'-]+|von|van|de|der|und|and|&))*"
    r"\s*(?:[,|·•/–-].*)?$",
)


def text_bylines(tree: HtmlElement) -> list[str]:
    """Bylines written as plain text ("Von Anna Muster", "By A and B") in short text nodes."""
    for node in _TEXT_NODES(tree)[:400]:
        text = clean_space(node)
        if len(text) <= 100 and _TEXT_BYLINE.match(text):
            parent = node.getparent()
            if parent is not None and not furniture_level(parent):
                return [text]
    return []


def furniture_level(element: HtmlElement) -> int:
    """0: article area; 1: page furniture (sidebar, related teasers, share bars), where a
    byline is only a last resort; 2: comments and forms, never a byline."""
    ancestors = [element, *element.iterancestors()]
    in_article = any(a.tag in ("article", "main") for a in ancestors)
    level = 0
    for node in ancestors:
        if node.tag in ("body", "html"):
            break
        if node.tag in ("form", "label"):
            return 2
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower().split()
        if any(_COMMENTS.match(mark) for mark in marks):
            return 2
        if (
            node.tag in ("aside", "nav")
            or (node.tag == "footer" and not in_article)
            or any(_FURNITURE.match(m) and not _LAYOUT_MODIFIER.search(m) for m in marks)
        ):
            level = 1
    return level
