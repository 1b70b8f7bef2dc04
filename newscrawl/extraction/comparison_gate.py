"""trafilatura's readability/jusText comparison only on pages where it could change the text.

In its default mode trafilatura (2.3.1) runs its own extractor and then, on every page,
``compare_extraction``: readability-lxml on a fresh copy of the page, and jusText when its
own text is short or holds unclean elements; it keeps its own text unless one of a few
rules prefers the other. The comparison costs about a tenth of ``extract_article`` and
changes the text of 57 of the 1185 comparisons the two quality sets make
(docs/extraction.md, "Extraction CPU against trafilatura.extract").

The gate skips it where it provably returns trafilatura's own text unchanged, read off
trafilatura 2.3.1's ``compare_extraction`` and ``_prefer_readability``: balanced focus
(recall mode adds looser preferences; precision mode prunes readability's input first), own text at least ``min_extracted_size`` long
and free of the elements of ``SANITIZED_XPATH`` (otherwise jusText runs), paragraph text and
no more tables than paragraphs in the own body (otherwise a long readability text wins),
and own text at least half of the page's text: readability returns a part of the page, so
its text can never be more than twice as long as ours, the one rule left that prefers it.

Why a wrapper around a module global of ``trafilatura.core``: ``_extract_and_compare`` calls
the comparison right after the main extractor and gates it only on ``Extractor.fast``, which
also changes the main extractor (teasers) and the recall retry; ``bare_extraction`` offers
no hook in between, and calling trafilatura's functions in our own order would restate its
whole ``trafilatura_sequence`` (comment pruning, tree preparation, baseline rescue, recall
escalation). The wrapper acts only for ``GatedExtractor`` options; every other caller of
trafilatura in the process (plain ``trafilatura.extract`` in the benches) gets the original
comparison. It is installed only on the pinned version, whose rules the gate restates;
on any other version the comparison always runs (``GATE_ACTIVE`` False, logged once).
"""

from __future__ import annotations

import logging
from typing import Any

import trafilatura
from lxml.etree import strip_elements, tostring
from trafilatura import core as trafilatura_core
from trafilatura import external
from trafilatura.settings import Extractor

LOGGER = logging.getLogger(__name__)

#: The trafilatura version whose comparison rules ``comparison_cannot_change`` restates.
PINNED_VERSION = "2.3.1"

#: What readability drops from its copy of the page before anything else.
READABILITY_DROPS = ("script", "style", "fencedframe")


class GatedExtractor(Extractor):
    """trafilatura options whose comparison runs only where it could change the text."""


def comparison_cannot_change(raw_tree: Any, body: Any, text: str, options: Extractor) -> bool:
    """Whether trafilatura 2.3.1's ``compare_extraction`` would return ``body, text``
    unchanged (see the module docstring for the rules)."""
    if options.focus != "balanced" or len(text) < options.min_extracted_size:
        return False
    if body.xpath(external.SANITIZED_XPATH):
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    # readability's text is a part of this text, trimmed as trafilatura trims. The drop is
    # readability's own first step on its own copy of the page (drop_tree and strip_elements
    # both keep the tails); done here it saves a copy, 0.5 ms a page, and changes nothing
    # for readability when the comparison runs after all.
    strip_elements(raw_tree, *READABILITY_DROPS, with_tail=False)
    # the length of the words joined by single spaces, without joining them
    words = tostring(raw_tree, method="text", encoding=str).split()
    page_chars = sum(map(len, words)) + len(words) - 1 if words else 0
    return 2 * len(text) >= page_chars


def gated_compare_extraction(
    cleaned_tree: Any, raw_tree: Any, body: Any, text: str, options: Extractor
) -> tuple[Any, str]:
    """``compare_extraction``, skipped for ``GatedExtractor`` options where it cannot change
    the text."""
    if isinstance(options, GatedExtractor) and comparison_cannot_change(raw_tree, body, text, options):
        return body, text
    return external.compare_extraction(cleaned_tree, raw_tree, body, text, options)


def install() -> bool:
    """Put the gated comparison in trafilatura's pipeline (pinned version only); whether it
    is active. Idempotent."""
    current = trafilatura_core.compare_extraction
    if current is gated_compare_extraction:
        return True
    if trafilatura.__version__ != PINNED_VERSION or current is not external.compare_extraction:
        LOGGER.warning(
            "trafilatura %s (gate written for %s): its readability/jusText comparison runs on "
            "every page", trafilatura.__version__, PINNED_VERSION,
        )
        return False
    trafilatura_core.compare_extraction = gated_compare_extraction
    return True


GATE_ACTIVE = install()
