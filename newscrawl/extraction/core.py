"""extract_article: one page in, one ExtractedArticle out (or NotAnArticle).

Order of work: size check, decoding, one parse, page metadata, headline and kicker, body
text (trafilatura on that tree) without the headline, lead and body apart, page-type
check, then the fields drawn from metadata and text, each in its visible form (NFC, no
soft hyphens or zero-width characters: see invisible.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from .. import __version__
from ..dates.scan import PageScan, scan_page
from ..schema import ACCESS_FREE, ACCESS_PAYWALLED
from . import body, page_fields
from .article import ExtractedArticle, NotAnArticle
from .authors import collect_credits
from .bylines import is_byline_candidate
from .decoding import decode_html, looks_binary
from .invisible import visible_form, visible_forms
from .kicker import find_kicker
from .language import declared_language, detect_language
from .options import ExtractionOptions
from .page_fields import VisibleLead
from .page_type import check_page_type, declares_paywall
from .structured import PageMetadata, read_page_metadata
from .title import choose_title, fold, headline_elements
from .tree import parse_html

EXTRACTOR_NAME = "newscrawl+trafilatura"
EXTRACTOR_VERSION = f"{__version__}+{trafilatura.__version__}"
DEFAULT_OPTIONS = ExtractionOptions()
# a headline and a kicker: at most two paragraphs of the body are headline
MAX_HEADLINE_PARAGRAPHS = 2


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

    site = page_fields.site_name(page, url)
    headlines = headline_elements(tree)
    title = choose_title(tree, page, url, site, headlines)
    kicker = find_kicker(headlines, page, url, site, title)
    others = body.other_articles_xpath(headlines, title)
    body_text = without_headline(
        extract_text(tree, page, url, options, (others,) if others else ()), title, kicker
    )
    lead = split_lead(tree, page, page_fields.visible_lead(tree), body_text, options)
    if lead.text and title and fold(lead.text) == fold(title):
        lead = LeadSplit(None, False, lead.body)
    full_text = f"{lead.text}\n\n{lead.body}" if lead.shown else lead.body
    if options.detect_non_articles:
        check_page_type(tree, page, url, full_text, keep_paywalled=options.keep_paywalled)
    declared_paywall = declares_paywall(page)
    # a paywalled article is kept with whatever teaser it shows (issue #14, item 6)
    kept_teaser = options.keep_paywalled and declared_paywall
    if not full_text and not kept_teaser:
        raise NotAnArticle("no_text", f"no main text found on {url}")
    if len(full_text) < options.min_text_chars and not kept_teaser:
        raise NotAnArticle(
            "too_short",
            f"{len(full_text)} characters < min_text_chars {options.min_text_chars} on {url}",
        )
    language = declared_language(page)
    if language is None and options.detect_language:
        language = detect_language(full_text)
    # one walk of the page for the byline candidates and the date collectors' elements
    scan = scan_page(tree, select=is_byline_candidate)
    credits = collect_credits(tree, page, site, scan.selected)
    return ExtractedArticle(
        title=visible_form(title) if title else None,
        kicker=visible_form(kicker) if kicker else None,
        text=visible_form(lead.body),
        lead=visible_form(lead.text) if lead.text else None,
        lead_shown=lead.shown,
        authors=visible_forms(credits.authors),
        credit_names=visible_forms(credits.credit_names),
        byline=visible_forms(credits.byline),
        language=language,
        site_name=site,
        canonical_url=page_fields.canonical_url(page, url),
        categories=page_fields.categories(page),
        keywords=page_fields.keywords(page),
        image=page_fields.image_url(page, url),
        date_candidates=collect_dates(text, url, tree, scan),
        page_type="article",
        extractor={"name": EXTRACTOR_NAME, "version": EXTRACTOR_VERSION},
        access=ACCESS_PAYWALLED if declared_paywall else ACCESS_FREE,
    )


def extract_text(
    tree: HtmlElement, page: PageMetadata, url: str, options: ExtractionOptions,
    prune: tuple[str, ...] = (),
) -> str:
    """The body as the main-text pass finds it (trafilatura, else JSON-LD articleBody);
    `prune`: XPaths of elements that are no part of the article (other stories)."""
    ld_body = body.json_ld_body(page) if options.json_ld_body else ""
    html_text = body.run_trafilatura(
        tree, url, options, declared_chars=len(ld_body), extra_prune=prune
    )
    if options.agreement_pass and html_text and not options.favor_precision:
        strict = body.run_trafilatura(tree, url, options, precision=True, extra_prune=prune)
        html_text = body.keep_confirmed(html_text, strict)
    # articleBody only when the HTML pass came out much shorter and the body is on the page
    if body.prefers_json_ld_body(html_text, ld_body) and shows_text(tree, ld_body):
        html_text = ld_body
    elif len(html_text) < body.HYDRATION_GATE_CHARS:
        # no article in the HTML: a script-rendered page (hydration payload, articleBody)
        html_text = body.hydrated_body(page, ld_body) or html_text
    return html_text


def without_headline(text: str, title: str | None, kicker: str | None) -> str:
    """The body without the headline (and kicker) the main-text pass took for its first
    paragraphs: a headline inside <article> comes out as text, and it would hide the
    dateline ("Innsbruck (Reuters) –") that opens a wire story from the agency stage."""
    if not title:
        return text
    heads = {fold(title)}
    if kicker:
        heads |= {fold(kicker), fold(f"{kicker}: {title}"), fold(f"{kicker} {title}")}
    paragraphs = text.split("\n\n")
    start = 0
    while start < min(len(paragraphs) - 1, MAX_HEADLINE_PARAGRAPHS) and (
        fold(paragraphs[start]) in heads
    ):
        start += 1
    return "\n\n".join(paragraphs[start:]) if start else text


class LeadSplit(NamedTuple):
    """The stored `lead`, whether the page shows it apart from the body (`shown`: it is
    not repeated in `body`), and the body."""

    text: str | None
    shown: bool
    body: str


def split_lead(
    tree: HtmlElement,
    page: PageMetadata,
    visible: VisibleLead | None,
    text: str,
    options: ExtractionOptions,
) -> LeadSplit:
    """Lead and body. The lead is a standfirst the page sets apart from the body; the
    body's own first paragraph stays in the body even when a template styles it as the
    intro or the description repeats it (whole, or cut short by the CMS inside a word).

    In order: a standfirst element apart from the body is the lead, and leaves the body
    when the body opens with it as whole paragraphs; a lead-classed paragraph in the
    body's flow stays body text (put in front when the main-text pass missed it); a
    declared description the body opens with, or contains, is body text (no lead); one
    the page shows but the body lacks is the lead shown apart; one only in the page's
    metadata is a teaser (`lead`, not shown).
    """
    if visible and visible.apart:
        rest = without_opening(text, visible.text)
        if rest is not None:
            return _shown_apart(visible.text, rest, options)
        if _contains_opening(text, visible.text) or not options.prepend_lead or not text:
            return LeadSplit(visible.text, False, text)
        return _shown_apart(visible.text, text, options)
    if visible:
        if options.prepend_lead and text and not _contains_opening(text, visible.text):
            text = f"{visible.text}\n\n{text}"
        return LeadSplit(None, False, text)
    description = page_fields.declared_lead(page)
    if not description or _contains_opening(text, description):
        return LeadSplit(None, False, text)
    if (
        options.prepend_lead
        and text
        and len(description) >= 60
        and shows_text(tree, description)
    ):
        return _shown_apart(description, text, options)
    return LeadSplit(description, False, text)


def _shown_apart(lead: str, body_text: str, options: ExtractionOptions) -> LeadSplit:
    """A standfirst: stored once as `lead`, or (`lead_in_text`) also at the start of the
    body."""
    if options.lead_in_text:
        return LeadSplit(lead, False, f"{lead}\n\n{body_text}")
    return LeadSplit(lead, True, body_text)


def without_opening(text: str, opening: str) -> str | None:
    """`text` without the whole leading paragraphs that make up `opening`; None when
    `text` does not open with it paragraph by paragraph (never cut inside a paragraph)."""
    target = _normalised(opening)
    seen = ""
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:-1]):
        seen = f"{seen} {_normalised(paragraph)}".strip()
        if seen == target:
            return "\n\n".join(paragraphs[index + 1 :])
        if not target.startswith(seen):
            return None
    return None


def _contains_opening(text: str, lead: str) -> bool:
    return _normalised(lead[:80]) in _normalised(text)


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


def collect_dates(
    html: str, url: str, tree: HtmlElement | None = None, scan: PageScan | None = None
) -> list[Any]:
    collector = _date_collector()
    # the parsed tree is handed on: parsing the page again cost ~0.8 ms of a real page;
    # so is the page's scan (scan_page), made once for credits and dates
    return list(collector(html, url, tree=tree, scan=scan)) if collector else []


@lru_cache(maxsize=1)
def _date_collector() -> Callable[..., Any] | None:
    # newscrawl.dates owns date collection; extraction only hands its candidates on
    try:
        from newscrawl.dates.html import collect_date_candidates
    except ImportError:
        return None
    return collect_date_candidates
