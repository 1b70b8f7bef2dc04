"""A signature under the article: the author's name alone, in bold or italics, as the last
paragraph of the text ("<p><b><i>Anna Muster</i></b></p>"), the way many German and
European print titles sign their pieces and carry the signature over to their websites.

Guarded so that it stays a name: two to four capitalised words and nothing else (no
label, digits or punctuation, so no photo credit "Foto: …", no quote attribution "– …"),
the last block of a container whose paragraphs read as article text, outside page
furniture, comments and figures.
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
# the paragraphs before the signature: at least this much running text
_ARTICLE_TEXT = 300


def signatures(tree: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Signature paragraphs under article text and the names they show; whether a
    paragraph sits in page furniture is for the caller (`bylines`) to decide."""
    for paragraph in tree.iter("p"):
        if not _all_emphasised(paragraph):
            continue
        name = clean_space(paragraph.text_content())
        if _NAME.match(name) and _last_block(paragraph) and _after_article_text(paragraph):
            yield name, paragraph


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
