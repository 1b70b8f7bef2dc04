"""Where a page names who wrote it: byline elements and author profile links, plain-text
bylines ("Von Anna Muster"), and short source lines ("Quelle: dpa").

Each byline is kept with where it sits: the article area, page furniture (sidebars, teaser
lists and cards, menus, widgets, share bars), or comments, forms and figures (photo
credits), which never count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from .author_names import is_agency_credit
from .signatures import signatures
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


def visible_bylines(tree: HtmlElement) -> PageBylines:
    """Byline elements and profile links in the article area and in page furniture; per
    byline its whole text and the texts of its name elements (or the whole text if it has
    none). Bylines in comments, forms and figures are dropped. Also the page's source
    lines."""
    found = PageBylines()
    seen: list[str] = []
    considered = 0
    for element in islice(_candidates(tree), 400):  # an author index page lists thousands
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


def _candidates(tree: HtmlElement) -> Iterator[HtmlElement]:
    for element in tree.iter(etree.Element):
        get = element.get
        marks, href = get("class"), get("href")
        if (
            (marks and _CANDIDATE_CLASS.search(marks))
            or (href and _CANDIDATE_HREF.search(href))
            or get("rel") == "author"
            or get("itemprop") in ("author", "creator")
            or "author" in (get("id") or "")
            or (element.tag == "a" and _about_the_author(element.text))
        ):
            yield element


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
    return in_meta or bool(_BYLINE_WORD.match(_text_before(link)))


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
    texts = [clean_space(" ".join(n.itertext())) for n in _NAME_ELEMENTS(element)]
    texts = [t for t in dict.fromkeys(texts) if t]
    # "Ingo Arzt Redakteur für Wirtschaft" around "Ingo Arzt": the inner one is the name;
    # an outer "Anna Muster" around a one-word "Muster" part stays
    return [t for t in texts if not any(u != t and u in t and " " in u for u in texts)]


def _add_source(element: HtmlElement, sources: list[str]) -> None:
    """A short "Quelle: dpa" / credit line in the article area: an agency credit for the
    agency stage, never an author. Photo credits inside figures are skipped."""
    if furniture_level(element):
        return
    text = clean_space(" ".join(element.itertext()))
    if 2 <= len(text) <= 80 and text not in sources:
        sources.append(text)


# text outside scripts, links, navigation and footers
_NO_BYLINE_TEXT = frozenset({"script", "style", "a", "nav", "footer"})


def _skipped(element: HtmlElement) -> bool:
    """For an element of a kind in `_NO_BYLINE_TEXT`: is its text no byline text? A link
    to write to the author can be: sites wrap the byline in a mailto link (TYPO3's
    spam-protected "javascript:linkTo_UnCryptMailto")."""
    # ("ailto": "mailto:" and TYPO3's "UnCryptMailto" without lower-casing every link)
    return element.tag != "a" or "ailto" not in (element.get("href") or "")


def _text_nodes(tree: HtmlElement, limit: int) -> Iterator[tuple[str, HtmlElement, bool]]:
    """The first `limit` non-blank texts of the body outside scripts, links, navigation and
    footers, in document order: (text, element holding it, whether it is its .text)."""
    body = tree.find(".//body")
    if body is None:
        return
    skipping = 0
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):
                continue  # a comment: its text is not page text, its tail comes at "end"
            skipping += tag in _NO_BYLINE_TEXT and _skipped(element)
            text, is_text = element.text, True
        else:
            skipping -= tag in _NO_BYLINE_TEXT and _skipped(element)
            if element is body:
                return
            text, is_text = element.tail, False
        # blank as XPath's normalize-space() sees it (a no-break space is not blank)
        if not skipping and text and text.strip(" \t\r\n"):
            yield text, element, is_text
            limit -= 1
            if not limit:
                return


_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
# "Redaktion: Anna Muster (Pressesprecherin)": the person who wrote a press or association
# news item; a full name, so that a desk ("Redaktion: Wirtschaft") is not taken for one
_EDITED_BY = re.compile(
    rf"^[\W\d_]*(?i:redaktion)\s?:\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}\s*(?:[,(].*)?$"
)
_TEXT_BYLINES = (
    # "Von Anna Muster", "Text: Jan Beispiel", "Eine Kolumne von Anna Muster, Berlin"
    re.compile(
        r"^[\W\d_]*(?:(?i:uhr)\s+)?"
        r"(?:(?i:(?:blog\s+)?(?:ein(?:e|en)?\s+)?(?:beitrag|kolumne|kommentar|gastbeitrag|"
        r"bericht|reportage|analyse|rezension|glosse|essay|text))\s+)?"
        r"(?i:von|by|posted by|written by|geschrieben von|eingestellt von|autor(?:in)?:|"
        r"author:|auteur\s?:|text:|interview:)\s*:?\s*"
        r"[A-ZÄÖÜ][\w.'-]+(?:\s+(?:[A-ZÄÖÜ][\w.'-]+|von|van|de|der|und|and|&))*"
        r"\s*(?:(?:[,|·•/–(-]|\s(?:am|at|um|on|under|in|@)\b).*)?$"
    ),
    _EDITED_BY,
    # Chinese sites: "作者：…" (author), "记者：…" (reporter), "责任编辑：…" (editor in charge)
    re.compile(r"^(?:作者|记者|责任编辑)\s*[:：]\s*[\u4e00-\u9fff]{2,4}$"),
    # a meta line "11.12.2019 - Amelie Loevenich", "04.02.2022 | 13:10 Uhr | Uta Helkenberg"
    re.compile(
        r"^\d{1,2}\.\d{1,2}\.\d{2,4}(?:\s*[|,]?\s*\d{1,2}[:.]\d{2}(?:\s*(?i:uhr))?)?"
        rf"\s*[-–|]\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}$"
    ),
)


_INLINE = frozenset({"span", "small", "em", "i", "b", "strong"})


def _text_in_furniture(holder: HtmlElement) -> bool:
    """Is a text byline in page furniture? A teaser or card class on the inline element
    holding the text alone does not make it so: templates reuse their teaser components'
    classes for the article's own meta line ("<span class='teaser-cat'>von …</span>"
    under the headline); a teaser container around it still does."""
    level = furniture_level(holder)
    if level == 1 and holder.tag in _INLINE:
        parent = holder.getparent()
        return parent is None or furniture_level(parent) > 0
    return level > 0


def text_bylines(tree: HtmlElement) -> list[str]:
    """Bylines written as plain text ("Von Anna Muster", "By A and B") in short text nodes,
    or in a short element where only the word "Von" is plain text ("Von <b>Anna Muster</b>");
    failing those, a signature under the article text ("<p><b>Anna Muster</b></p>")."""
    for raw, holder, is_text in _text_nodes(tree, 400):
        text = clean_space(raw)
        # a label starting the element, or a line of its own after a line break ("a
        # sentence <em>of</em> by someone" is no byline)
        if _BYLINE_WORD.match(text) and (is_text or holder.tag == "br"):
            text = _label_line(holder, is_text)
        if (
            len(text) <= 100
            and (
                any(p.match(text) for p in _TEXT_BYLINES)
                or _handle_in_meta_line(text, holder if is_text else holder.getparent())
            )
            and not _text_in_furniture(holder)
        ):
            return [_tidy_line(text)]
    return next(([name] for name, p in signatures(tree) if not furniture_level(p)), [])


# "(Sponsored Post)", "(Pressesprecher)": a note or role in brackets, not a second name
_BRACKETED = re.compile(r"\s*\(([^()]{0,60})\)")
# "Peter Maahn/SP-X": a press service's code after the name (an agency the registry knows,
# "/AFP", stays for the agency stage)
_SLASH_CODE = re.compile(r"(?<=[a-zäöüß])\s?/\s?([A-Z][A-Z-]{1,5})$")
# "Autor: Rechtsanwalt Jan Beispiel": legal and tax advisers' articles name the profession
# before the name
_PROFESSION = re.compile(
    r"\b(?:Rechtsanw(?:alt|ältin)|Fachanw(?:alt|ältin)|Notar(?:in)?|Steuerberater(?:in)?|"
    r"Attorney)\s+(?=[A-ZÄÖÜ])"
)


def _tidy_line(text: str) -> str:
    """The byline without bracketed notes, a press service's code after the name (an
    agency, "(dpa)", "/AFP", stays for the agency stage), or a profession before it."""
    if _EDITED_BY.match(text):
        text = text.split(":", 1)[1].strip()
    text = _BRACKETED.sub(lambda m: m.group(0) if is_agency_credit(m.group(1)) else "", text)
    text = _SLASH_CODE.sub(lambda m: m.group(0) if is_agency_credit(m.group(1)) else "", text)
    return _PROFESSION.sub("", text)


# "by damianduchamps on August 3, 2019" in a post's meta line: a user name, lower case
_HANDLE_LINE = re.compile(r"^(?i:by|von|posted by)\s+[\w.-]+\s+(?i:on|am|at|@)\s")


def _handle_in_meta_line(text: str, line: HtmlElement | None) -> bool:
    """Decided by markup: the line sits in an element classed as the post's meta line."""
    return (
        bool(_HANDLE_LINE.match(text)) and line is not None and "meta" in (line.get("class") or "")
    )


