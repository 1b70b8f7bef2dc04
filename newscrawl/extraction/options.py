"""All tunables of the extraction stage in one frozen object, with measured defaults.

The defaults were chosen on the 990-page benchmark (bench/extraction_quality.py); the
variants tried and their figures are in docs/extraction.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractionOptions:
    """How `extract_article` reads a page.

    Attributes:
        favor_precision: trafilatura's precision mode for the main pass (less text, less noise).
        favor_recall: trafilatura's recall mode for the main pass (more text, more noise).
        include_tables: keep the text of <table> elements in the main text.
        fallbacks: let trafilatura try its readability/jusText fallbacks when its own
            extraction looks poor (off = trafilatura's "fast" mode).
        fallback_min_chars: with ``fallbacks``, first run trafilatura without them and keep
            that text when it looks complete: at least this many characters in at least
            two paragraphs, and at least 80 % of the page's JSON-LD articleBody (a page
            without one always gets the fallbacks); otherwise run again with them. The fallbacks
            (readability, jusText) cost a fifth of extraction and change few such texts.
            0: always run with the fallbacks.
        comparison_gate: with ``fallbacks``, skip trafilatura's readability/jusText
            comparison on pages where it provably returns trafilatura's own text
            (comparison_gate.py): same text, a tenth less CPU. Off: it runs on every page.
        agreement_pass: run a second, precision-mode pass and drop paragraphs of the
            main pass that neither it nor the page's JSON-LD articleBody confirm, when
            the main pass looks padded with boilerplate.
        json_ld_body: use JSON-LD articleBody as the main text when it is long and
            consistent with the visible page but the HTML extraction came out short.
        prune_boilerplate: remove share bars, newsletter boxes, "related" blocks,
            photo credits, cookie banners and similar before extraction.
        drop_boilerplate_lines: drop "Lesen Sie auch", "Teilen mit", newsletter and similar
            furniture lines (and the teaser links after such a heading) from the main text.
        prepend_lead: when the main-text pass missed a lead the page shows, count it as
            shown: a standfirst set apart from the body becomes the shown `lead` (part of
            `full_text`), a lead-classed paragraph of the body is put at the start of
            `text`. Off: such leads are not added to what the article's text is.
        lead_in_text: keep a standfirst at the start of `text` too. Off: it is stored
            once, as `lead`, and `text` opens with the body (and its dateline);
            `full_text` joins them again.
        detect_non_articles: raise NotAnArticle for section fronts, tag pages and
            galleries (and paywalled stubs when `keep_paywalled` is off). The size and
            emptiness checks always apply.
        keep_paywalled: a page that declares the article not free (schema.org
            isAccessibleForFree false) is an article even when it shows only a teaser:
            `access` is "paywalled", and `min_text_chars` does not apply to it. Off: a
            paywalled page under 1,200 characters is dropped as "paywall_stub".
        min_text_chars: main text shorter than this raises NotAnArticle("too_short").
        max_input_bytes: larger inputs raise NotAnArticle("too_large") without parsing.
        max_depth: element nesting deeper than this is flattened before extraction
            (libxml2 silently stops parsing at 256 levels).
        max_text_node_chars: text nodes longer than this are dropped (libxml2 silently
            truncates the document at a 10 MB text node).
        detect_language: detect the language with py3langid when the page declares none.
    """

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    fallbacks: bool = True
    fallback_min_chars: int = 0
    comparison_gate: bool = True
    agreement_pass: bool = False
    json_ld_body: bool = True
    prune_boilerplate: bool = False
    drop_boilerplate_lines: bool = True
    prepend_lead: bool = True
    lead_in_text: bool = False
    detect_non_articles: bool = True
    keep_paywalled: bool = True
    min_text_chars: int = 80
    max_input_bytes: int = 20_000_000
    max_depth: int = 180
    max_text_node_chars: int = 1_000_000
    detect_language: bool = True

    def __post_init__(self) -> None:
        if self.favor_precision and self.favor_recall:
            raise ValueError(
                "ExtractionOptions: favor_precision and favor_recall exclude each other; "
                "set at most one of them"
            )
        for name in ("min_text_chars", "max_input_bytes", "max_depth", "max_text_node_chars",
                     "fallback_min_chars"):
            if getattr(self, name) < 0:
                raise ValueError(
                    f"ExtractionOptions.{name} must be >= 0, got {getattr(self, name)}"
                )
