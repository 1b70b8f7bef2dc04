"""Bringing stored documents to the current schema (``newscrawl db migrate``).

Schema v2 (see :mod:`newscrawl.schema`) adds ``kicker`` and ``access`` to
every article, schema v3 ``byline`` (the names the page credits, as
written). A document of an older layout gets the fields it lacks as null —
"not known": the page was extracted before these fields existed, and a
byline cannot be rebuilt from the stored ``authors`` and ``agencies`` (people
and canonical codes lose how the page wrote them, and outlets are in
neither); ``newscrawl reextract`` fills them from the stored raw page. Null
is not ``[]``, which a v3 extraction writes for a page crediting no one.
Its values are retyped as the schema says
(a date that nx-27017 turned into a string on an update becomes a date
again, a count held as text an int). Other keys are kept, so entries of
``article_versions`` (``url_id``, ``superseded_at``...) migrate the same way.

Documents are replaced whole (``ReplaceOne``), which keeps BSON types on every
MongoDB-compatible server, and only when their ``schema_version`` is still the
one read: a crawl that replaced the document meanwhile wins. Running the
migration again finds nothing to do.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymongo import ReplaceOne
from pymongo.database import Database

from newscrawl.schema import (
    ADDED_IN_V2,
    ADDED_IN_V3,
    SCHEMA,
    SCHEMA_VERSION,
    SchemaValueError,
    typed_value,
)
from newscrawl.store.mongo import ARTICLES, VERSIONS

logger = logging.getLogger(__name__)

#: Collections whose documents follow the article schema.
MIGRATED_COLLECTIONS = (ARTICLES, VERSIONS)


@dataclass
class MigrationResult:
    """What a migration did, per collection."""

    migrated: dict[str, int] = field(default_factory=dict)
    #: ``(collection, _id, field, message)`` of values that could not be
    #: retyped; they are kept as they were.
    untyped: list[tuple[str, Any, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.migrated.values())


def outdated_query() -> dict[str, Any]:
    """Documents of an older layout (v1 wrote ``schema_version: 1``, v2 ``2``)."""
    return {"$or": [{"schema_version": {"$lt": SCHEMA_VERSION}},
                    {"schema_version": {"$exists": False}}]}


def migrate_document(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The document in the current layout, and ``(field, problem)`` for each
    value that could not be read as its type (kept unchanged)."""
    out = dict(doc)
    problems = []
    for name in (*ADDED_IN_V2, *ADDED_IN_V3):
        out.setdefault(name, None)
    for schema_field in SCHEMA:
        if schema_field.name not in out:
            continue
        try:
            out[schema_field.name] = typed_value(schema_field, out[schema_field.name])
        except SchemaValueError as exc:
            problems.append((schema_field.name, str(exc)))
    out["schema_version"] = SCHEMA_VERSION
    return out, problems


def migrate_collection(db: Database, name: str, result: MigrationResult, *,
                       batch_size: int = 500, dry_run: bool = False) -> None:
    collection = db[name]
    pending: list[ReplaceOne] = []
    count = 0
    for doc in collection.find(outdated_query()).batch_size(batch_size):
        migrated, problems = migrate_document(doc)
        for field_name, message in problems:
            result.untyped.append((name, doc.get("_id"), field_name, message))
            logger.warning("%s %s: %s kept as it was: %s", name, doc.get("_id"), field_name,
                           message)
        count += 1
        if dry_run:
            continue
        pending.append(ReplaceOne({"_id": doc["_id"], "schema_version": doc.get("schema_version")},
                                  migrated))
        if len(pending) >= batch_size:
            collection.bulk_write(pending, ordered=False)
            pending = []
    if pending:
        collection.bulk_write(pending, ordered=False)
    result.migrated[name] = count


def migrate_archive(db: Database, *, batch_size: int = 500,
                    dry_run: bool = False) -> MigrationResult:
    """Bring every article and archived version to the current schema."""
    result = MigrationResult()
    for name in MIGRATED_COLLECTIONS:
        migrate_collection(db, name, result, batch_size=batch_size, dry_run=dry_run)
    return result
