"""What the extraction stage returns, and the exception for pages that are not articles."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: A paywalled page with less visible text than this shows only its teaser
#: (``paywall_stub``). Here, beside :class:`NotAnArticle`, rather than in
#: ``page_type``: the crawl process's validation stage reads it without loading
#: the extraction libraries (``page_type`` imports trafilatura through ``tree``).
PAYWALL_STUB_CHARS = 1200


class NotAnArticle(Exception):
    """The page is not a single article (or has no usable text).

    `reason` is a stable short name the pipeline counts drops by: "empty", "no_text",
    "too_short", "too_large", "too_deep", "listing_page", "gallery", "paywall_stub",
    "video_page", "not_html".
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass
class ExtractedArticle:
    """One article page, reduced to its text and the metadata the later stages need.

    `text` holds the main text, paragraphs (and subheadings, as paragraphs of their own)
    separated by a blank line, without the headline. `title` is the headline and `kicker`
    the topline a page sets before it, kept apart. `lead` is a standfirst the page shows
    apart from the body, not repeated at the start of `text` (so `text` opens with the
    dateline of a wire story), or a teaser only the page's metadata holds; a first body
    paragraph stays in `text`. `full_text` is what a reader sees, lead and body. Every
    text field is NFC without soft hyphens or zero-width characters. `authors` are
    people only; `credit_names` are the raw author/publisher/source strings the agency
    stage parses (they may name agencies such as "dpa/lno").
    """

    title: str | None
    text: str
    kicker: str | None = None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)
    #: The names the page credits for the article as written: people, agencies, outlets.
    byline: list[str] = field(default_factory=list)
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    image: str | None = None
    date_candidates: list[Any] = field(default_factory=list)
    page_type: str = "article"
    extractor: dict[str, str] = field(default_factory=dict)
    #: The page shows `lead` apart from the body, before it (it is not repeated in `text`).
    lead_shown: bool = False
    #: "paywalled" when the page declares the article not free to read, else "free".
    access: str = "free"

    @property
    def full_text(self) -> str:
        """Lead and body as the page shows them: the article's whole main text."""
        return f"{self.lead}\n\n{self.text}" if self.lead and self.lead_shown else self.text

    def as_fields(self) -> dict[str, Any]:
        """The fields as a dict (lists copied). Date candidates stay DateCandidate objects:
        the dates stage resolves them as they are."""
        return {
            f.name: (
                list(value)
                if isinstance(value, list)
                else dict(value)
                if isinstance(value, dict)
                else value
            )
            for f in fields(self)
            for value in [getattr(self, f.name)]
        }
