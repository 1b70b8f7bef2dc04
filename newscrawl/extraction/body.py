"""The main text: trafilatura on the already-parsed tree, checked against JSON-LD articleBody.

trafilatura works on its own copy of the tree, so the parsed page stays intact for the
metadata steps. Output paragraphs (and subheadings) are joined with blank lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Extractor

from .boilerplate import drop_boilerplate_lines
from .comparison_gate import GatedExtractor
from .hydration import MIN_BODY_CHARS, hydrated_text
from .options import ExtractionOptions
from .structured import PageMetadata
from .title_site import fold

#: Runs of spaces, tabs and no-break spaces to collapse into one space. A run that is a
#: single space already is left alone (the same result as replacing every run, with
#: one replacement less per word of the text).
_WS = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")

# blocks that are never article text on news pages; matched on class/id words so that
# "share" does not hit "shared-content" and "ad" does not hit "header"
_BOILERPLATE_WORDS = (
    "share",
    "sharing",
    "social",
    "socials",
    "share-bar",
    "sharebar",
    "social-share",
    "newsletter",
    "related",
    "related-articles",
    "recommendations",
    "recommended",
    "mehr-zum-thema",
    "weitere-artikel",
    "read-more",
    "readmore",
    "more-articles",
    "cookie",
    "cookies",
    "consent",
    "cookie-banner",
    "subscribe",
    "subscription-box",
    "paywall-teaser",
    "promo",
    "advert",
    "advertisement",
    "ad-slot",
    "ad-container",
    "breadcrumb",
    "breadcrumbs",
    "photo-credit",
    "image-credit",
    "copyright",
    "credits",
)


def _word_test(word: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {word} ') or @id='{word}'"


BOILERPLATE_XPATH = (
    "//*[not(self::body) and not(self::html) and not(self::article) and ("
    + " or ".join(_word_test(w) for w in _BOILERPLATE_WORDS)
    + ")]"
)


# the outermost <article> elements that hold an <h1>, in document order
_HEADED_ARTICLES = "(//article[.//h1][not(ancestor::article)])"


def other_articles_xpath(headlines: list[HtmlElement], title: str | None) -> str | None:
    """An XPath of the other stories on the page: the outermost <article> elements with an
    <h1> of their own besides the one whose <h1> is the page's headline (the next story
    an infinite-scroll page appends, teaser cards marked up as articles). None when the
    headline is in no <article> or no other such article is among the headlines seen
    (``title.headline_elements``: no extra walk over the tree)."""
    if not title:
        return None
    target = fold(title)
    tops: list[HtmlElement] = []
    main = None
    for headline in headlines:
        if headline.tag != "h1":
            continue
        top = None
        for ancestor in headline.iterancestors("article"):
            top = ancestor
        if top is None:
            continue
        if top not in tops:
            tops.append(top)
        if main is None and target and target in fold(headline.text_content()):
            main = top
    if main is None or len(tops) < 2:
        return None
    return f"{_HEADED_ARTICLES}[position() != {tops.index(main) + 1}]"


@lru_cache(maxsize=32)
def trafilatura_options(
    precision: bool, recall: bool, tables: bool, fallbacks: bool, gated: bool = False
) -> Extractor:
    """``gated``: the readability/jusText comparison only where it could change the text
    (comparison_gate.py)."""
    kind = GatedExtractor if gated else Extractor
    return kind(
        output_format="python",
        fast=not fallbacks,
        precision=precision,
        recall=recall,
        comments=False,
        tables=tables,
        formatting=False,
        links=False,
        images=False,
        dedup=False,
        with_metadata=False,
    )


def run_trafilatura(
    tree: HtmlElement,
    url: str,
    options: ExtractionOptions,
    *,
    precision: bool | None = None,
    declared_chars: int = 0,
    extra_prune: tuple[str, ...] = (),
) -> str:
    """trafilatura's main text of the tree. ``declared_chars``: the length of the page's
    JSON-LD articleBody (0: none), a measure of the whole text for the fallback gate
    (``ExtractionOptions.fallback_min_chars``). ``extra_prune``: XPaths of elements that
    are no part of this page's article (``other_articles_xpath``)."""
    # without a declared body no text passes the gate: the fast pass would be wasted
    if options.fallbacks and options.fallback_min_chars and declared_chars:
        fast = _trafilatura_text(tree, url, options, precision, extra_prune, fallbacks=False)
        if looks_complete(fast, options.fallback_min_chars, declared_chars):
            return fast
    return _trafilatura_text(
        tree, url, options, precision, extra_prune, fallbacks=options.fallbacks
    )


