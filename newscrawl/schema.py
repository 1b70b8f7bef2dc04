"""Document schema v3 of the ``articles`` collection, and the ids that key it.

This module is the one definition of what a stored article looks like: each
:class:`Field` names its type, whether it may be null, and what it holds.
Everything else derives from it: the Arrow schema of Parquet exports
(:mod:`newscrawl.export.arrow`), the JSON encoding of records (one date form,
:func:`iso_utc`), the items the crawl pipelines emit to Scrapy's feed exports
(:func:`to_record`), the migrations v1 -> v2 -> v3 (:mod:`newscrawl.store.migrate`)
and the field table in docs/schema.md (:func:`markdown_table`, checked by a
test). Pipelines build up an item dict; :func:`to_document` keeps exactly the
schema fields, so transient keys (the raw page under ``_page``) never reach
the database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEMA_VERSION = 3

#: Field types. ``timestamp``: a UTC instant (BSON date, ISO 8601 ``Z`` text in
#: JSON and CSV, ``timestamp[ms, UTC]`` in Parquet); ``strings``: a list of
#: strings (empty when there is nothing; null only where the field is nullable
#: and the value is not known); ``object``: a nested
#: record whose members ``Field.members`` types.
STRING, INT, TIMESTAMP, STRINGS, INTS, OBJECT = (
    "string", "int", "timestamp", "strings", "ints", "object")
TYPES = (STRING, INT, TIMESTAMP, STRINGS, INTS, OBJECT)

#: ``access`` values: a page that declares the article not free to read
#: (schema.org ``isAccessibleForFree: false``) is ``paywalled``; any other is ``free``.
ACCESS_FREE, ACCESS_PAYWALLED = "free", "paywalled"


@dataclass(frozen=True)
class Field:
    """One field of the schema: its name, type, nullability and meaning."""

    name: str
    type: str
    nullable: bool
    description: str
    members: tuple[Field, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"field {self.name!r}: unknown type {self.type!r}")

    @property
    def type_label(self) -> str:
        """The type as the docs table shows it: ``string/null``, ``[string]``, ``date``."""
        label = {STRING: "string", INT: "int", TIMESTAMP: "date (UTC)", STRINGS: "[string]",
                 INTS: "[int]", OBJECT: "object"}[self.type]
        return f"{label}/null" if self.nullable else label


def _f(name: str, type_: str, nullable: bool, description: str, *members: Field) -> Field:
    return Field(name, type_, nullable, description, tuple(members))


#: The schema, in the order of documents and export columns.
SCHEMA: tuple[Field, ...] = (
    _f("_id", STRING, False, "sha1 hex of the canonical URL; a re-crawl replaces, never "
       "duplicates"),
    _f("url", STRING, False, "canonical article URL (after redirects; tracking parameters "
       "and fragment removed)"),
    _f("source", STRING, True, "registry name of the source"),
    _f("domain", STRING, True, "host name of the URL, without `www.`"),
    _f("kicker", STRING, True, "kicker/topline the page sets before the headline (\"Nach "
       "Gaetz-Rückzug\"), kept apart from `title`; `f\"{kicker}: {title}\"` rebuilds the "
       "joined form (null: none found)"),
    _f("title", STRING, True, "headline without site-name suffix (and without the kicker)"),
    _f("lead", STRING, True, "a standfirst the page shows apart from the body (not repeated "
       "in `text`), or a teaser only the page's metadata holds; a first body paragraph stays "
       "in `text`"),
    _f("text", STRING, True, "main text; paragraphs (and subheadings) separated by blank "
       "lines; headline and credit line removed; every text field is Unicode NFC without soft "
       "hyphens or zero-width characters. For a paywalled article, what the page shows (often "
       "only the teaser)"),
    _f("language", STRING, True,
       "ISO 639-1 code, declared by the page or detected (a detected language without one, "
       "such as Egyptian Arabic, by its ISO 639-3 code, `arz`); null when undeclared and the text "
       "has no language (fewer than 20 letters)"),
    _f("access", STRING, True, "`free`, or `paywalled` when the page declares the article "
       "not free to read (schema.org `isAccessibleForFree: false`; the page may still carry "
       "the whole text); null: not known (documents migrated from v1, normalised corpora)"),
    _f("authors", STRINGS, False, "people only; agencies are in `agencies`"),
    _f("byline", STRINGS, True, "the names the page credits for the article, in page order, "
       "as written: people, agencies, outlets, desks (`['Adam Vidler', 'AP']`, `['DER "
       "SPIEGEL']`); without prefixes (\"By\", \"Von\"), roles, dates, e-mails or photo "
       "credits; with no name in a byline, the agencies its credit line or dateline credits "
       "(`['APA', 'AFP', 'dpa', 'Reuters']`, as codes); `[]`: the page credits no one; "
       "null: not known (documents migrated from "
       "v2 or older: it needs the page, `newscrawl reextract` fills it)"),
    _f("published", TIMESTAMP, True, "publication time; for month precision the first "
       "instant of the month (UTC)"),
    _f("published_precision", STRING, True, "`year`, `month`, `day`, `minute` or `second`"),
    _f("published_raw", STRING, True, "the raw value the publication time was read from"),
    _f("published_source", STRING, True, "the winning candidate: `jsonld`, `meta:…`, `time`, "
       "`feed`, `sitemap`, `url`, `byline`, `htmldate`, `corpus`"),
    _f("published_offset", STRING, True, "UTC offset the raw value carried, e.g. `+02:00`"),
    _f("published_timezone", STRING, True, "outlet zone used for a local time without offset"),
    _f("published_local_date", STRING, True, "the publication day in the outlet's zone, "
       "`YYYY-MM-DD` (what readers saw)"),
    _f("modified", TIMESTAMP, True, "last modification time"),
    _f("modified_precision", STRING, True, "precision of `modified`"),
    _f("modified_raw", STRING, True, "the raw value `modified` was read from"),
    _f("modified_source", STRING, True, "which candidate `modified` came from"),
    _f("date_flags", STRINGS, False, "doubts about the dates, e.g. `modified_before_published`"),
    _f("agencies", STRINGS, False, "canonical agency codes in credit order, e.g. "
       "`['APA', 'AFP', 'dpa', 'Reuters']`"),
    _f("credit", STRING, True, "the raw credit line, e.g. `(APA/AFP/dpa/Reuters)`"),
    _f("dateline", OBJECT, True, "the dateline the text opens with",
       _f("places", STRINGS, False, "places named, e.g. `['Washington', 'Moskau']`"),
       _f("raw", STRING, True, "the dateline as written"),
       _f("agency", STRING, True, "agency code in the dateline"),
       _f("span", INTS, False, "`[start, end]` character offsets in the text")),
    _f("fetched_at", TIMESTAMP, True, "time of the fetch this version came from"),
    _f("first_seen", TIMESTAMP, True, "time of the first fetch of the URL"),
    _f("last_seen", TIMESTAMP, True, "time of the latest fetch or 304 re-check of the URL"),
    _f("fetch_count", INT, True, "fetches of the URL the archive recorded (all in `fetches`)"),
    _f("version", INT, True, "`1` for the first content; +1 each time it changed (earlier "
       "ones in `article_versions`)"),
    _f("http_etag", STRING, True, "ETag of the fetch of this version, sent back on re-checks"),
    _f("http_last_modified", STRING, True, "Last-Modified header of that fetch"),
    _f("cluster_id", STRING, True, "near-duplicate cluster: syndicated copies of one wire "
       "story share it"),
    _f("content_hash", STRING, False, "sha256 of title and text; changes when the article "
       "changes"),
    _f("extractor", OBJECT, True, "the extraction code",
       _f("name", STRING, True, "extractor name"),
       _f("version", STRING, True, "its version")),
    _f("schema_version", INT, False, f"layout of the document: `{SCHEMA_VERSION}`"),
)

#: Field name -> its definition, in schema order.
FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in SCHEMA}
#: Field name -> what it holds (the schema's descriptions, in order).
FIELDS: dict[str, str] = {f.name: f.description for f in SCHEMA}
#: Fields schema v2 added to v1 (null until known).
ADDED_IN_V2 = ("kicker", "access")
#: Fields schema v3 added to v2 (null until known).
ADDED_IN_V3 = ("byline",)

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
    """The stored document for an item: schema fields only, missing ones null
    (lists empty, a nullable list null: not known)."""
    doc = {f.name: item.get(f.name) for f in SCHEMA}
    for field in SCHEMA:
        if field.type in (STRINGS, INTS) and not (field.nullable and doc[field.name] is None):
            doc[field.name] = list(doc[field.name] or [])
    if doc["_id"] is None and doc["url"]:
        doc["_id"] = document_id(doc["url"])
    if doc["content_hash"] is None:
        doc["content_hash"] = content_hash(doc["title"], doc["text"])
    doc["schema_version"] = SCHEMA_VERSION
    return doc


# -- one encoding of values -----------------------------------------------------------------

class SchemaValueError(ValueError):
    """A value that cannot be read as its field's type; the message names both."""


