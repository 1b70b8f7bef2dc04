"""Bylines written as plain text: "Von Anna Muster", "By A and B", a label styled apart
from the name ("<span>By</span> <a>Anna Muster</a>", "<h5>Autor:</h5> Anna Muster"), a
meta line "11.12.2019 - Amelie Loevenich"; failing those, a signature under the article
(`signatures`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from .author_names import is_agency_credit
from .page_areas import furniture_level
from .signatures import signatures
from .structured import clean_space

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
    walk = etree.iterwalk(body, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):
                continue  # a comment: its text is not page text, its tail comes at "end"
            if tag in _NO_BYLINE_TEXT and _skipped(element):
                # neither its text nor anything inside is read: not walked (menus and
                # footers are large); its "end", where its tail is read, still comes
                walk.skip_subtree()
                continue
            text, is_text = element.text, True
        else:
            if element is body:
                return
            text, is_text = element.tail, False
        # blank as XPath's normalize-space() sees it (a no-break space is not blank)
        if text and text.strip(" \t\r\n"):
            yield text, element, is_text
            limit -= 1
            if not limit:
                return


_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
# gender-inclusive German labels, often without a colon: "Autorin/Autor", "Autor*in"
_AUTHOR_PAIR = r"autor(?:in)?\s?/\s?autor(?:in)?|autor(?:\*|_|:|/-?|\(|I)in\)?"
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
        rf"(?i:von|by|posted by|written by|geschrieben von|eingestellt von|{_AUTHOR_PAIR}|autor(?:in)?:|"
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


#: The patterns of ``_TEXT_BYLINES`` as one alternation (a match of one of them from the
#: start is a match of this; one call instead of four on up to 400 texts a page).
_ANY_TEXT_BYLINE = re.compile("|".join(f"(?:{p.pattern})" for p in _TEXT_BYLINES))


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
                _ANY_TEXT_BYLINE.match(text)
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
    on through the elements after it up to the next line break: "<span>By</span> <a
    href='/about/anna-muster'>Anna Muster</a>", "<h5>Autor:</h5>Anna Muster", "<b>Von:</b>
    <br>Anna Muster" (a break before the name), "<br>Autor: <a>Rechtsanwalt</a> Jan
    Beispiel". CMS templates often style the label apart from the name."""
    if is_text:
        label = _first_line(holder)
        if not _BYLINE_WORD.match(label):
            return label
        after = [holder.tail or ""]
    else:
        label, after = holder.tail or "", []
    for sibling in islice(holder.itersiblings(), 8):
        named = clean_space(" ".join(after))
        if (sibling.tag == "br" and named) or len(named) > 120:
            break
        if isinstance(sibling.tag, str) and sibling.tag != "br":
            after.append(sibling.text_content())
        after.append(sibling.tail or "")
    return clean_space(" ".join([label, *after]))


_BYLINE_WORD = re.compile(
    rf"^\W*(?i:(?:von|by)(?:\s?:)?|text:|autor(?:in)?:|author:|redaktion:|(?:{_AUTHOR_PAIR})\s?:?)$"
)


def is_byline_label(text: str) -> bool:
    """ "By", "Von:", "Autor:": a byline's label without the name."""
    return bool(_BYLINE_WORD.match(text))