#: Share of the JSON-LD articleBody a text without the fallbacks must reach to be kept.
DECLARED_SHARE = 0.8


def looks_complete(text: str, min_chars: int, declared_chars: int = 0) -> bool:
    """Whether trafilatura's text without its fallbacks needs no second look: long, in
    paragraphs, and about as long as the article body the page declares in JSON-LD.
    Without a declared body there is no measure of the whole: a long text can still be
    the wrong block (a teaser list) where readability finds the article, twice as long
    (measured: such a page went from recall 1.0 to 0.03 with a length-only gate)."""
    if len(text) < min_chars or text.count("\n\n") < 1:
        return False
    return declared_chars > 0 and len(text) >= DECLARED_SHARE * declared_chars


def _trafilatura_text(
    tree: HtmlElement, url: str, options: ExtractionOptions, precision: bool | None,
    extra_prune: tuple[str, ...], *, fallbacks: bool,
) -> str:
    extractor = trafilatura_options(
        options.favor_precision if precision is None else precision,
        options.favor_recall and not precision,
        options.include_tables,
        fallbacks,
        options.comparison_gate,
    )
    prune = [*extra_prune, BOILERPLATE_XPATH] if options.prune_boilerplate else list(extra_prune)
    document = bare_extraction(tree, url=url, options=extractor, prune_xpath=prune or None)
    if document is None or isinstance(document, dict):
        return ""
    return to_paragraphs(document.text or "", drop_boilerplate=options.drop_boilerplate_lines)


def to_paragraphs(text: str, *, drop_boilerplate: bool = False) -> str:
    lines = [line for line in (_WS.sub(" ", raw).strip() for raw in text.splitlines()) if line]
    if drop_boilerplate:
        lines = drop_boilerplate_lines(lines)
    return "\n\n".join(lines)


def json_ld_body(page: PageMetadata) -> str:
    body = page.article_value("articleBody")
    if isinstance(body, list):
        body = "\n".join(b for b in body if isinstance(b, str))
    if not isinstance(body, str):
        return ""
    if "<" in body and ">" in body:  # some sites put HTML in articleBody
        body = re.sub(r"<(?:p|br|h\d|li)\b[^>]*>", "\n", body, flags=re.IGNORECASE)
        body = re.sub(r"<[^>]+>", "", body)
    return to_paragraphs(body)


def prefers_json_ld_body(html_text: str, ld_body: str) -> bool:
    """JSON-LD articleBody is a candidate when it is long and the HTML extraction came out
    much shorter (script-rendered pages); the caller checks it is visible on the page."""
    return len(ld_body) >= 400 and len(html_text) < 0.6 * len(ld_body)


AGREEMENT_MIN_CHARS = 100


def keep_confirmed(text: str, strict_text: str) -> str:
    """Drop short paragraphs of the main pass that the precision pass did not keep: short
    unconfirmed lines are mostly furniture (captions, teasers, widgets)."""
    if not strict_text:
        return text
    confirmed = set(strict_text.split("\n\n"))
    kept = [p for p in text.split("\n\n") if p in confirmed or len(p) >= AGREEMENT_MIN_CHARS]
    return "\n\n".join(kept)


#: An HTML pass shorter than this found no article: the page may render it from a
#: framework's hydration payload (hydration.py).
HYDRATION_GATE_CHARS = 200


def hydrated_body(page: PageMetadata, ld_body: str) -> str:
    """The article of a page whose HTML pass found (almost) nothing: JSON-LD articleBody,
    else the text of a hydration payload that matches the declared headline or
    description (Next.js, Nuxt and other script-rendered pages)."""
    if len(ld_body) >= MIN_BODY_CHARS:
        return ld_body
    declared = [
        page.article_value("headline"),
        page.first_meta("og:title", "twitter:title"),
        page.title_tag,
        page.article_value("description"),
        page.first_meta("og:description", "description", "twitter:description"),
    ]
    text = hydrated_text(page.payload_scripts, [d for d in declared if isinstance(d, str)])
    return to_paragraphs(text, drop_boilerplate=True)
