"""Where a page names who wrote it: byline elements and author profile links, plain-text
bylines ("Von Anna Muster", in `text_bylines`), and short source lines ("Quelle: dpa").

Each byline is kept with where it sits (`page_areas`): the article area, page furniture
(sidebars, teaser lists and cards, menus, widgets, share bars), or comments, forms and
figures (photo credits), which never count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from .page_areas import furniture_level
from .structured import clean_space
from .text_bylines import is_byline_label

__all__ = ["Byline", "PageBylines", "shows_name", "visible_bylines"]

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
# One pass over the page for byline elements, profile links and source lines: cheap
# substrings first ("uthor" for author/Author), the exact tests after. A Python loop over
# the elements measured faster than the same test as an XPath predicate (1.0 vs 1.8 ms).
_CANDIDATE_CLASS = re.compile(r"uthor|yline|utor|uteur|vcard|submitted|credit|ource|uelle|agency")
_CANDIDATE_HREF = re.compile(r"/aut|/staff/|/reporters/|/journalist|/user|/member|/profil")


_BYLINE_CLASS = re.compile(
    r"author|Author|byline|Byline|autor|Autor|auteur|vcard|contributor|submitted"
)
_SOURCE_CLASS = re.compile(r"credit|source|Source|quelle|Quelle|agency")
# inside a byline, the elements holding just the name (not the names in a breadcrumb)
_NAME_ELEMENTS = etree.XPath(
    "(.//*[@itemprop='name' or @rel='author' or contains(concat(' ', @class, ' '), ' fn ') or "
    f"contains(@class, 'name') or contains(@class, 'Name')] | .//a[{_PROFILE_LINK}])"
    "[not(ancestor-or-self::*[@itemprop='itemListElement' or contains(@class, 'breadcrumb')])]"
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


@dataclass
class Byline:
    text: str  # the element's whole text
    names: list[str]  # texts of its name elements, or the whole text
    marked: bool  # a byline element, not only a link to a profile page


@dataclass
class PageBylines:
    """Bylines in document order, in the article area and in page furniture, and short
    source lines ("Quelle: dpa/lno") for the agency stage."""

    article: list[Byline] = field(default_factory=list)
    furniture: list[Byline] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def visible_bylines(tree: HtmlElement, candidates: list[HtmlElement] | None = None) -> PageBylines:
    """Byline elements and profile links in the article area and in page furniture; per
    byline its whole text and the texts of its name elements (or the whole text if it has
    none). Bylines in comments, forms and figures are dropped. Also the page's source
    lines. ``candidates``: the page's byline candidates when a walk of the page found
    them already (``is_byline_candidate``; extraction's one scan of the page)."""
    found = PageBylines()
    seen: list[str] = []
    considered = 0
    for element in islice(_candidates(tree) if candidates is None else candidates, 400):  # an author index page lists thousands
        if element.tag in _NOT_BYLINE_TAGS:
            continue
        marks = element.get("class") or ""
        if _SOURCE_CLASS.search(marks) and len(found.sources) < 20:
            _add_source(element, found.sources)
        marked = bool(
            _BYLINE_CLASS.search(marks)
            or element.get("rel") == "author"
            or element.get("itemprop") in ("author", "creator")
            or "author" in (element.get("id") or "")
        )
        name = _name_before_author_link(element) if element.tag == "a" and not marked else None
        if name is not None:
            element = name
        elif not marked and not (
            element.tag == "a" and (_links_to_own_page(element) or _member_link_in_meta(element))
        ):
            continue
        considered += 1
        if considered > 100:
            break
        level = furniture_level(element)
        if level == 0 and _in_teaser_link(element):
            level = 1
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
    found.sources = found.sources[:3]
    return found


#: Per attribute, the test that makes its element a byline candidate (any one suffices).
_CANDIDATE_TESTS: dict[str, Callable[[str], object]] = {
    "class": _CANDIDATE_CLASS.search,
    "href": _CANDIDATE_HREF.search,
    "rel": "author".__eq__,
    "itemprop": ("author", "creator").__contains__,
    "id": lambda value: "author" in value,
}


def _candidates(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The byline candidates of ``tree``, in document order (``is_byline_candidate``)."""
    for element in tree.iter(etree.Element):
        if is_byline_candidate(element, element.tag, element.items()):
            yield element


def is_byline_candidate(element: HtmlElement, tag: str, attributes: list[tuple[str, str]]) -> bool:
    """An element with an attribute of ``_CANDIDATE_TESTS`` that passes its test, or a
    link saying "about the author". ``tag`` and ``attributes`` (``element.items()``) are
    read once by the caller: ~1000 elements a page, and five ``get`` calls each were a
    fifth of the cost of collecting credits (docs/extraction.md, CPU section)."""
    tests = _CANDIDATE_TESTS
    for name, value in attributes:
        test = tests.get(name)
        if test is not None and test(value):
            return True
    return tag == "a" and _about_the_author(element.text)


# "zu allen Rezepten vom Autor", "Alle Beiträge der Autorin", "More from this author"
_ABOUT_THE_AUTHOR = re.compile(r"\b(?i:autor|autorin|author)\b")


def _about_the_author(text: str | None) -> bool:
    # substrings first: this runs on every link of the page
    return bool(text and ("utor" in text or "uthor" in text) and _ABOUT_THE_AUTHOR.search(text))


def _name_before_author_link(link: HtmlElement) -> HtmlElement | None:
    """An author box: the name, then a link to "all articles by the author" whose address
    ends in the name ("<div>Anna Muster</div><a href='/experten/anna-muster'>zu allen
    Rezepten vom Autor</a>"). The element showing the name, or None."""
    if not _about_the_author(link.text):
        return None
    previous = link.getprevious()
    if previous is None or previous.tag in _NOT_BYLINE_TAGS:
        return None
    name = clean_space(previous.text_content())
    slug = unquote(link.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
    if not 2 <= len(name.split()) <= 4:
        return None
    return previous if _letters(name) in (_letters(slug), _letters(slug, umlauts=True)) else None


def _in_teaser_link(element: HtmlElement) -> bool:
    """Inside a link to another article (a teaser card that is one big link), not inside
    a link to the author's page."""
    link = next((a for a in element.iterancestors("a") if a.get("href")), None)
    if link is None:
        return False
    href = link.get("href") or ""
    return link.get("rel") != "author" and not any(p in href.lower() for p in _PROFILE_PATHS)


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


# a member's page addressed by number: "/profile/142450", "/user-uebersicht/?u=79003",
# "/member.php?u=123"
_NUMBERED_MEMBER = re.compile(r"/(?:user|member|profil)[\w.-]*(?:/|/?\?u(?:ser)?(?:id)?=)\d+/?$")


def _member_link_in_meta(link: HtmlElement) -> bool:
    """A link to a member's page addressed by number, which cannot be checked against the
    link text, counts when it sits in a post's meta line ("entry-meta", "post-meta") or
    right after a "by" label, with a short handle or name as its text: community, deal
    and fiction sites credit the member who posted there. (Comment meta lines are
    comments, dropped by `furniture_level`.)"""
    if not _NUMBERED_MEMBER.search(link.get("href") or ""):
        return False
    text = clean_space(link.text_content())
    if not text or len(text) > 40 or len(text.split()) > 3:
        return False
    in_meta = any("meta" in (a.get("class") or "") for a in islice(link.iterancestors(), 4))
    return in_meta or is_byline_label(_text_before(link))


def _text_before(element: HtmlElement) -> str:
    """The text right before an element, through wrappers holding only it
    ("<span>by</span> <h3><a>…</a></h3>" gives "by")."""
    node = element
    parent = node.getparent()
    while parent is not None and len(parent) == 1 and not (parent.text or "").strip():
        node, parent = parent, parent.getparent()
    previous = node.getprevious()
    if previous is None:
        return clean_space(parent.text or "") if parent is not None else ""
    tail = clean_space(previous.tail or "")
    return tail or clean_space(previous.text_content())


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
    nodes = _NAME_ELEMENTS(element)
    if not nodes:
        return _one_element_per_name(element)
    # "<a itemprop=name><span class=firstname>Marlene Lundberg</span> <span
    # class=lastname>Holm</span></a>": name parts that make up a name element are not names
    parts = {part for node in nodes for part in _parts_of(node, nodes)}
    texts = [clean_space(" ".join(n.itertext())) for n in nodes if n not in parts]
    texts = [t for t in dict.fromkeys(texts) if t]
    # "Ingo Arzt Redakteur für Wirtschaft" around "Ingo Arzt": the inner one is the name;
    # an outer "Anna Muster" around a one-word "Muster" part stays
    return [t for t in texts if not any(u != t and u in t and " " in u for u in texts)]


def _parts_of(node: HtmlElement, nodes: list[HtmlElement]) -> list[HtmlElement]:
    """The name elements inside `node` when together they spell exactly its text (given
    and family name spans), else none."""
    inner = [d for d in node.iterdescendants() if d in nodes]
    inner = [d for d in inner if not any(a in inner for a in d.iterancestors())]
    spelled = " ".join(" ".join(d.itertext()) for d in inner).split()
    return inner if inner and spelled == " ".join(node.itertext()).split() else []


# what may stand between the names of one byline box besides the name elements
_BETWEEN_NAMES = re.compile(r"(?i:[\s,;/&|·•]|\b(?:und|and|et|y|e|von|by|par|por|autor\w*)\b)*")


def _one_element_per_name(element: HtmlElement) -> list[str]:
    """Co-authors set one element each in one byline box ("<div class=byline><span>Anna
    Muster</span> <span>Jan Beispiel</span></div>") with nothing but separators between:
    the element texts, which the joined text would run together. Only full names (two
    words or more) count, so that given and family name spans are never split apart."""
    box = element
    while len(box) == 1 and not (box.text or "").strip() and not (box[0].tail or "").strip():
        box = box[0]  # wrappers holding only the box
    children = [c for c in box if isinstance(c.tag, str)]
    loose = (box.text or "") + "".join(c.tail or "" for c in children)
    if len(children) < 2 or not _BETWEEN_NAMES.fullmatch(loose):
        return []
    texts = [clean_space(" ".join(c.itertext())) for c in children]
    texts = [t for t in texts if t and not _BETWEEN_NAMES.fullmatch(t)]
    return texts if len(texts) >= 2 and all(len(t.split()) >= 2 for t in texts) else []


def _add_source(element: HtmlElement, sources: list[str]) -> None:
    """A short "Quelle: dpa" / credit line in the article area: an agency credit for the
    agency stage, never an author. Photo credits inside figures are skipped."""
    if furniture_level(element):
        return
    text = clean_space(" ".join(element.itertext()))
    if 2 <= len(text) <= 80 and text not in sources:
        sources.append(text)


_TEXT_EQUAL = etree.XPath("//body//text()[normalize-space(.) = $name]")


def shows_name(tree: HtmlElement, name: str) -> bool:
    """Does the article area show this name as a text of its own (a byline the markup
    does not mark, e.g. "Von <a href='/lisa-petrich'>Lisa Petrich</a>")?"""
    parents = (node.getparent() for node in _TEXT_EQUAL(tree, name=name))
    return any(
        p is not None and p.tag not in ("script", "style", "title") and furniture_level(p) == 0
        for p in parents
    )