def _first_line(element: HtmlElement) -> str:
    """The element's text up to its first line break."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":
            break
        parts += [child.text_content(), child.tail or ""]
    return clean_space(" ".join(parts))


def _label_line(holder: HtmlElement, is_text: bool) -> str:
    """The line a lone "By" / "Autor:" label starts: inside its element ("Von <b>Anna
    Muster</b>"), or, when the label is all its element holds or a text after an element,
    on through the elements after it up to the next line break ("<span>By</span>
    <a href='/about/anna-muster'>Anna Muster</a>", "<h5>Autor:</h5>Anna Muster",
    "<b>Von:</b><br>Anna Muster",
    "<br>Autor: <a>Rechtsanwalt</a> Jan Beispiel") -- a label styled apart from the name
    is common in CMS templates."""
    line = _first_line(holder) if is_text else ""
    if line and not _BYLINE_WORD.match(line):
        return line
    parts = [line, holder.tail or ""]
    for sibling in islice(holder.itersiblings(), 8):
        named = " ".join(parts[1:]).strip()
        # (a line break before any name: "Von:<br>Anna Muster", the label on a line above)
        if (sibling.tag == "br" and named) or len(named) > 120:
            break
        if isinstance(sibling.tag, str) and sibling.tag != "br":
            parts.append(sibling.text_content())
        parts.append(sibling.tail or "")
    return clean_space(" ".join(parts))


_BYLINE_WORD = re.compile(r"^\W*(?i:(?:von|by)(?:\s?:)?|text:|autor(?:in)?:|author:|redaktion:)$")


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
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if marks != " ":
            if _COMMENT_MARK.search(marks):
                return 2
            # (a "card" or "teaser" holding the page's headline is the article itself)
            if _FURNITURE_MARK.search(_LAYOUT_MARK.sub(" ", marks)) and node.find(".//h1") is None:
                level = 1
        if tag in ("aside", "nav") or (tag == "footer" and not in_article):
            level = 1
    return level


_TEXT_EQUAL = etree.XPath("//body//text()[normalize-space(.) = $name]")


def shows_name(tree: HtmlElement, name: str) -> bool:
    """Does the article area show this name as a text of its own (a byline the markup
    does not mark, e.g. "Von <a href='/lisa-petrich'>Lisa Petrich</a>")?"""
    parents = (node.getparent() for node in _TEXT_EQUAL(tree, name=name))
    return any(
        p is not None and p.tag not in ("script", "style", "title") and furniture_level(p) == 0
        for p in parents
    )
