"""Connecting to the archive: URI resolution, client options, indexes."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from pymongo import ASCENDING, DESCENDING, MongoClient, WriteConcern
from pymongo.database import Database
from pymongo.errors import ConfigurationError, InvalidURI
from pymongo.uri_parser import parse_uri

from newscrawl.settings import defaults
from newscrawl.settings.paths import data_dir
from newscrawl.store.embedded import EmbeddedServer, EmbeddedServerError

SRV_SCHEME = "mongodb+srv://"

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


#: Embedded servers (data directory, port) this process has started or found
#: running once: it does not start them again (see ``resolve_uri``).
_EMBEDDED_SEEN: set[tuple[str, int]] = set()


def configured_uri(settings: Mapping[str, Any] | Any = None) -> str | None:
    """The ``NEWSCRAWL_MONGO_URI`` environment variable, else the setting;
    None: the embedded server."""
    uri = os.environ.get("NEWSCRAWL_MONGO_URI") or _setting(settings, "NEWSCRAWL_MONGO_URI")
    return str(uri) if uri else None


def resolve_uri(settings: Mapping[str, Any] | Any = None, *, start_embedded: bool = True) -> str:
    """The MongoDB URI to use: :func:`configured_uri`, else the embedded
    server (started if needed).

    The embedded server is started at most once per process: when a user
    stops it during a crawl (``newscrawl db stop``), the crawl's later
    connections (the store's flush at shutdown, the run record) fail and
    spool, instead of bringing back a server the user stopped."""
    uri = configured_uri(settings)
    if uri:
        return uri
    server = embedded_server(settings)
    key = (str(server.data_dir), server.port)
    if not start_embedded or key in _EMBEDDED_SEEN:
        return server.uri
    started = server.start()
    _EMBEDDED_SEEN.add(key)
    return started


def uri_problem(uri: str) -> str | None:
    """Why ``uri`` is no valid MongoDB URI, or None. Checked offline: a
    ``mongodb+srv://`` URI is read as the plain form (no DNS look-up)."""
    text = uri.strip()
    if text.startswith(SRV_SCHEME):
        text = "mongodb://" + text[len(SRV_SCHEME):]
    try:
        parse_uri(text)
    except (InvalidURI, ConfigurationError, ValueError) as exc:
        return str(exc)
    return None


def invalid_uri_message(settings: Mapping[str, Any] | Any = None) -> str | None:
    """One line for a user whose configured ``NEWSCRAWL_MONGO_URI`` is not
    valid (None when it is, or when none is set), without its password."""
    uri = configured_uri(settings)
    problem = uri_problem(uri) if uri else None
    if problem is None:
        return None
    return (f"NEWSCRAWL_MONGO_URI is not a valid MongoDB URI ({problem}); expected "
            f"mongodb://[user:password@]host[:port]/, or leave it empty for the embedded server")


def archive_problem(settings: Mapping[str, Any] | Any = None) -> str | None:
    """One line for a user whose crawl could not store anything, said before any
    fetch (None when it can): a configured ``NEWSCRAWL_MONGO_URI`` that is not
    valid, or an embedded server that cannot start (its port taken by another
    program, its data directory not writable). Starts the embedded server when no
    URI is configured, as the crawl would. A configured server that does not answer
    is not a problem here: the crawl spools its articles and says so."""
    problem = invalid_uri_message(settings)
    if problem is not None or configured_uri(settings):
        return problem
    try:
        resolve_uri(settings)
    except EmbeddedServerError as exc:
        return f"the embedded archive server cannot start: {exc}"
    return None


def redact_uri(uri: str) -> str:
    """``uri`` without password, database and options: what a spool file
    may record of the server it was meant for (and compare on replay)."""
    match = re.match(r"^(mongodb(?:\+srv)?://)(?:([^@/]*)@)?([^/?]*)", uri.strip())
    if not match:
        return ""
    scheme, userinfo, hosts = match.groups()
    user = (userinfo or "").split(":", 1)[0]
    return f"{scheme}{user + '@' if user else ''}{hosts}/"


def mask_password(uri: str) -> str:
    """``uri`` with its password replaced by ``***`` and all else kept: what an
    error message shows, so a wrong database name or option can still be seen.
    The user part ends at the last ``@``: an unescaped ``@`` in a password is
    hidden too."""
    scheme, sep, rest = uri.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at:
        return uri
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def error_reason(exc: BaseException) -> str:
    """pymongo's error as one short line. A server selection timeout's message
    goes on with the configured timeouts and the whole topology description (every
    server's state, hundreds of characters); a user needs the first part, such as
    ``127.0.0.1:27017: [Errno 111] Connection refused``."""
    return str(exc).split(" (configured timeouts", 1)[0].split(", Timeout:", 1)[0].strip()


def database_name(settings: Mapping[str, Any] | Any = None) -> str:
    return str(os.environ.get("NEWSCRAWL_MONGO_DATABASE") or _setting(settings, "NEWSCRAWL_MONGO_DATABASE"))


def target_of(settings: Mapping[str, Any] | Any = None) -> dict[str, str]:
    """The database the settings write to, as a spool file records it."""
    return {"uri": redact_uri(resolve_uri(settings, start_embedded=False)),
            "database": database_name(settings)}


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
    return client, client[database_name(settings)]


def ensure_indexes(db: Database) -> None:
    """Create the archive's indexes (idempotent)."""
    for collection, indexes in INDEXES.items():
        for keys, options in indexes:
            db[collection].create_index(keys, **options)