def iso_utc(value: datetime) -> str:
    """``2017-05-02T08:00:00.000Z``: the one text form of a date in JSON and CSV.
    Always milliseconds (what a BSON date holds), always UTC with ``Z``, so a
    column never mixes forms and ``pd.to_datetime`` / polars / Arrow read it as
    aware UTC. A naive datetime is taken as UTC (the archive stores no other)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_timestamp(value: datetime | str) -> datetime:
    """An aware UTC datetime from a datetime or ISO 8601 text (``Z`` or an
    offset; without one, UTC). Text is accepted because records travel as
    JSON, and because nx-27017 turns a ``$set`` date into a string."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise SchemaValueError(f"{value!r} is not an ISO 8601 date") from None
    else:
        raise SchemaValueError(f"{value!r} is not a date")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def typed_value(field: Field, value: Any) -> Any:
    """``value`` as ``field``'s type holds it in a document: dates as aware UTC
    datetimes, ints as int, lists as lists, objects with typed members (extra
    members kept). None stays None (empty list for list fields). Raises
    SchemaValueError naming the field when the value cannot be read."""
    if value is None:
        return [] if field.type in (STRINGS, INTS) and not field.nullable else None
    try:
        return _typed(field, value)
    except SchemaValueError as exc:
        raise SchemaValueError(f"field {field.name!r}: {exc}") from None


