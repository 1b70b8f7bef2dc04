"""Skip trafilatura's readability fallback on pages where it cannot change the result.

In balanced mode with fallbacks on, trafilatura runs readability-lxml on every page (about
a fifth of its time) and takes readability's text instead of its own only when
(`trafilatura.external._prefer_readability`, version 2.3.1) its own text is empty, or
readability's text is more than twice as long, or its own text has no paragraph text or
more tables than paragraphs (the recall-mode rules do not apply to balanced mode).

Readability returns a part of the page it is given, after dropping script, style and
fencedframe elements, plus the word "VIDEO" in each video iframe it keeps; trafilatura
measures both texts with whitespace collapsed. So when trafilatura's own text is not
empty, has paragraph text, no more tables than paragraphs, and is at least half as long
as that whole page text, readability cannot win. It is then handed an empty page instead
(it returns no text, and trafilatura keeps its own); the jusText check that follows in
`compare_extraction` runs unchanged on trafilatura's own text, as it would have.

Measured on the 990 pages of the extraction benchmark: readability skipped on 505 of
1055 comparisons, text, title and every other field identical on all pages, the
trafilatura call 1.0 ms/page cheaper (12.3 -> 11.3 ms, process time, one process).

This wraps a trafilatura internal (`trafilatura.core.compare_extraction`), so it is
installed only for the version whose rules it restates, and the wrapper acts only inside
`readability_shortcut()` (our `run_trafilatura`): other callers of trafilatura in the
same process, such as the benchmark's plain-trafilatura column, get trafilatura as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import trafilatura
import trafilatura.core as trafilatura_core
from lxml.html import HtmlElement, document_fromstring
from trafilatura.settings import Extractor
from trafilatura.utils import trim

VERIFIED_TRAFILATURA_VERSION = "2.3.1"
# readability writes "VIDEO" into each video iframe it keeps (one word, one space)
_VIDEO_MARK_CHARS = len(" VIDEO")

_active: ContextVar[bool] = ContextVar("newscrawl_readability_shortcut", default=False)
_original_compare: Callable[..., Any] = trafilatura_core.compare_extraction


def readability_cannot_win(
    raw_tree: HtmlElement, body: HtmlElement, text: str, options: Extractor
) -> bool:
    """Can readability's text not replace trafilatura's own `text` on this page?

    Drops script/style/fencedframe from `raw_tree`, as readability does first: the tree is
    the copy trafilatura made for readability alone.
    """
    if options.focus != "balanced" or not text:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    for element in list(raw_tree.iter("script", "style", "fencedframe")):
        element.drop_tree()
    page_chars = len(trim(raw_tree.text_content()))
    page_chars += _VIDEO_MARK_CHARS * sum(1 for _ in raw_tree.iter("iframe"))
    return page_chars <= 2 * len(text)


def _compare_extraction(
    cleaned_tree: HtmlElement, raw_tree: HtmlElement, body: Any, text: str, options: Extractor
) -> Any:
    if _active.get() and readability_cannot_win(raw_tree, body, text, options):
        raw_tree = document_fromstring("<html><body></body></html>")
    return _original_compare(cleaned_tree, raw_tree, body, text, options)


def install() -> bool:
    """Wrap trafilatura's comparison step, for the verified trafilatura version only."""
    if trafilatura.__version__ != VERIFIED_TRAFILATURA_VERSION:
        return False
    if trafilatura_core.compare_extraction is _compare_extraction:
        return True
    if trafilatura_core.compare_extraction is not _original_compare:
        return False  # someone else wrapped it: leave it alone
    trafilatura_core.compare_extraction = _compare_extraction
    return True


INSTALLED = install()


@contextmanager
def readability_shortcut() -> Iterator[None]:
    """Let trafilatura calls inside this block skip readability where it cannot win."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
