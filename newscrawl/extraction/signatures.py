"""A signature under the article: the author's name alone, in bold or italics, as the last
paragraph of the text ("<p><b><i>Anna Muster</i></b></p>"), the way many German and
European print titles sign their pieces and carry the signature over to their websites;
or a letter's sign-off, a name over a date ("<p>Benni<br>10. September 2017</p>") or
over the signer's office, the way bloggers sign a post and associations a statement.

Some print titles set the byline as the article's first paragraph instead, a bold name
above the text ("<p><strong>Mathatisi Sebusi/Mohalenyane Phakela</strong></p><p>A
Chinese-owned …"): `opening_names`.

Guarded so that it stays a name: two to four capitalised words (one above a date) and
nothing else (no label, digits or punctuation, so no photo credit "Foto: …", no quote
attribution "– …"), the last block of a container whose paragraphs read as article text,
outside page furniture, comments and figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from .structured import clean_space

_EMPHASIS = frozenset({"b", "strong", "i", "em"})
_WORD = r"[A-ZÄÖÜ][^\W\d_]*(?:[.'-][A-ZÄÖÜ]?[^\W\d_]*)*"
_PARTICLE = r"(?:von|van|de|der|zu|vom)"
_NAME = re.compile(rf"^{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{1,3}}$")
_SIGN_OFF_NAME = re.compile(rf"^{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{0,3}}$")
_MONTH = r"[A-ZÄÖÜ][a-zäöü]+\.?"
# "10. September 2017", "10.09.2017", "September 10, 2017", "10 September 2017"
_DATE_LINE = re.compile(
    rf"^(?:\d{{1,2}}\.\s?(?:\d{{1,2}}\.|{_MONTH})\s?\d{{4}}|{_MONTH}\s\d{{1,2}},\s\d{{4}}|"
    rf"\d{{1,2}}\s{_MONTH}\s\d{{4}})$"
)
# the signer's office: "DITIB-Bundesvorsitzender", "Präsidentin des Verbands", "CEO"
_OFFICE = re.compile(
    r"(?i:vorsitzende[rn]?|präsident(?:in)?|geschäftsführer(?:in)?|sprecher(?:in)?|"
    r"direktor(?:in)?|leiter(?:in)?|bürgermeister(?:in)?|pfarrer(?:in)?|bischof|"
    r"vorstand|chairman|chairwoman|chair|president|director|mayor)\b|\bCEO\b"
)
# the paragraphs before the signature: at least this much running text
_ARTICLE_TEXT = 300


def signatures(tree: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Signature paragraphs under article text and the names they show; whether a
    paragraph sits in page furniture is for the caller (`text_bylines`) to decide."""
    for paragraph in tree.iter("p"):
        name = _emphasised_name(paragraph) or _signed_name(paragraph)
        if (
            name
            and (_last_block(paragraph) or _right_aligned(paragraph))
            and _after_article_text(paragraph)
        ):
            yield name, paragraph


def _right_aligned(paragraph: HtmlElement) -> bool:
    """Set flush right, as print signs a piece: then boxes or notes may follow it. Not
    right after a quotation, where a flush-right name is whom it quotes."""
    align = f"{paragraph.get('align') or ''} {paragraph.get('style') or ''}".lower()
    if "right" not in align:
        return False
    previous = paragraph.getprevious()
    return previous is None or previous.tag != "blockquote"


def _emphasised_name(paragraph: HtmlElement) -> str | None:
    """ "<p><b><i>Anna Muster</i></b></p>": a full name, all of it in bold or italics."""
    if not _all_emphasised(paragraph):
        return None
    name = clean_space(paragraph.text_content())
    return name if _NAME.match(name) else None


def _signed_name(paragraph: HtmlElement) -> str | None:
    """A letter's sign-off: a name over the date ("<p>Benni<br>10. September 2017</p>", a
    first name will do) or a full name over the signer's office ("Anna Muster<br>
    Vorsitzende des Landesverbands"), as statements and greetings are signed."""
    if not 1 <= len(paragraph) <= 3 or sum(child.tag == "br" for child in paragraph) != 1:
        return None
    name, below = _lines(paragraph)
    if _DATE_LINE.match(below):
        return name if _SIGN_OFF_NAME.match(name) else None
    if len(below) <= 60 and _OFFICE.search(below):
        return name if _NAME.match(name) else None
    return None


def _lines(paragraph: HtmlElement) -> list[str]:
    """The paragraph's text, split at its line breaks."""
    lines = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == "br":
            lines.append("")
        else:
            lines[-1] += child.text_content()
        lines[-1] += child.tail or ""
    return [clean_space(line) for line in lines]


def _all_emphasised(paragraph: HtmlElement) -> bool:
    """All the paragraph's text sits in bold or italic elements ("<b><i>…</i></b>")."""
    if not len(paragraph) or (paragraph.text or "").strip():
        return False
    return all(child.tag in _EMPHASIS and not (child.tail or "").strip() for child in paragraph)


def _last_block(paragraph: HtmlElement) -> bool:
    """Nothing with text follows the paragraph in its container."""
    return not any(
        isinstance(s.tag, str) and s.tag not in ("script", "style") and s.text_content().strip()
        for s in paragraph.itersiblings()
    )


def _after_article_text(paragraph: HtmlElement) -> bool:
    """Paragraphs of running text come before it in the same container."""
    total = 0
    for sibling in paragraph.itersiblings(preceding=True):
        if sibling.tag == "p":
            total += len(sibling.text_content())
            if total >= _ARTICLE_TEXT:
                return True
    return False


_BOLD = frozenset({"b", "strong"})
# "Mathatisi Sebusi/Mohalenyane Phakela", "Anna Muster and Jan Beispiel": co-authors
_NAME_LIST_SEPARATOR = re.compile(r"\s*/\s*|\s*&\s*|\s+(?:and|und)\s+|\s*,\s*")
# running text after the opening name: at least this much in the next paragraph
_OPENING_TEXT = 120
# before it, no more than a standfirst in a line or two
_BEFORE_OPENING = 200


def opening_names(tree: HtmlElement) -> list[str]:
    """The names of a byline set as the article's first paragraph, all of it in bold:
    full names only (two to four capitalised words each, upper case allowed), running
    text right after it, at most a short standfirst before it in the same container.
    Empty when the page has none."""
    for paragraph in tree.iter("p"):
        if not _all_bold(paragraph):
            continue
        text = clean_space(paragraph.text_content())
        names = [n for n in _NAME_LIST_SEPARATOR.split(text) if n]
        if not names or len(names) > 4 or not all(_NAME.match(n) for n in names):
            continue
        if _opens_article_text(paragraph):
            return names
    return []


def _all_bold(paragraph: HtmlElement) -> bool:
    """All the paragraph's text sits in <b>/<strong> elements."""
    return _all_emphasised(paragraph) and all(child.tag in _BOLD for child in paragraph)


def _opens_article_text(paragraph: HtmlElement) -> bool:
    """Running text follows in the next paragraph; little text comes before."""
    following = next(
        (s for s in paragraph.itersiblings() if isinstance(s.tag, str) and s.text_content().strip()),
        None,
    )
    if following is None or following.tag != "p":
        return False
    if len(clean_space(following.text_content())) < _OPENING_TEXT:
        return False
    before = sum(
        len(clean_space(s.text_content()))
        for s in paragraph.itersiblings(preceding=True)
        if isinstance(s.tag, str) and s.tag not in ("script", "style")
    )
    return before <= _BEFORE_OPENING