def _typed(field: Field, value: Any) -> Any:
    if field.type == TIMESTAMP:
        return parse_timestamp(value)
    if field.type == INT:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise SchemaValueError(f"{value!r} is not an integer")
        try:
            number = int(value) if not isinstance(value, float) or value.is_integer() else None
        except ValueError:
            number = None
        if number is None:
            raise SchemaValueError(f"{value!r} is not an integer")
        return number
    if field.type in (STRINGS, INTS):
        if not isinstance(value, list | tuple):
            raise SchemaValueError(f"{value!r} is not a list")
        member = Field(field.name, INT if field.type == INTS else STRING, True, "")
        return [typed_value(member, v) for v in value]
    if field.type == OBJECT:
        if not isinstance(value, Mapping):
            raise SchemaValueError(f"{value!r} is not an object")
        out = {str(k): v for k, v in value.items()}
        for member in field.members:
            out[member.name] = typed_value(member, value.get(member.name))
        return out
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(json_value(value), ensure_ascii=False)
    return str(json_value(value))


def json_value(value: Any) -> Any:
    """Any value as JSON holds it: datetimes as :func:`iso_utc` text, other
    non-JSON values (ObjectId, bytes, Decimal128) as text."""
    # the common cases first, by exact type: ``isinstance(value, Mapping)`` is an
    # ABC check, and the crawl makes a record of every article (38 fields)
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if kind is list:
        return [json_value(v) for v in value]
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def to_record(doc: Mapping[str, Any], fields: list[str] | None = None) -> dict[str, Any]:
    """The JSON-safe record of a document: the schema's fields (or ``fields``)
    in schema order, each typed as the schema says, dates as ISO 8601 UTC text.
    What exports write and what the crawl pipelines hand to Scrapy's feed
    exports."""
    names = fields if fields is not None else [f.name for f in SCHEMA]
    return {name: json_value(typed_value(FIELD_BY_NAME[name], doc.get(name))
                             if name in FIELD_BY_NAME else doc.get(name))
            for name in names}


def from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A document from a record (the inverse of :func:`to_record`): schema
    fields typed (dates back to datetimes), other keys kept as they are."""
    doc = dict(record)
    for field in SCHEMA:
        if field.name in doc:
            doc[field.name] = typed_value(field, doc[field.name])
    return doc


# -- documentation ---------------------------------------------------------------------------

def markdown_table() -> str:
    """The schema as the Markdown table of docs/schema.md (a test keeps them equal)."""
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    for field in SCHEMA:
        meaning = field.description
        if field.members:
            meaning += ": " + "; ".join(f"`{m.name}` {m.description}" for m in field.members)
        rows.append(f"| `{field.name}` | {field.type_label} | {meaning} |")
    return "\n".join(rows) + "\n"

