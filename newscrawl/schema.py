"""Document schema v1 of the ``articles`` collection, and the ids that key it.

This module is the one definition of what a stored article looks like; the
README's schema table documents the same fields for researchers. Pipelines
build up an item dict; :func:`to_document` keeps exactly the schema fields, so
transient keys (the raw page under ``_page``) never reach the database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEMA_VERSION = 1

#: Field name -> what it holds. Order is the order of documents in exports.
FIELDS: dict[str, str] = {
    "_id": "sha1 hex of the canonical URL",
    "url": "canonical article URL (after redirects, tracking parameters removed)",
    "source": "registry name of the source",
    "domain": "host name of the URL, without 'www.'",
    "title": "headline without site-name suffix",
    "kicker": "topline/kicker set before the headline, kept apart from `title` (or null)",
    "lead": "teaser/standfirst, kept apart from the body (or null)",
    "text": "main text; paragraphs separated by blank lines; credit line removed",
    "language": "ISO 639-1 code, declared by the page or detected",
    "authors": "list of people (agencies are in `agencies`)",
    "published": "publication time as a UTC date, or null",
    "published_precision": "year | month | day | minute | second",
    "published_raw": "the raw value the publication time was read from",
    "published_source": "which candidate won (jsonld, meta:..., feed, sitemap, url, ...)",
    "published_offset": "UTC offset the raw value carried, e.g. '+02:00', or null",
    "published_timezone": "outlet time zone used for a local time without offset, or null",
    "published_local_date": "publication day as the outlet's readers saw it, 'YYYY-MM-DD'",
    "modified": "last modification as a UTC date, or null",
    "modified_precision": "precision of `modified`",
    "modified_raw": "the raw value `modified` was read from",
    "modified_source": "which candidate `modified` came from",
    "date_flags": "doubts about the dates, e.g. ['modified_before_published']",
    "agencies": "canonical agency codes in credit order, e.g. ['APA', 'AFP', 'dpa', 'Reuters']",
    "credit": "the raw credit line, e.g. '(APA/AFP/dpa/Reuters)', or null",
    "dateline": "{places: [...], raw, agency, span: [start, end]} or null",
    "fetched_at": "UTC date of the fetch this version came from",
    "first_seen": "UTC date of the first fetch of this URL",
    "last_seen": "UTC date of the latest fetch (or 304 revalidation) of this URL",
    "fetch_count": "how many fetches of this URL the archive recorded",
    "version": "1 for the first content seen; +1 each time the content changed",
    "http_etag": "ETag header of the fetch of this version (for conditional re-checks), or null",
    "http_last_modified": "Last-Modified header of that fetch, or null",
    "cluster_id": "near-duplicate cluster (same wire story across outlets), or null",
    "content_hash": "sha256 of title and text; changes when the article changes",
    "extractor": "{name, version} of the extraction code",
    "schema_version": f"always {SCHEMA_VERSION} for this layout",
}

# Query parameters that identify a campaign, not a page.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ref|cmpid|wt_mc|at_[a-z_]+|xtor)$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The URL an article is archived under: lower-case scheme and host, no
    fragment, no default port, no tracking parameters, query sorted. Two links
    to the same article from a feed and a sitemap must map to one document."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def document_id(url: str) -> str:
    """Stable ``_id`` of an article: sha1 hex of its canonical URL."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()


def domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def content_hash(title: str | None, text: str | None) -> str:
    """sha256 over what a reader sees; a new value means a new version."""
    data = f"{title or ''}\n\n{text or ''}".encode()
    return hashlib.sha256(data).hexdigest()


def to_document(item: Mapping[str, Any]) -> dict[str, Any]:
    """The stored document for an item: schema fields only, missing ones null."""
    doc = {name: item.get(name) for name in FIELDS}
    doc["authors"] = list(doc["authors"] or [])
    doc["agencies"] = list(doc["agencies"] or [])
    doc["date_flags"] = list(doc["date_flags"] or [])
    if doc["_id"] is None and doc["url"]:
        doc["_id"] = document_id(doc["url"])
    if doc["content_hash"] is None:
        doc["content_hash"] = content_hash(doc["title"], doc["text"])
    doc["schema_version"] = SCHEMA_VERSION
    return doc
