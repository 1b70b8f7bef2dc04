"""Connecting to the archive: URI resolution, client options, indexes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pymongo import ASCENDING, DESCENDING, MongoClient, WriteConcern
from pymongo.database import Database

from newscrawl.settings import defaults
from newscrawl.settings.paths import data_dir
from newscrawl.store.embedded import EmbeddedServer

ARTICLES = "articles"
#: Earlier versions of articles whose content changed (see newscrawl.store.versions).
VERSIONS = "article_versions"
#: One record per fetch of an article URL: provenance of every version.
FETCHES = "fetches"
#: Raw response bodies (zstd), one per article version.
PAGES = "pages"
#: GridFS bucket of raw bodies too large to sit inside a ``pages`` document.
PAGE_BODIES = "page_bodies"
#: Requested URL id -> article id, for URLs that redirect to the archived one.
URL_ALIASES = "url_aliases"
#: Pages the pipelines dropped as no article, by the id their URL would have
#: as an article: reason and last sighting, for incremental crawling.
DROPPED_PAGES = "dropped_pages"
#: LSH bands of MinHash signatures -> near-duplicate clusters.
MINHASH_BANDS = "minhash_bands"
#: MinHash signature and cluster of each article.
MINHASH_SIGNATURES = "minhash_signatures"

#: Indexes created when a writer opens. Queries of the exporter, the stats and
#: incremental crawling use exactly these.
INDEXES: dict[str, list[tuple[list[tuple[str, int]], dict[str, Any]]]] = {
    ARTICLES: [
        ([("url", ASCENDING)], {"name": "url"}),
        ([("source", ASCENDING), ("published", DESCENDING)], {"name": "source_published"}),
        ([("published", DESCENDING)], {"name": "published"}),
        ([("agencies", ASCENDING)], {"name": "agencies"}),
        ([("language", ASCENDING)], {"name": "language"}),
        ([("content_hash", ASCENDING)], {"name": "content_hash"}),
        ([("cluster_id", ASCENDING)], {"name": "cluster_id"}),
    ],
    VERSIONS: [([("url_id", ASCENDING), ("version", ASCENDING)], {"name": "url_id_version"})],
    FETCHES: [
        ([("url_id", ASCENDING), ("fetched_at", DESCENDING)], {"name": "url_id_fetched_at"}),
        ([("run_id", ASCENDING)], {"name": "run_id"}),
    ],
    PAGES: [
        ([("url_id", ASCENDING), ("fetched_at", DESCENDING)], {"name": "url_id_fetched_at"}),
        ([("source", ASCENDING), ("fetched_at", DESCENDING)], {"name": "source_fetched_at"}),
    ],
    MINHASH_SIGNATURES: [([("cluster_id", ASCENDING)], {"name": "cluster_id"})],
}


def _setting(settings: Mapping[str, Any] | Any, name: str) -> Any:
    value = settings.get(name) if settings is not None else None
    return getattr(defaults, name) if value is None else value


def configured_uri(settings: Mapping[str, Any] | Any = None) -> str | None:
    """The ``NEWSCRAWL_MONGO_URI`` environment variable, else the setting;
    None: the embedded server."""
    uri = os.environ.get("NEWSCRAWL_MONGO_URI") or _setting(settings, "NEWSCRAWL_MONGO_URI")
    return str(uri) if uri else None


def resolve_uri(settings: Mapping[str, Any] | Any = None, *, start_embedded: bool = True) -> str:
    """The MongoDB URI to use: :func:`configured_uri`, else the embedded
    server (started if needed)."""
    uri = configured_uri(settings)
    if uri:
        return uri
    server = embedded_server(settings)
    return server.start() if start_embedded else server.uri


def embedded_server(settings: Mapping[str, Any] | Any = None) -> EmbeddedServer:
    port = int(
        os.environ.get("NEWSCRAWL_EMBEDDED_PORT") or _setting(settings, "NEWSCRAWL_EMBEDDED_PORT")
    )
    return EmbeddedServer(data_dir(settings), port)


def parse_write_concern(value: Any) -> WriteConcern:
    """``"majority"`` or a number of nodes (``"1"``, ``0``)."""
    text = str(value).strip()
    return WriteConcern(w=int(text) if text.isdigit() else text)


def connect(uri: str, *, timeout_ms: int = 5000) -> MongoClient:
    """A client that returns aware UTC datetimes (``tz_aware``), so a stored
    ``published`` reads back as the same instant, not a naive local guess."""
    return MongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        appname="newscrawl",
    )


def open_database(settings: Mapping[str, Any] | Any = None) -> tuple[MongoClient, Database]:
    """Client and archive database as the settings say."""
    client = connect(
        resolve_uri(settings), timeout_ms=int(_setting(settings, "NEWSCRAWL_MONGO_TIMEOUT_MS"))
    )
    name = os.environ.get("NEWSCRAWL_MONGO_DATABASE") or _setting(
        settings, "NEWSCRAWL_MONGO_DATABASE"
    )
    return client, client[name]


def ensure_indexes(db: Database) -> None:
    """Create the archive's indexes (idempotent)."""
    for collection, indexes in INDEXES.items():
        for keys, options in indexes:
            db[collection].create_index(keys, **options)
