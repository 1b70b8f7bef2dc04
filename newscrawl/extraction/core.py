"""extract_article: one page in, one ExtractedArticle out (or NotAnArticle).

Order of work: size check, decoding, one parse, page metadata, body text (trafilatura on
that tree), page-type check, then the fields drawn from metadata and text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from .. import __version__
from . import body, page_fields
from .article import ExtractedArticle, NotAnArticle
from .authors import collect_credits
from .decoding import decode_html, looks_binary
from .language import declared_language, detect_language
from .options import ExtractionOptions
from .page_type import check_page_type
from .structured import PageMetadata, read_page_metadata
from .title import choose_title, fold
from .tree import parse_html

EXTRACTOR_NAME = "newscrawl+trafilatura"
EXTRACTOR_VERSION = f"{__version__}+{trafilatura.__version__}"
DEFAULT_OPTIONS = ExtractionOptions()


def extract_article(
    html: str | bytes,
    url: str,
    *,
    options: ExtractionOptions | None = None,
    declared_encoding: str | None = None,
) -> ExtractedArticle:
    """Extract one news article from a page; raise NotAnArticle(reason) for anything else.

    `declared_encoding` is the charset of the HTTP Content-Type header, if any; it loses
    to a BOM, to bytes that are valid UTF-8, and to the page's <meta> charset when it
    produces mojibake.
    """
    options = options or DEFAULT_OPTIONS
    if not html:
        raise NotAnArticle("empty", f"no content for {url}")
    if len(html) > options.max_input_bytes:
        raise NotAnArticle(
            "too_large", f"{len(html)} bytes > max_input_bytes {options.max_input_bytes} for {url}"
        )
    if isinstance(html, bytes) and looks_binary(html):
        raise NotAnArticle("not_html", f"binary content served as a page: {url}")
    text, _ = decode_html(html, declared_encoding)
    tree = parse_html(
        text, max_depth=options.max_depth, max_text_node_chars=options.max_text_node_chars
    )
    page = read_page_metadata(tree)

    lead = page_fields.visible_lead(tree)
    main_text = extract_text(tree, page, url, options, lead)
    if options.detect_non_articles:
        check_page_type(tree, page, url, main_text)
    if not main_text:
        raise NotAnArticle("no_text", f"no main text found on {url}")
    if len(main_text) < options.min_text_chars:
        raise NotAnArticle(
            "too_short",
            f"{len(main_text)} characters < min_text_chars {options.min_text_chars} on {url}",
        )
    return build_article(tree, page, url, text, main_text, options, lead)


def extract_text(
    tree: HtmlElement,
    page: PageMetadata,
    url: str,
    options: ExtractionOptions,
    visible_lead: str | None,
) -> str:
    ld_body = body.json_ld_body(page) if options.json_ld_body else ""
    html_text = body.run_trafilatura(tree, url, options, declared_chars=len(ld_body))
    if options.agreement_pass and html_text and not options.favor_precision:
        strict = body.run_trafilatura(tree, url, options, precision=True)
        html_text = body.keep_confirmed(html_text, strict)
    # articleBody only when the HTML pass came out much shorter and the body is on the page
    if body.prefers_json_ld_body(html_text, ld_body) and shows_text(tree, ld_body):
        html_text = ld_body
    if options.prepend_lead and html_text:
        lead = missing_lead(tree, page, visible_lead, html_text)
        if lead:
            html_text = f"{lead}\n\n{html_text}"
    return html_text


def missing_lead(
    tree: HtmlElement, page: PageMetadata, visible_lead: str | None, html_text: str
) -> str | None:
    """The lead the page shows but the text lacks: the lead element, else the declared
    description when its words are visible on the page. The text is looked at first: the
    visibility probe reads every text node of the page (0.4 ms), and half of the texts
    already contain the lead."""
    lead = visible_lead or page_fields.declared_lead(page)
    if not lead or _normalised(lead[:80]) in _normalised(html_text):
        return None
    if visible_lead:
        return visible_lead
    return lead if len(lead) >= 60 and shows_text(tree, lead) else None


_TEXT_CONTAINING = etree.XPath(
    "//body//text()[contains(normalize-space(.), $probe)][not(ancestor::script or ancestor::style)]"
)


def shows_text(tree: HtmlElement, text: str) -> bool:
    """Does the page show this text (not only in meta tags or scripts)? Probed with its
    opening words, which sit in one text node even when the rest is marked up."""
    probe = " ".join(text.split()[:6])
    return bool(probe) and bool(_TEXT_CONTAINING(tree, probe=probe))


def _normalised(text: str) -> str:
    return " ".join(text.split())


def build_article(
    tree: HtmlElement,
    page: PageMetadata,
    url: str,
    html: str,
    main_text: str,
    options: ExtractionOptions,
    visible_lead: str | None,
) -> ExtractedArticle:
    site = page_fields.site_name(page, url)
    credits = collect_credits(tree, page, site)
    lead = visible_lead or page_fields.declared_lead(page)
    lead_shown = bool(lead) and main_text.startswith(lead)
    if lead_shown and not options.lead_in_text and main_text[len(lead) :].strip():
        main_text = main_text[len(lead) :].lstrip()
    language = declared_language(page)
    if language is None and options.detect_language:
        language = detect_language(main_text)
    title = choose_title(tree, page, url, site)
    if lead and title and fold(lead) == fold(title):
        lead, lead_shown = None, False
    return ExtractedArticle(
        title=title,
        text=main_text,
        lead=lead,
        lead_shown=lead_shown,
        authors=credits.authors,
        credit_names=credits.credit_names,
        language=language,
        site_name=site,
        canonical_url=page_fields.canonical_url(page, url),
        categories=page_fields.categories(page),
        keywords=page_fields.keywords(page),
        image=page_fields.image_url(page, url),
        date_candidates=collect_dates(html, url, tree),
        page_type="article",
        extractor={"name": EXTRACTOR_NAME, "version": EXTRACTOR_VERSION},
    )


def collect_dates(html: str, url: str, tree: HtmlElement | None = None) -> list[Any]:
    collector = _date_collector()
    # the parsed tree is handed on: parsing the page again cost ~0.8 ms of a real page
    return list(collector(html, url, tree=tree)) if collector else []


@lru_cache(maxsize=1)
def _date_collector() -> Callable[..., Any] | None:
    # newscrawl.dates owns date collection; extraction only hands its candidates on
    try:
        from newscrawl.dates.html import collect_date_candidates
    except ImportError:
        return None
    return collect_date_candidates
